/**
 * The worker entry: opens the engine over the browser's IndexedDB and exposes it to the page
 * (see expose-engine.ts).
 */
import { Engine } from '../engine/engine';
import { exposeEngine } from './expose-engine';
import type { EngineStatusMessage } from '../domain/engine-status';

void exposeEngine(self, (onChange) =>
  Engine.open({
    indexedDB,
    // Paced so a presenter sees the rewrap progress after a rotation.
    storage: { rewrap: { beforeStep: () => new Promise((resolve) => setTimeout(resolve, 150)) } },
    onChange,
    // Another tab upgraded the database: this tab's page shows why and asks for a reload.
    onStopped: (error) =>
      self.postMessage({
        keywardEngine: 'failed',
        error: error.toData(),
      } satisfies EngineStatusMessage),
  }),
).catch(() => undefined);
