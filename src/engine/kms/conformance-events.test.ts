/**
 * Conformance with Key Protect (issue 13): event action names of SPEC section 12. Calls are
 * recorded under Key Protect's current names; events stored under Keyward's earlier names keep
 * them, and the action filter finds either by either name.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { StoreTx } from '../store/store-tx';
import { actionMatches, currentActionName } from '../../domain/event-names';
import { openHarness, type Harness } from '../test/harness';
import { KeyState } from '../../domain/key-state';
import { rawEvents, rawKeys } from '../test/raw-db';

let h: Harness;
beforeEach(async () => {
  h = await openHarness();
});

const actions = async () => {
  await h.engine.flushEvents();
  return (await rawEvents(h)).map((e) => e.action);
};

describe('Key Protect conformance: event names', () => {
  it('a key whose expirationDate passes is recorded once as kms.secrets.expire by the system, and is Deactivated (3)', async () => {
    const w = h.as('writer');
    const day = 24 * 60 * 60 * 1000;
    const expiring = await h.engine.createKey(w, {
      name: 'expiring',
      extractable: false,
      expirationDate: new Date(h.clock.now + day).toISOString(),
    });
    const deleted = await h.engine.createKey(w, {
      name: 'deleted first',
      extractable: false,
      expirationDate: new Date(h.clock.now + day).toISOString(),
    });
    await h.engine.deleteKey(h.as('manager'), deleted.id);
    h.clock.advance(day);
    await h.engine.listKeys(w);
    // A later call, and another tab on the same database, record nothing more.
    await h.engine.getKeyMetadata(w, expiring.id);
    const tab = await h.openTab();
    await tab.listKeys(w);
    await tab.flushEvents();
    await tab.close();
    const events = (await rawEvents(h)).filter((e) => e.action === 'kms.secrets.expire');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      target: { keyId: expiring.id },
      initiator: { id: 'system' },
      outcome: 'success',
    });
    const stored = (await rawKeys(h)).find((k) => k.id === expiring.id);
    expect(stored?.state).toBe(KeyState.Deactivated);
    expect((await h.engine.getKeyMetadata(w, expiring.id)).state).toBe(KeyState.Deactivated);
  });

  it('with no expiration due, a call writes nothing for expiry (a full storage still answers reads, SPEC 14)', async () => {
    const w = h.as('writer');
    await h.engine.listKeys(w);
    const tab = await h.openTab();
    const puts = vi.spyOn(StoreTx.prototype, 'putMeta');
    try {
      await tab.listKeys(w);
      await tab.getSession();
      expect(puts.mock.calls.filter(([key]) => key === 'expiredThrough')).toEqual([]);
    } finally {
      puts.mockRestore();
      await tab.close();
    }
  });

  it('key calls are recorded as kms.secrets-metadata.read, kms.secrets-key-versions.list, kms.secrets-alias.create/.delete, kms.secrets.patch, kms.secrets.head', async () => {
    const w = h.as('writer');
    const m = h.as('manager');
    const key = await h.engine.createKey(w, { name: 'named', extractable: false });
    await h.engine.getKeyMetadata(w, key.id);
    await h.engine.getKeyVersions(w, key.id);
    await h.engine.createAlias(w, key.id, 'nick');
    await h.engine.deleteAlias(m, key.id, 'nick');
    await h.engine.headKeys(w);
    await h.engine.createKeyRing(w, 'team');
    await h.engine.setKeyRing(m, key.id, 'team');
    expect(await actions()).toEqual(
      expect.arrayContaining([
        'kms.secrets.create',
        'kms.secrets-metadata.read',
        'kms.secrets-key-versions.list',
        'kms.secrets-alias.create',
        'kms.secrets-alias.delete',
        'kms.secrets.head',
        'kms.key-rings.create',
        'kms.secrets.patch',
      ]),
    );
  });

  it('instance policies are recorded as kms.instance-policies.read/.write', async () => {
    await h.engine.getInstancePolicies(h.as('manager'));
    await h.engine.putInstancePolicies(h.as('manager'), { dualAuthDelete: { enabled: true } });
    expect(await actions()).toEqual(
      expect.arrayContaining(['kms.instance-policies.read', 'kms.instance-policies.write']),
    );
  });

  it('stored events keep their old names; the filter finds them by either name', () => {
    expect(currentActionName('kms.secrets.readmetadata')).toBe('kms.secrets-metadata.read');
    expect(currentActionName('cloud-object-storage.key-notification.acknowledge')).toBe(
      'kms.secrets-event.ack',
    );
    expect(currentActionName('cloud-object-storage.bucket.rewrap')).toBe(
      'cloud-object-storage.bucket-key-state.update',
    );
    expect(actionMatches('kms.secrets-metadata.read', 'kms.secrets.readmetadata')).toBe(true);
    expect(actionMatches('kms.secrets.readmetadata', 'kms.secrets-metadata.read')).toBe(true);
    expect(actionMatches('kms.key-rings.', 'kms.keyrings.create')).toBe(true);
    expect(actionMatches('kms.secrets.wrap', 'kms.secrets.readmetadata')).toBe(false);
  });
});
