import { describe, expect, it } from 'vitest';
import type { ChangeNotice } from '../../domain/notices';
import { openHarness } from '../test/harness';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
// Last-use (`usage`) notices follow the group commit of events, not this test's subject.
const eventNotices = (notices: ChangeNotice[]) => notices.filter((n) => n.topic !== 'usage');

describe('events notices', () => {
  it('a refusal announces its event; a burst of wraps announces once; reads announce nothing', async () => {
    const notices: ChangeNotice[] = [];
    const h = await openHarness({ onChange: (n) => notices.push(n) });
    const key = await h.engine.createKey(h.as('writer'), { name: 'root-1', extractable: false });
    await tick();
    notices.length = 0;

    await h.engine.listKeys(h.as('reader'));
    await h.engine.getKeyMetadata(h.as('reader'), key.id);
    await h.engine.listEvents(h.as('manager'));
    await h.engine.getKeyMetadata(h.as('reader'), 'no-such-alias').catch(() => undefined);
    await tick();
    expect(eventNotices(notices)).toEqual([]);

    await h.engine.disableKey(h.as('reader'), key.id).catch(() => undefined);
    await tick();
    expect(eventNotices(notices)).toEqual([
      { topic: 'events', instanceId: h.instanceId, keyId: key.id },
    ]);

    notices.length = 0;
    await Promise.all(Array.from({ length: 20 }, () => h.engine.wrap(h.as('reader'), key.id)));
    await tick();
    // Coalesced per task: one notice as a rule; on a loaded machine the burst's calls may reach
    // the engine over a few tasks (CI saw two), each posting one. Never one per wrap.
    const burst = eventNotices(notices);
    expect(burst.length).toBeGreaterThanOrEqual(1);
    expect(burst.length).toBeLessThan(10);
    for (const notice of burst)
      expect(notice).toEqual({ topic: 'events', instanceId: h.instanceId, keyId: key.id });
    await h.engine.close();
  });
});
