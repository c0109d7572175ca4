/**
 * Engine errors take their status from `ERROR_STATUS` (`engineError` and the named constructors
 * built on it): a scan of the engine's and the server's source for errors built by hand.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('engine errors', () => {
  it('is built by hand only where the status differs from ERROR_STATUS', () => {
    // Everything else goes through `engineError` (or a named constructor built on it), so its
    // status is the table's. The exceptions: object storage's 400 KEY_NOT_FOUND_ERR
    // (`keyCrnNotFound`); and a batch's summary error, which carries its first refused item's
    // status (wrap.ts).
    const allowed: Record<string, number> = {
      'engine/kms/service-gate.ts': 1,
      'engine/kms/wrap.ts': 1,
    };
    const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const found: Record<string, number> = {};
    for (const area of ['engine', 'server']) {
      for (const file of readdirSync(path.join(src, area), { recursive: true, encoding: 'utf8' })) {
        if (!/\.tsx?$/.test(file) || /\.test\.tsx?$/.test(file)) continue;
        const text = readFileSync(path.join(src, area, file), 'utf8');
        const count = text.match(/new EngineError\(/g)?.length ?? 0;
        if (count) found[path.posix.join(area, file.split(path.sep).join('/'))] = count;
      }
    }
    expect(found).toEqual(allowed);
  });
});
