/**
 * SPEC.md section 7, key rings: create (ids, uniqueness, the 50-ring quota, Writer), list with
 * key counts, delete (Manager; `default` never; only when every key is Destroyed, `force` moves
 * those to `default`), and moving keys between rings (Manager on both, ring-scoped policies).
 * Every refusal leaves storage as it was.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyState } from '../../domain/key-state';
import type { Key } from '../../domain/types';
import { expectError } from '../test/expect-error';
import { expectUnchanged } from '../test/expect-unchanged';
import { openHarness, type Harness } from '../test/harness';
import { storageFullOn } from '../test/storage-full';
import { addKeyRing, addUser, grant, rawEvents, rawKeys, readAll, snapshot } from '../test/raw-db';
import { MAX_KEY_RINGS } from './key-rings';

let h: Harness;
const m = () => h.as('manager');
afterEach(() => {
  vi.restoreAllMocks();
});
const w = () => h.as('writer');
const iso = (ms: number) => new Date(ms).toISOString();

beforeEach(async () => {
  h = await openHarness();
});

async function ringIds(): Promise<string[]> {
  return (await h.engine.listKeyRings(h.as('reader'))).keyRings.map((r) => r.id);
}

describe('createKeyRing', () => {
  it('creates a ring (Writer), listed with its creator, date and counts, audited', async () => {
    const ring = await h.engine.createKeyRing(w(), 'payments-eu');
    expect(ring).toEqual({
      id: 'payments-eu',
      creationDate: iso(h.clock.now),
      createdBy: 'user-writer',
      keyCount: 0,
      deletedKeyCount: 0,
    });
    const { keyRings, total } = await h.engine.listKeyRings(h.as('reader'));
    expect(total).toBe(2);
    expect(keyRings.map((r) => r.id)).toEqual(['default', 'payments-eu']);
    await h.engine.flushEvents();
    const event = (await rawEvents(h)).find((e) => e.action === 'kms.key-rings.create');
    expect(event).toMatchObject({
      outcome: 'success',
      initiator: { id: 'user-writer', roles: ['Writer'] },
      target: { instanceId: h.instanceId },
    });
    expect(event?.target.crn).toMatch(/:key-ring:payments-eu$/);
    // New keys can go in it.
    const key = await h.engine.createKey(w(), {
      name: 'k1',
      extractable: false,
      keyRingID: 'payments-eu',
    });
    expect(key.keyRingID).toBe('payments-eu');
  });

  it.each([
    ['a', 'use 2–100 characters (this has 1)'],
    ['x'.repeat(101), 'use 2–100 characters (this has 101)'],
    ['bad_ring', 'use only letters, digits and "-"'],
    ['with space', 'use only letters, digits and "-"'],
    ['', 'is required'],
  ])('refuses the id %j: 400 INVALID_FIELD_ERR, nothing stored', async (id, problem) => {
    await h.engine.flushEvents();
    const before = await snapshot(h);
    const e = await expectError(h.engine.createKeyRing(w(), id), 400, 'INVALID_FIELD_ERR');
    expect(e.message).toBe(`keyRingID: ${problem}`);
    await expectUnchanged(h, before, 'INVALID_FIELD_ERR');
  });

  it('accepts ids of 2 and 100 characters, letters, digits and "-"', async () => {
    await h.engine.createKeyRing(w(), 'ab');
    await h.engine.createKeyRing(w(), 'A-1'.padEnd(100, 'z'));
    expect((await ringIds()).length).toBe(3);
  });

  it('a duplicate id is 409 DUPLICATE_KEY_RING_ERR (default too), nothing stored', async () => {
    await h.engine.createKeyRing(w(), 'dup');
    await h.engine.flushEvents();
    const before = await snapshot(h);
    const e = await expectError(h.engine.createKeyRing(m(), 'dup'), 409, 'DUPLICATE_KEY_RING_ERR');
    expect(e.message).toBe(
      'A key ring named "dup" already exists in this instance; choose another id.',
    );
    await expectUnchanged(h, before, 'DUPLICATE_KEY_RING_ERR');
    await expectError(h.engine.createKeyRing(m(), 'default'), 409, 'DUPLICATE_KEY_RING_ERR');
  });

  it('at most 50 rings per instance besides default: the 51st is 400 KEY_RING_QUOTA_ERR', async () => {
    for (let i = 1; i <= MAX_KEY_RINGS; i++) await h.engine.createKeyRing(w(), `ring-${i}`);
    expect((await ringIds()).length).toBe(51);
    await h.engine.flushEvents();
    const before = await snapshot(h);
    const e = await expectError(h.engine.createKeyRing(w(), 'one-more'), 400, 'KEY_RING_QUOTA_ERR');
    expect(e.message).toBe(
      'An instance can have at most 50 key rings besides default; delete an unused ring first.',
    );
    await expectUnchanged(h, before, 'KEY_RING_QUOTA_ERR');
    // Deleting one makes room again.
    await h.engine.deleteKeyRing(m(), 'ring-7');
    await h.engine.createKeyRing(w(), 'one-more');
  });

  it('needs Writer on the instance: Reader, and a Writer scoped to one ring, are refused', async () => {
    const e = await expectError(
      h.engine.createKeyRing(h.as('reader'), 'nope'),
      401,
      'UNAUTHORIZED_ERR',
    );
    expect(e.message).toBe(
      'Rhea Reader may not create key rings in this instance: this needs the Writer role.',
    );
    await addKeyRing(h, 'team');
    await addUser(h, 'user-ring-writer', 'Rina RingWriter');
    await grant(h, 'user-ring-writer', 'Writer', { keyRingID: 'team' });
    const tab = await h.openTab();
    await expectError(
      tab.createKeyRing(h.asUser('user-ring-writer'), 'other'),
      401,
      'UNAUTHORIZED_ERR',
    );
    const rings = await readAll<{ id: string; instanceId: string }>(h, 'keyRings');
    expect(
      rings
        .filter((r) => r.instanceId === h.instanceId)
        .map((r) => r.id)
        .sort(),
    ).toEqual(['default', 'team']);
  });
});

describe('listKeyRings', () => {
  it('counts every key of each ring, and the deleted ones apart', async () => {
    await h.engine.createKeyRing(w(), 'team');
    const keys: Key[] = [];
    for (const [name, ring] of [
      ['key-a', 'team'],
      ['key-b', 'team'],
      ['key-c', 'team'],
      ['key-d', 'default'],
    ] as const)
      keys.push(await h.engine.createKey(w(), { name, extractable: false, keyRingID: ring }));
    await h.engine.deleteKey(m(), keys[0]?.id ?? '');
    const { keyRings } = await h.engine.listKeyRings(h.as('reader'));
    expect(keyRings.map((r) => [r.id, r.keyCount, r.deletedKeyCount])).toEqual([
      ['default', 1, 0],
      ['team', 3, 1],
    ]);
  });
});

describe('deleteKeyRing', () => {
  let key: Key;
  beforeEach(async () => {
    await h.engine.createKeyRing(w(), 'team');
    key = await h.engine.createKey(w(), { name: 'in-team', extractable: false, keyRingID: 'team' });
  });

  it('an empty ring is deleted (Manager), audited', async () => {
    await h.engine.createKeyRing(w(), 'empty');
    await h.engine.deleteKeyRing(m(), 'empty');
    expect(await ringIds()).toEqual(['default', 'team']);
    await h.engine.flushEvents();
    expect((await rawEvents(h)).at(-2)).toMatchObject({
      action: 'kms.key-rings.delete',
      outcome: 'success',
      initiator: { id: 'user-manager' },
    });
  });

  it('a ring with keys that are not deleted is 409 KEY_RING_NOT_EMPTY_ERR, saying how many', async () => {
    await h.engine.createKey(w(), { name: 'second', extractable: true, keyRingID: 'team' });
    const disabled = await h.engine.createKey(w(), {
      name: 'third',
      extractable: false,
      keyRingID: 'team',
    });
    await h.engine.disableKey(m(), disabled.id);
    await h.engine.flushEvents();
    const before = await snapshot(h);
    const e = await expectError(
      h.engine.deleteKeyRing(m(), 'team', { force: true }),
      409,
      'KEY_RING_NOT_EMPTY_ERR',
    );
    expect(e.message).toBe(
      'Key ring "team" holds 3 keys that are not deleted; delete them (or move them to another ring) first.',
    );
    await expectUnchanged(h, before, 'KEY_RING_NOT_EMPTY_ERR');
  });

  it('with only deleted keys: refused without force; force moves them to default', async () => {
    await h.engine.deleteKey(m(), key.id);
    await h.engine.flushEvents();
    const before = await snapshot(h);
    const e = await expectError(h.engine.deleteKeyRing(m(), 'team'), 409, 'KEY_RING_NOT_EMPTY_ERR');
    expect(e.message).toBe(
      'Key ring "team" still holds 1 deleted key; delete with force to move it to the "default" ring.',
    );
    await expectUnchanged(h, before, 'KEY_RING_NOT_EMPTY_ERR');
    await h.engine.deleteKeyRing(m(), 'team', { force: true });
    expect(await ringIds()).toEqual(['default']);
    const moved = await h.engine.getKeyMetadata(m(), key.id);
    expect(moved).toMatchObject({ keyRingID: 'default', state: KeyState.Destroyed });
    // Restorable in its new ring (30 s after its deletion).
    h.clock.advance(30_000);
    expect((await h.engine.restoreKey(m(), key.id)).keyRingID).toBe('default');
  });

  it('storage full while force moves keys: nothing moves, the ring stays (507)', async () => {
    const second = await h.engine.createKey(w(), {
      name: 'second',
      extractable: false,
      keyRingID: 'team',
    });
    await h.engine.deleteKey(m(), key.id);
    await h.engine.deleteKey(m(), second.id);
    await h.engine.flushEvents();
    const before = await snapshot(h);
    // The first key's move is written, the second's fails: the transaction must drop both.
    let puts = 0;
    const proto = IDBObjectStore.prototype;
    const original = proto.put;
    vi.spyOn(proto, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (this.name === 'keys' && ++puts === 2)
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return original.apply(this, args);
    });
    await expectError(
      h.engine.deleteKeyRing(m(), 'team', { force: true }),
      507,
      'STORAGE_FULL_ERR',
    );
    vi.restoreAllMocks();
    expect(puts).toBe(2);
    await expectUnchanged(h, before, 'STORAGE_FULL_ERR');
    expect(await ringIds()).toEqual(['default', 'team']);
  });

  it('storage full on the ring store: creating a ring stores nothing (507)', async () => {
    await h.engine.flushEvents();
    const before = await snapshot(h);
    const restore = storageFullOn('keyRings');
    try {
      await expectError(h.engine.createKeyRing(w(), 'no-room'), 507, 'STORAGE_FULL_ERR');
    } finally {
      restore();
    }
    await expectUnchanged(h, before, 'STORAGE_FULL_ERR');
  });

  it('default can never be deleted', async () => {
    await h.engine.flushEvents();
    const before = await snapshot(h);
    const e = await expectError(
      h.engine.deleteKeyRing(m(), 'default', { force: true }),
      400,
      'INVALID_FIELD_ERR',
    );
    expect(e.message).toBe(
      'keyRingID: the "default" key ring always exists and cannot be deleted.',
    );
    await expectUnchanged(h, before, 'INVALID_FIELD_ERR');
  });

  it('an unknown ring is 404 KEY_RING_NOT_FOUND_ERR; a bad force is 400', async () => {
    const e = await expectError(h.engine.deleteKeyRing(m(), 'nope'), 404, 'KEY_RING_NOT_FOUND_ERR');
    expect(e.message).toBe('Key ring "nope" does not exist in this instance.');
    await expectError(
      h.engine.deleteKeyRing(m(), 'team', { force: 'yes' as unknown as boolean }),
      400,
      'INVALID_FIELD_ERR',
    );
  });

  it('needs Manager (Writer refused); a Manager of that ring only may delete it', async () => {
    await h.engine.createKeyRing(w(), 'empty');
    const e = await expectError(h.engine.deleteKeyRing(w(), 'empty'), 401, 'UNAUTHORIZED_ERR');
    expect(e.message).toBe(
      'Wren Writer may not delete key ring "empty": this needs the Manager role.',
    );
    await addUser(h, 'user-ring-manager', 'Mia RingManager');
    await grant(h, 'user-ring-manager', 'Manager', { keyRingID: 'empty' });
    const tab = await h.openTab();
    await expectError(
      tab.deleteKeyRing(h.asUser('user-ring-manager'), 'team'),
      401,
      'UNAUTHORIZED_ERR',
    );
    await tab.deleteKeyRing(h.asUser('user-ring-manager'), 'empty');
    expect(await ringIds()).toEqual(['default', 'team']);
  });

  it('force that would move keys into default needs Manager on default too', async () => {
    await h.engine.deleteKey(m(), key.id);
    await addUser(h, 'user-ring-manager', 'Mia RingManager');
    await grant(h, 'user-ring-manager', 'Manager', { keyRingID: 'team' });
    const tab = await h.openTab();
    await tab.flushEvents();
    const before = await snapshot(h);
    const e = await expectError(
      tab.deleteKeyRing(h.asUser('user-ring-manager'), 'team', { force: true }),
      401,
      'UNAUTHORIZED_ERR',
    );
    expect(e.message).toMatch(/key ring "default": this needs the Manager role\.$/);
    await tab.flushEvents();
    expect((await snapshot(h)).keys).toEqual(before.keys);
    expect((await snapshot(h)).keyRings).toEqual(before.keyRings);
  });
});

describe('deleting a ring ends what was scoped to it', () => {
  it('ring-scoped access policies and authorizations go with the ring, never apply to a new ring of the same id', async () => {
    const admin = h.as('admin');
    await h.engine.createKeyRing(w(), 'scoped');
    await addUser(h, 'user-ring-writer', 'Rory RingWriter');
    const tab = await h.openTab();
    const policy = await tab.grantAccess(admin, {
      userId: 'user-ring-writer',
      role: 'Writer',
      scope: { instanceId: h.instanceId, keyRingID: 'scoped' },
    });
    const session = await tab.getSession();
    const cos = session.instances.find((i) => i.kind === 'cos');
    if (!cos) throw new Error('no cos instance');
    const auth = await tab.createAuthorization(admin, {
      sourceInstanceId: cos.id,
      targetInstanceId: h.instanceId,
      keyRingID: 'scoped',
      role: 'Reader',
    });
    await tab.deleteKeyRing(m(), 'scoped');
    expect((await readAll<{ id: string }>(h, 'accessPolicies')).map((p) => p.id)).not.toContain(
      policy.id,
    );
    expect((await readAll<{ id: string }>(h, 'authorizations')).map((a) => a.id)).not.toContain(
      auth.id,
    );
    // A new ring with the same id starts with nobody's rules on it, in every tab.
    await h.engine.createKeyRing(w(), 'scoped');
    await expectError(
      h.engine.createKey(h.asUser('user-ring-writer'), {
        name: 'again',
        extractable: false,
        keyRingID: 'scoped',
      }),
      401,
      'UNAUTHORIZED_ERR',
    );
    expect(
      (await h.engine.listAuthorizations(admin)).authorizations.map((a) => a.id),
    ).not.toContain(auth.id);
  });
});

describe('setKeyRing (move a key)', () => {
  let key: Key;
  beforeEach(async () => {
    await h.engine.createKeyRing(w(), 'ring-a');
    await h.engine.createKeyRing(w(), 'ring-b');
    key = await h.engine.createKey(w(), {
      name: 'mover',
      extractable: false,
      keyRingID: 'ring-a',
      aliases: ['mover'],
    });
  });

  it('moves a key (by id or alias), audited on the key; it keeps working in its new ring', async () => {
    const { ciphertext } = await h.engine.wrap(m(), key.id);
    const moved = await h.engine.setKeyRing(m(), 'mover', 'ring-b');
    expect(moved).toMatchObject({
      id: key.id,
      keyRingID: 'ring-b',
      lastUpdateDate: iso(h.clock.now),
    });
    expect((await h.engine.unwrap(m(), key.id, { ciphertext })).keyVersion.id).toBe(
      key.keyVersion.id,
    );
    const listed = await h.engine.listKeys(m(), { keyRingID: 'ring-b' });
    expect(listed.keys.map((k) => k.id)).toEqual([key.id]);
    expect((await h.engine.listKeys(m(), { keyRingID: 'ring-a' })).total).toBe(0);
    await h.engine.flushEvents();
    expect((await rawEvents(h)).find((e) => e.action === 'kms.secrets.patch')).toMatchObject({
      outcome: 'success',
      target: { keyId: key.id, crn: key.crn },
    });
  });

  it('refuses an unknown ring (404), the same ring (400) and a deleted key (409); nothing changes', async () => {
    await h.engine.flushEvents();
    let before = await snapshot(h);
    await expectError(h.engine.setKeyRing(m(), key.id, 'nope'), 404, 'KEY_RING_NOT_FOUND_ERR');
    await expectUnchanged(h, before, 'KEY_RING_NOT_FOUND_ERR');
    await h.engine.flushEvents();
    before = await snapshot(h);
    const same = await expectError(
      h.engine.setKeyRing(m(), key.id, 'ring-a'),
      400,
      'INVALID_FIELD_ERR',
    );
    expect(same.message).toBe('keyRingID: the key is already in key ring "ring-a"');
    await expectUnchanged(h, before, 'INVALID_FIELD_ERR');
    await expectError(h.engine.setKeyRing(m(), key.id, 'bad ring'), 400, 'INVALID_FIELD_ERR');
    await h.engine.deleteKey(m(), key.id);
    await h.engine.flushEvents();
    before = await snapshot(h);
    await expectError(
      h.engine.setKeyRing(m(), key.id, 'ring-b'),
      409,
      'KEY_ACTION_INVALID_STATE_ERR',
    );
    await expectUnchanged(h, before, 'KEY_ACTION_INVALID_STATE_ERR');
  });

  it('needs Manager: Writer and Reader are refused', async () => {
    for (const persona of ['writer', 'reader'] as const) {
      const e = await expectError(
        h.engine.setKeyRing(h.as(persona), key.id, 'ring-b'),
        401,
        'UNAUTHORIZED_ERR',
      );
      expect(e.message).toMatch(/this needs the Manager role\.$/);
    }
    expect((await rawKeys(h))[0]?.keyRingID).toBe('ring-a');
  });

  it('Manager on ring A only cannot move into ring B; Manager on both can', async () => {
    await addUser(h, 'user-a', 'Abe RingA');
    await grant(h, 'user-a', 'Manager', { keyRingID: 'ring-a' });
    let tab = await h.openTab();
    await tab.flushEvents();
    const before = await snapshot(h);
    const e = await expectError(
      tab.setKeyRing(h.asUser('user-a'), key.id, 'ring-b'),
      401,
      'UNAUTHORIZED_ERR',
    );
    expect(e.message).toBe(
      'Abe RingA may not move keys into key ring "ring-b": this needs the Manager role.',
    );
    await tab.flushEvents();
    expect((await snapshot(h)).keys).toEqual(before.keys);
    // Manager on ring B only: cannot take the key out of ring A.
    await addUser(h, 'user-b', 'Bea RingB');
    await grant(h, 'user-b', 'Manager', { keyRingID: 'ring-b' });
    tab = await h.openTab();
    await expectError(
      tab.setKeyRing(h.asUser('user-b'), key.id, 'ring-b'),
      401,
      'UNAUTHORIZED_ERR',
    );
    // A Manager of this one key (not of ring B) cannot move it there either.
    await addUser(h, 'user-k', 'Kit KeyManager');
    await grant(h, 'user-k', 'Manager', { keyId: key.id });
    tab = await h.openTab();
    await expectError(
      tab.setKeyRing(h.asUser('user-k'), key.id, 'ring-b'),
      401,
      'UNAUTHORIZED_ERR',
    );
    // Both rings: allowed; afterwards ring A's Manager no longer reaches the key.
    await grant(h, 'user-a', 'Manager', { keyRingID: 'ring-b' });
    tab = await h.openTab();
    await tab.setKeyRing(h.asUser('user-a'), key.id, 'ring-b');
    expect((await rawKeys(h))[0]?.keyRingID).toBe('ring-b');
  });
});
