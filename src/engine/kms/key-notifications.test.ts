/**
 * A failed acknowledgement of a key's lifecycle notification (SPEC 10, 15) is a dashboard
 * notification: the delivery that records it tells consoles, with a `keys` notice of the key
 * posted after it commits, so their notifications refetch without waiting for something else.
 *
 * The delivery here is another engine's: the key change is made by an engine whose writes stop
 * once the change (and its outbox record) committed, so its own delivery never happens; the next
 * tab to open delivers it, and the only `keys` notice of the key the first tab hears is that
 * delivery's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeNotice } from '../../domain/notices';
import type { Engine } from '../engine';
import { openDyingTab } from '../test/dying-tab';
import { openHarness, type Harness } from '../test/harness';
import { readAll } from '../test/raw-db';

const open: Engine[] = [];

afterEach(async () => {
  for (const engine of open.splice(0).reverse()) await engine.close();
});

/** An engine over the harness's database that cannot write again once it wrote a key notice. */
async function engineThatStopsAfterKeyChange(h: Harness): Promise<Engine> {
  const { engine } = await openDyingTab(h, { after: 'putKeyNotice', stops: 'refuse-writes' });
  open.push(engine);
  return engine;
}

describe('a failed acknowledgement', () => {
  it.each([
    [
      'no service owns the resource',
      'crn:v1:keyward:public:no-such-service:global:a/x:b:thing:t1',
      'No service owns crn:v1:keyward:public:no-such-service:global:a/x:b:thing:t1',
    ],
    [
      'its owner refuses (no such bucket)',
      'crn:v1:keyward:public:cloud-object-storage:global:a/x:b:bucket:ghost',
      'No bucket crn:v1:keyward:public:cloud-object-storage:global:a/x:b:bucket:ghost.',
    ],
  ])(
    'when %s, tells other tabs of the key and is listed in the notifications',
    async (_case, resourceCrn, message) => {
      const heard: ChangeNotice[] = [];
      const h = await openHarness({ linked: true, onChange: (n) => heard.push(n) });
      open.push(h.engine);
      const changer = await engineThatStopsAfterKeyChange(h);
      const key = await changer.createKey(h.as('writer'), { name: 'unacked', extractable: false });
      await changer.registerResource(key.id, resourceCrn, false);
      await changer.disableKey(h.as('manager'), key.id);
      // The change committed with its outbox record; its engine could not deliver it.
      expect(await readAll(h, 'keyNotices')).toHaveLength(1);
      const ofKey = () => heard.filter((n) => n.topic === 'keys' && n.keyId === key.id);
      expect(ofKey()).toEqual([]);
      expect((await h.engine.getNotifications(h.as('reader'))).notifications).toEqual([]);

      // The next tab delivers it on opening: the acknowledgement fails, and the first tab hears.
      open.push(await h.openTab());
      await h.settle();
      expect(await readAll(h, 'keyNotices')).toEqual([]);
      expect(ofKey()).toEqual([{ topic: 'keys', instanceId: h.instanceId, keyId: key.id }]);
      const { notifications } = await h.engine.getNotifications(h.as('reader'));
      expect(notifications).toEqual([
        expect.objectContaining({
          kind: 'ack-failed',
          keyId: key.id,
          keyName: 'unacked',
          message: `A service failed to acknowledge a lifecycle change of key unacked: ${message}`,
        }),
      ]);
    },
  );

  it('a delivery every owner acknowledges posts no notice of the key', async () => {
    const heard: ChangeNotice[] = [];
    const h = await openHarness({ linked: true, onChange: (n) => heard.push(n) });
    open.push(h.engine);
    const cos = (await h.engine.getSession()).instances.find((i) => i.kind === 'cos')?.id ?? '';
    const changer = await engineThatStopsAfterKeyChange(h);
    const key = await changer.createKey(h.as('manager'), { name: 'acked', extractable: false });
    await changer.createAuthorization(h.as('admin'), {
      sourceInstanceId: cos,
      targetInstanceId: h.instanceId,
      role: 'Reader',
    });
    await changer.createBucket(
      { userId: 'user-writer', instanceId: cos },
      { name: 'photos', encryption: { type: 'customer', keyCrn: key.crn } },
    );
    await changer.disableKey(h.as('manager'), key.id);
    expect(await readAll(h, 'keyNotices')).toHaveLength(1);

    open.push(await h.openTab());
    await h.settle();
    expect(await readAll(h, 'keyNotices')).toEqual([]);
    expect(heard.filter((n) => n.topic === 'keys' && n.keyId === key.id)).toEqual([]);
    expect((await h.engine.getNotifications(h.as('reader'))).notifications).toEqual([]);
  });
});
