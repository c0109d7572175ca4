/**
 * Hiding routine reads (issue 15): `listEvents` with `routineReads: false` leaves out successful
 * list and metadata reads in the engine, before paging, so pages and totals stay exact; refused
 * reads, crypto operations and changes stay; the count left out is returned. Each page names the
 * keys its events aim at.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ListEventsQuery } from '../../domain/api';
import { EngineError } from '../../domain/errors';
import { isRoutineRead } from '../../domain/routine-reads';
import type { AuditEvent, Key } from '../../domain/types';
import { openHarness, type Harness } from '../test/harness';

let h: Harness;
let key: Key;
let other: Key;

beforeEach(async () => {
  h = await openHarness();
  const manager = h.as('manager');
  key = await h.engine.createKey(manager, { name: 'payroll-root', extractable: false });
  other = await h.engine.createKey(manager, { name: 'backup-root', extractable: false });
  // What the console does to draw its pages, several times over.
  for (let i = 0; i < 3; i++) {
    await h.engine.listKeys(manager);
    await h.engine.getKeyMetadata(manager, key.id);
    await h.engine.listKeyRings(manager);
  }
  await h.engine.wrap(h.as('reader'), key.id);
  await h.engine.disableKey(manager, other.id);
  // A refused read: a custodian holds no role on the Key Protect instance.
  await expect(h.engine.listKeys(h.as('custodian1'))).rejects.toBeInstanceOf(EngineError);
});

async function all(query: ListEventsQuery = {}): Promise<AuditEvent[]> {
  return (await h.engine.listEvents(h.as('admin'), { ...query, limit: 5000 })).events;
}

describe('listEvents with routineReads: false', () => {
  it('leaves out exactly the routine reads, counting them, and keeps the rest in order', async () => {
    const everything = await all();
    // The listing above is itself a routine read, recorded after it answered.
    const hiding = await h.engine.listEvents(h.as('admin'), { routineReads: false, limit: 5000 });
    const kept = everything.filter((e) => !isRoutineRead(e));
    expect(hiding.events.map((e) => e.id)).toEqual(kept.map((e) => e.id));
    expect(hiding.total).toBe(kept.length);
    expect(hiding.routineReadsHidden).toBe(everything.length - kept.length + 1);
    expect(hiding.events.some(isRoutineRead)).toBe(false);

    const actions = hiding.events.map((e) => e.action);
    expect(actions).toContain('kms.secrets.create');
    expect(actions).toContain('kms.secrets.wrap');
    expect(actions).toContain('kms.secrets.disable');
    expect(actions).not.toContain('kms.secrets-metadata.read');
    expect(actions).not.toContain('kms.key-rings.list');
    // The refused list stays: a denied read is what an auditor looks for.
    const refused = hiding.events.filter((e) => e.action === 'kms.secrets.list');
    expect(refused.map((e) => [e.outcome, e.initiator.id])).toEqual([
      ['failure', 'user-custodian-1'],
    ]);
  });

  it('pages through the same events as one long page, with the same total on every page', async () => {
    const whole = await h.engine.listEvents(h.as('admin'), { routineReads: false, limit: 5000 });
    const ids: string[] = [];
    for (let offset = 0; offset < whole.total; offset += 2) {
      const page = await h.engine.listEvents(h.as('admin'), {
        routineReads: false,
        offset,
        limit: 2,
      });
      expect(page.total).toBe(whole.total);
      ids.push(...page.events.map((e) => e.id));
    }
    expect(ids).toEqual(whole.events.map((e) => e.id));
  });

  it('combines with the other filters, on the key index too', async () => {
    const lists = await h.engine.listEvents(h.as('admin'), {
      action: 'kms.secrets.list',
      routineReads: false,
    });
    expect(lists.events.map((e) => e.outcome)).toEqual(['failure']);
    expect(lists.routineReadsHidden).toBe(3);

    const ofKey = await h.engine.listEvents(h.as('admin'), {
      target: key.id,
      routineReads: false,
      newestFirst: false,
    });
    expect(ofKey.events.map((e) => e.action)).toEqual(['kms.secrets.create', 'kms.secrets.wrap']);
    expect(ofKey.routineReadsHidden).toBe(3);
  });

  it('is not the default: without it every event is listed and nothing is counted as hidden', async () => {
    const list = await h.engine.listEvents(h.as('admin'), { action: 'kms.secrets-metadata.read' });
    expect(list.total).toBe(3);
    expect(list.routineReadsHidden).toBeUndefined();
    const shown = await h.engine.listEvents(h.as('admin'), {
      action: 'kms.secrets-metadata.read',
      routineReads: true,
    });
    expect(shown.total).toBe(3);
  });

  it('refuses a value that is not a boolean, recording the refusal', async () => {
    const query = { routineReads: 'no' } as unknown as ListEventsQuery;
    await expect(h.engine.listEvents(h.as('admin'), query)).rejects.toMatchObject({
      status: 400,
      code: 'INVALID_FIELD_ERR',
    });
  });
});

describe('listEvents names the keys its events aim at', () => {
  it('maps each key id on the page to its name', async () => {
    const list = await h.engine.listEvents(h.as('admin'), { routineReads: false, limit: 5000 });
    expect(list.keyNames).toEqual({ [key.id]: 'payroll-root', [other.id]: 'backup-root' });
    const one = await h.engine.listEvents(h.as('admin'), { target: other.id });
    expect(one.keyNames).toEqual({ [other.id]: 'backup-root' });
  });

  it('has no name for a purged key (its id stays an id)', async () => {
    await h.engine.deleteKey(h.as('manager'), other.id);
    h.clock.advance(31 * 86_400_000);
    await h.engine.purgeKey(h.as('admin'), other.id);
    const list = await h.engine.listEvents(h.as('admin'), { routineReads: false, limit: 5000 });
    expect(list.events.some((e) => e.target.keyId === other.id)).toBe(true);
    expect(list.keyNames).toEqual({ [key.id]: 'payroll-root' });
  });
});

describe('isRoutineRead', () => {
  it('covers old names and hpcs names of routine reads, never failures or data reads', () => {
    const ok = (action: string) => isRoutineRead({ action, outcome: 'success' });
    expect(ok('kms.secrets.list')).toBe(true);
    expect(ok('hs-crypto.secrets.list')).toBe(true);
    expect(ok('kms.secrets.readmetadata')).toBe(true);
    expect(ok('cloud-object-storage.object.list')).toBe(true);
    expect(ok('keyward.session.read')).toBe(true);
    expect(isRoutineRead({ action: 'kms.secrets.list', outcome: 'failure' })).toBe(false);
    for (const action of [
      'kms.secrets.read',
      'kms.secrets.wrap',
      'kms.import-token.read',
      'cloud-object-storage.object.read',
      'hs-crypto.tke-cryptounit.reset',
      'keyward.backup.export',
    ])
      expect([action, ok(action)]).toEqual([action, false]);
  });
});
