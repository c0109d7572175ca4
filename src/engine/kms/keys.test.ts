/**
 * SPEC.md section 3: creating keys and every input rule with its boundaries, aliases, reading
 * keys and payloads, versions, and listing (paging, filters, sorting, search, totals).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CreateKeyRequest, ListKeysQuery } from '../../domain/api';
import { KeyState } from '../../domain/key-state';
import { DAY, SECOND } from '../../domain/time';
import type { Key } from '../../domain/types';
import { decodeBase64 } from '../../domain/validation';
import { expectError } from '../test/expect-error';
import { openHarness, type Harness } from '../test/harness';
import {
  addKeyRing,
  addUser,
  grant,
  putRecords,
  rawKeys,
  rawVersions,
  readAll,
} from '../test/raw-db';

let h: Harness;
beforeEach(async () => {
  h = await openHarness();
});

const create = (req: Partial<CreateKeyRequest> = {}) =>
  h.engine.createKey(h.as('writer'), { name: 'my key', extractable: false, ...req });

describe('createKey', () => {
  it('creates a root key with every field of the spec', async () => {
    const session = await h.engine.getSession();
    const key = await h.engine.createKey(h.as('writer'), {
      name: 'payments',
      description: 'wraps the payment DEKs',
      extractable: false,
      aliases: ['pay', 'pay-2'],
    });
    const now = new Date(h.clock.now).toISOString();
    expect(key).toEqual({
      id: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
      instanceId: h.instanceId,
      name: 'payments',
      description: 'wraps the payment DEKs',
      aliases: ['pay', 'pay-2'],
      keyRingID: 'default',
      state: KeyState.Active,
      extractable: false,
      imported: false,
      crn: `crn:v1:keyward:public:kms:us-south:a/${session.account.id}:${h.instanceId}:key:${key.id}`,
      creationDate: now,
      createdBy: 'user-writer',
      lastUpdateDate: now,
      keyVersion: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), creationDate: now },
      dualAuthDelete: { enabled: false, keySetForDeletion: false },
      deleted: false,
      restoreAllowed: false,
      purgeAllowed: false,
    });
    expect(await h.engine.getKeyMetadata(h.as('reader'), key.id)).toEqual(key);
  });

  it('creates a standard key with a 256-bit payload, stored enciphered', async () => {
    const key = await create({ extractable: true });
    expect(key.extractable).toBe(true);
    const { payload } = await h.engine.getKey(h.as('manager'), key.id);
    const bytes = decodeBase64('payload', payload);
    expect(bytes.length).toBe(32);
    const [stored] = await rawVersions(h);
    // IV (12) + sealed material (32) + GCM tag (16); the payload appears nowhere in it.
    expect(stored?.material.length).toBe(60);
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    expect(hex(stored?.material ?? new Uint8Array())).not.toContain(hex(bytes.subarray(0, 8)));
  });

  it('generates different material for every key', async () => {
    const a = await h.engine.getKey(h.as('manager'), (await create({ extractable: true })).id);
    const b = await h.engine.getKey(h.as('manager'), (await create({ extractable: true })).id);
    expect(a.payload).not.toBe(b.payload);
  });

  it('sets an expiration date in the future', async () => {
    const key = await create({ expirationDate: '2026-03-01T00:00:00Z' });
    expect(key.expirationDate).toBe('2026-03-01T00:00:00.000Z');
  });

  it('names need not be unique', async () => {
    await create({ name: 'same' });
    await create({ name: 'same' });
    expect((await h.engine.listKeys(h.as('reader'))).total).toBe(2);
  });

  describe('refuses bad input with 400 INVALID_FIELD_ERR and stores nothing', () => {
    const cases: [string, Partial<CreateKeyRequest>, string][] = [
      ['a 1-character name', { name: 'k' }, 'name: use 2–90 characters (this has 1)'],
      ['a 91-character name', { name: 'n'.repeat(91) }, 'name: use 2–90 characters (this has 91)'],
      ['a blank name', { name: '   ' }, 'name: a name is required'],
      [
        'a name with a right-to-left override',
        { name: 'pay\u202ellor' },
        'name: remove the invisible control character U+202E',
      ],
      [
        'a description with a line break',
        { description: 'first\nsecond' },
        'description: remove the invisible control character U+000A',
      ],
      [
        'a 241-character description',
        { description: 'd'.repeat(241) },
        'description: use 2–240 characters (this has 241)',
      ],
      [
        'a 1-character description',
        { description: 'd' },
        'description: use 2–240 characters (this has 1)',
      ],
      [
        'a missing extractable flag',
        { extractable: undefined as unknown as boolean },
        'extractable: must be true (standard key) or false (root key)',
      ],
      ['a 1-character alias', { aliases: ['a'] }, 'aliases[0]: use 2–90 characters (this has 1)'],
      [
        'a 91-character alias',
        { aliases: ['ok', 'a'.repeat(91)] },
        'aliases[1]: use 2–90 characters (this has 91)',
      ],
      [
        'an alias with a dot',
        { aliases: ['my.alias'] },
        'aliases[0]: use only letters, digits, "_" and "-"',
      ],
      [
        'a UUID-shaped alias',
        { aliases: ['0f8fad5b-d9cb-469f-a165-70867728950e'] },
        'aliases[0]: an alias cannot have the form of a key id (UUID)',
      ],
      ['a reserved alias', { aliases: ['Versions'] }, 'aliases[0]: "Versions" is a reserved word'],
      ['the same alias twice', { aliases: ['twice', 'twice'] }, 'aliases: list each alias once'],
      [
        'a bad key ring id',
        { keyRingID: 'no_underscores' },
        'keyRingID: use only letters, digits and "-"',
      ],
      [
        'a 1-character key ring id',
        { keyRingID: 'x' },
        'keyRingID: use 2–100 characters (this has 1)',
      ],
      [
        'a past expiration',
        { expirationDate: '2025-12-31T00:00:00Z' },
        'expirationDate: must be in the future',
      ],
      [
        'an expiration of now',
        { expirationDate: '2026-01-01T00:00:00Z' },
        'expirationDate: must be in the future',
      ],
      [
        'a non-date expiration',
        { expirationDate: 'soon' },
        'expirationDate: must be an ISO 8601 date',
      ],
    ];
    it.each(cases)('%s', async (_label, req, message) => {
      const error = await expectError(create(req), 400, 'INVALID_FIELD_ERR');
      expect(error.message.startsWith(message)).toBe(true);
      expect(await rawKeys(h)).toEqual([]);
      expect(await readAll(h, 'aliases')).toEqual([]);
    });
  });

  it('accepts the boundary values: 2 and 90 characters, 240-character description, 5 aliases', async () => {
    await create({ name: 'ab' });
    await create({ name: 'n'.repeat(90), description: 'd'.repeat(240) });
    const five = ['a1', 'a2', 'a3', 'a4', 'a'.repeat(90)];
    expect((await create({ aliases: five })).aliases).toEqual(five);
    expect((await create({ description: 'dd' })).description).toBe('dd');
  });

  it('refuses a 6th alias with 400 KEY_ALIAS_QUOTA_ERR', async () => {
    const e = await expectError(
      create({ aliases: ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'] }),
      400,
      'KEY_ALIAS_QUOTA_ERR',
    );
    expect(e.message).toBe('A key can have at most 5 aliases.');
    expect(await rawKeys(h)).toEqual([]);
  });

  it('refuses an alias another key has with 409 KEY_ALIAS_NOT_UNIQUE_ERR, keeping nothing', async () => {
    await create({ aliases: ['taken'] });
    const e = await expectError(
      create({ aliases: ['free', 'taken'] }),
      409,
      'KEY_ALIAS_NOT_UNIQUE_ERR',
    );
    expect(e.message).toBe('The alias "taken" is already used by another key in this instance.');
    expect((await rawKeys(h)).length).toBe(1);
    // The first alias of the refused request was not claimed.
    expect((await create({ aliases: ['free'] })).aliases).toEqual(['free']);
  });

  it('refuses a key ring that does not exist with 404 KEY_RING_NOT_FOUND_ERR', async () => {
    const e = await expectError(
      create({ keyRingID: 'no-such-ring' }),
      404,
      'KEY_RING_NOT_FOUND_ERR',
    );
    expect(e.message).toBe('Key ring "no-such-ring" does not exist in this instance.');
    expect(await rawKeys(h)).toEqual([]);
    await addKeyRing(h, 'team-a');
    expect((await create({ keyRingID: 'team-a' })).keyRingID).toBe('team-a');
  });

  it('keeps at most 1,000 aliases per instance (KEY_ALIAS_QUOTA_ERR)', async () => {
    // 998 aliases of other keys, written directly to keep the test fast.
    await putRecords(
      h,
      'aliases',
      Array.from({ length: 998 }, (_, i) => ({
        instanceId: h.instanceId,
        alias: `filler-${i}`,
        keyId: '00000000-0000-4000-8000-000000000000',
      })),
    );
    const e = await expectError(
      create({ aliases: ['x1', 'x2', 'x3'] }),
      400,
      'KEY_ALIAS_QUOTA_ERR',
    );
    expect(e.message).toMatch(/at most 1000 aliases/);
    const key = await create({ aliases: ['x1', 'x2'] });
    expect((await readAll(h, 'aliases')).length).toBe(1000);
    await expectError(
      h.engine.createAlias(h.as('writer'), key.id, 'x3'),
      400,
      'KEY_ALIAS_QUOTA_ERR',
    );
  });
});

describe('aliases', () => {
  it('anywhere a key id is accepted, an alias (or the id in capitals) is too', async () => {
    const key = await create({ aliases: ['by-alias'] });
    const m = h.as('manager');
    for (const ref of ['by-alias', key.id, key.id.toUpperCase()]) {
      expect((await h.engine.getKeyMetadata(m, ref)).id).toBe(key.id);
      expect((await h.engine.getKey(m, ref)).id).toBe(key.id);
      expect((await h.engine.getKeyVersions(m, ref)).total).toBeGreaterThan(0);
      const { ciphertext } = await h.engine.wrap(m, ref);
      await h.engine.unwrap(m, ref, { ciphertext });
      await h.engine.rewrap(m, ref, { ciphertext });
      expect(await h.engine.getKeyPolicies(m, ref)).toEqual({
        dualAuthDelete: { enabled: false },
        rotation: { enabled: false, interval_month: 1 },
      });
    }
    await h.engine.rotate(m, 'by-alias');
    await h.engine.disableKey(m, 'by-alias');
    h.clock.advance(31 * SECOND);
    await h.engine.enableKey(m, 'by-alias');
    await h.engine.deleteKey(m, 'by-alias');
    h.clock.advance(30 * SECOND);
    expect((await h.engine.restoreKey(m, 'by-alias')).state).toBe(KeyState.Active);
  });

  it('createAlias adds an alias, is idempotent, and updates lastUpdateDate', async () => {
    const key = await create({ aliases: ['one'] });
    h.clock.advance(5 * SECOND);
    const updated = await h.engine.createAlias(h.as('writer'), key.id, 'two');
    expect(updated.aliases).toEqual(['one', 'two']);
    expect(updated.lastUpdateDate).toBe(new Date(h.clock.now).toISOString());
    expect((await h.engine.createAlias(h.as('writer'), 'two', 'two')).aliases).toEqual([
      'one',
      'two',
    ]);
    expect((await h.engine.getKeyMetadata(h.as('reader'), 'two')).id).toBe(key.id);
  });

  it('createAlias refuses a 6th alias, an alias of another key, and invalid aliases', async () => {
    const key = await create({ aliases: ['a1', 'a2', 'a3', 'a4', 'a5'] });
    const other = await create({ aliases: ['theirs'] });
    const w = h.as('writer');
    await expectError(h.engine.createAlias(w, key.id, 'a6'), 400, 'KEY_ALIAS_QUOTA_ERR');
    await expectError(h.engine.createAlias(w, other.id, 'a1'), 409, 'KEY_ALIAS_NOT_UNIQUE_ERR');
    await expectError(h.engine.createAlias(w, other.id, 'rotate'), 400, 'INVALID_FIELD_ERR');
    await expectError(h.engine.createAlias(w, other.id, other.id), 400, 'INVALID_FIELD_ERR');
    await expectError(h.engine.createAlias(w, other.id, 'x'), 400, 'INVALID_FIELD_ERR');
    expect((await h.engine.getKeyMetadata(w, other.id)).aliases).toEqual(['theirs']);
  });

  it('deleteAlias removes it and frees it for another key', async () => {
    const key = await create({ aliases: ['moving', 'staying'] });
    const other = await create();
    const after = await h.engine.deleteAlias(h.as('manager'), key.id, 'moving');
    expect(after.aliases).toEqual(['staying']);
    await expectError(h.engine.getKeyMetadata(h.as('reader'), 'moving'), 404, 'KEY_NOT_FOUND_ERR');
    expect((await h.engine.createAlias(h.as('writer'), other.id, 'moving')).aliases).toEqual([
      'moving',
    ]);
    expect((await h.engine.getKeyMetadata(h.as('reader'), 'moving')).id).toBe(other.id);
  });

  it('deleteAlias of an alias the key does not have is 404 KEY_ALIAS_NOT_FOUND_ERR', async () => {
    const key = await create({ aliases: ['mine'] });
    await create({ aliases: ['yours'] });
    const e = await expectError(
      h.engine.deleteAlias(h.as('manager'), key.id, 'yours'),
      404,
      'KEY_ALIAS_NOT_FOUND_ERR',
    );
    expect(e.message).toBe('The key has no alias "yours".');
  });

  it('a deleted key keeps its aliases (still reserved) and cannot gain new ones', async () => {
    const key = await create({ aliases: ['kept'] });
    await h.engine.deleteKey(h.as('manager'), key.id);
    expect((await h.engine.getKeyMetadata(h.as('reader'), 'kept')).state).toBe(KeyState.Destroyed);
    await expectError(create({ aliases: ['kept'] }), 409, 'KEY_ALIAS_NOT_UNIQUE_ERR');
    await expectError(
      h.engine.createAlias(h.as('writer'), key.id, 'more'),
      409,
      'KEY_ACTION_INVALID_STATE_ERR',
    );
  });
});

describe('reading keys', () => {
  it('unknown ids and aliases are 404 KEY_NOT_FOUND_ERR; an empty id is 400', async () => {
    const e = await expectError(
      h.engine.getKeyMetadata(h.as('reader'), '00000000-0000-4000-8000-000000000000'),
      404,
      'KEY_NOT_FOUND_ERR',
    );
    expect(e.message).toBe('Key not found: 00000000-0000-4000-8000-000000000000');
    await expectError(h.engine.getKey(h.as('reader'), 'nobody'), 404, 'KEY_NOT_FOUND_ERR');
    await expectError(h.engine.getKeyMetadata(h.as('reader'), ''), 400, 'INVALID_FIELD_ERR');
  });

  it('a root key never returns a payload, whoever asks', async () => {
    const key = await create();
    for (const persona of ['reader', 'writer', 'manager', 'admin'] as const) {
      const read = await h.engine.getKey(h.as(persona), key.id);
      expect(read).not.toHaveProperty('payload');
      expect(read).toEqual(key);
    }
  });

  it('a standard key payload goes to Writer and Manager, not to Reader (401 naming ReaderPlus)', async () => {
    const key = await create({ extractable: true });
    const byWriter = await h.engine.getKey(h.as('writer'), key.id);
    const byManager = await h.engine.getKey(h.as('manager'), key.id);
    expect(byWriter.payload).toBeDefined();
    expect(byManager.payload).toBe(byWriter.payload);
    const e = await expectError(h.engine.getKey(h.as('reader'), key.id), 401, 'UNAUTHORIZED_ERR');
    expect(e.message).toMatch(/needs the ReaderPlus role\.$/);
    // Metadata is open to Reader and never carries the payload.
    expect(await h.engine.getKeyMetadata(h.as('reader'), key.id)).not.toHaveProperty('payload');
  });

  it('a deleted standard key returns no payload', async () => {
    const key = await create({ extractable: true });
    await h.engine.deleteKey(h.as('manager'), key.id);
    const read = await h.engine.getKey(h.as('manager'), key.id);
    expect(read.state).toBe(KeyState.Destroyed);
    expect(read).not.toHaveProperty('payload');
  });
});

describe('key versions', () => {
  it('lists every version newest first, marking the current one', async () => {
    const key = await create();
    const t1 = h.clock.now;
    h.clock.advance(DAY);
    const v2 = await h.engine.rotate(h.as('writer'), key.id);
    h.clock.advance(DAY);
    const v3 = await h.engine.rotate(h.as('writer'), key.id);
    const { versions, total } = await h.engine.getKeyVersions(h.as('reader'), key.id);
    expect(total).toBe(3);
    expect(versions).toEqual([
      {
        id: v3.keyVersion.id,
        number: 3,
        creationDate: new Date(t1 + 2 * DAY).toISOString(),
        current: true,
      },
      {
        id: v2.keyVersion.id,
        number: 2,
        creationDate: new Date(t1 + DAY).toISOString(),
        current: false,
      },
      {
        id: key.keyVersion.id,
        number: 1,
        creationDate: new Date(t1).toISOString(),
        current: false,
      },
    ]);
    expect(v3.keyVersion).toEqual({
      id: v3.keyVersion.id,
      creationDate: new Date(t1 + 2 * DAY).toISOString(),
    });
  });
});

describe('listKeys', () => {
  const list = (query?: ListKeysQuery) => h.engine.listKeys(h.as('reader'), query);

  it('pages: 200 by default, at most 5,000, with an offset and the total', async () => {
    const created: Key[] = [];
    for (let i = 0; i < 203; i++) {
      created.push(await create({ name: `key ${String(i).padStart(3, '0')}` }));
      h.clock.advance(1);
    }
    const first = await list();
    expect(first.keys.length).toBe(200);
    expect(first).toMatchObject({ total: 203, offset: 0, limit: 200 });
    // Default order: id (Key Protect's default sort).
    const byId = created.map((k) => k.id).sort();
    expect(first.keys.map((k) => k.id)).toEqual(byId.slice(0, 200));
    const rest = await list({ offset: 200 });
    expect(rest.keys.map((k) => k.id)).toEqual(byId.slice(200));
    created.sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(rest.total).toBe(203);
    expect((await list({ limit: 5000 })).keys.length).toBe(203);
    expect((await list({ limit: 1, offset: 5 })).keys.map((k) => k.id)).toEqual([created[5]?.id]);
    const beyond = await list({ offset: 1000 });
    expect(beyond).toMatchObject({ keys: [], total: 203 });
  });

  it.each([
    [{ limit: 0 }, 'limit: must be a whole number from 1 to 5000'],
    [{ limit: 5001 }, 'limit: must be a whole number from 1 to 5000'],
    [{ offset: -1 }, 'offset: must be a whole number of 0 or more'],
    [{ state: [4] as unknown as KeyState[] }, 'state: use key state numbers'],
    [{ extractable: 'yes' as unknown as boolean }, 'extractable: must be true or false'],
    [{ keyRingID: 'bad ring' }, 'keyRingID: use only letters'],
    [{ sort: 'size' }, 'sort: sort by one or more of id, state, extractable, imported'],
    [{ sort: '-' }, 'sort: sort by one or more of'],
  ])('refuses %j with 400 INVALID_FIELD_ERR', async (query, message) => {
    const e = await expectError(list(query), 400, 'INVALID_FIELD_ERR');
    expect(e.message.startsWith(message)).toBe(true);
  });

  it('filters by state (Destroyed hidden unless asked), extractable and key ring', async () => {
    await addKeyRing(h, 'team-a');
    await create({ name: 'active' });
    h.clock.advance(1);
    await create({ name: 'standard', extractable: true, keyRingID: 'team-a' });
    h.clock.advance(1);
    const suspended = await create({ name: 'suspended' });
    await h.engine.disableKey(h.as('manager'), suspended.id);
    h.clock.advance(1);
    await create({ name: 'expiring', expirationDate: '2026-01-02T00:00:00Z' });
    h.clock.advance(1);
    const destroyed = await create({ name: 'destroyed', keyRingID: 'team-a' });
    await h.engine.deleteKey(h.as('manager'), destroyed.id);
    h.clock.advance(DAY);
    const names = async (query: ListKeysQuery) => {
      const result = await list({ sort: 'creationDate', ...query });
      expect(result.total).toBe(result.keys.length);
      return result.keys.map((k) => k.name);
    };
    expect(await names({})).toEqual(['active', 'standard', 'suspended', 'expiring']);
    expect(await names({ state: [KeyState.Active] })).toEqual(['active', 'standard']);
    expect(await names({ state: [KeyState.Suspended] })).toEqual(['suspended']);
    expect(await names({ state: [KeyState.Deactivated] })).toEqual(['expiring']);
    expect(await names({ state: [KeyState.Destroyed] })).toEqual(['destroyed']);
    expect(await names({ state: [KeyState.Active, KeyState.Destroyed] })).toEqual([
      'active',
      'standard',
      'destroyed',
    ]);
    expect(await names({ state: [] })).toEqual([]);
    expect(await names({ extractable: true })).toEqual(['standard']);
    expect(await names({ extractable: false })).toEqual(['active', 'suspended', 'expiring']);
    expect(await names({ keyRingID: 'team-a' })).toEqual(['standard']);
    expect(await names({ keyRingID: 'team-a', state: [1, 2, 3, 5] })).toEqual([
      'standard',
      'destroyed',
    ]);
    expect(await names({ keyRingID: 'default', extractable: false, state: [3] })).toEqual([
      'expiring',
    ]);
  });

  describe('sorting', () => {
    // Five keys with distinct values for every sort field (see the comments), some without.
    let k: Record<'delta' | 'alpha' | 'charlie' | 'bravo' | 'echo', Key>;
    beforeEach(async () => {
      const w = h.as('writer');
      const m = h.as('manager');
      const t0 = h.clock.now;
      const at = (s: number) => {
        h.clock.now = t0 + s * SECOND;
      };
      at(0);
      const delta = await create({ name: 'delta' });
      at(1);
      const alpha = await create({ name: 'Alpha', expirationDate: '2026-02-01T00:00:00Z' });
      at(2);
      const charlie = await create({ name: 'charlie' });
      at(3);
      const bravo = await create({ name: 'bravo', expirationDate: '2026-01-20T00:00:00Z' });
      at(4);
      const echo = await create({ name: 'echo', expirationDate: '2026-01-01T00:01:00Z' });
      at(10);
      await h.engine.rotate(w, charlie.id); // lastRotateDate: charlie 10 < delta 11
      at(11);
      await h.engine.rotate(w, delta.id);
      at(12);
      await h.engine.disableKey(m, bravo.id); // lastUpdateDate: delta 11, bravo 12, charlie 13, alpha 14
      at(13);
      await h.engine.deleteKey(m, charlie.id); // deletionDate: charlie 13 < alpha 14
      at(14);
      await h.engine.deleteKey(m, alpha.id);
      at(120); // echo is now expired (Deactivated); its lastUpdateDate stays 4
      k = { delta, alpha, charlie, bravo, echo };
    });
    const ALL = [1, 2, 3, 5] as KeyState[];
    const order = async (sort: string, state = ALL) =>
      (await list({ sort, state })).keys.map((key) => key.name);
    /** Keys without the field come last, in id order, whichever the direction. */
    const tail = (...names: (keyof typeof k)[]) =>
      names
        .map((n) => k[n])
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((key) => key.name);

    it('by name, case-insensitive', async () => {
      expect(await order('name')).toEqual(['Alpha', 'bravo', 'charlie', 'delta', 'echo']);
      expect(await order('-name')).toEqual(['echo', 'delta', 'charlie', 'bravo', 'Alpha']);
    });
    it('by id (the default, as Key Protect), and by creationDate', async () => {
      expect(await order('creationDate')).toEqual(['delta', 'Alpha', 'charlie', 'bravo', 'echo']);
      expect((await list({ state: ALL })).keys.map((key) => key.name)).toEqual(await order('id'));
      expect(await order('id')).toEqual(tail('delta', 'alpha', 'charlie', 'bravo', 'echo'));
      expect(await order('-creationDate')).toEqual(['echo', 'bravo', 'charlie', 'Alpha', 'delta']);
    });
    it('by state (the effective state: an expired key is Deactivated)', async () => {
      expect(await order('state', [1, 2, 3])).toEqual(['delta', 'bravo', 'echo']);
      expect(await order('-state', [1, 2, 3])).toEqual(['echo', 'bravo', 'delta']);
      expect((await order('state')).slice(0, 3)).toEqual(['delta', 'bravo', 'echo']);
    });
    it('by lastUpdateDate', async () => {
      expect(await order('lastUpdateDate')).toEqual(['echo', 'delta', 'bravo', 'charlie', 'Alpha']);
      expect(await order('-lastUpdateDate')).toEqual([
        'Alpha',
        'charlie',
        'bravo',
        'delta',
        'echo',
      ]);
    });
    it('by lastRotateDate, never-rotated keys last', async () => {
      expect(await order('lastRotateDate')).toEqual([
        'charlie',
        'delta',
        ...tail('alpha', 'bravo', 'echo'),
      ]);
      expect(await order('-lastRotateDate')).toEqual([
        'delta',
        'charlie',
        ...tail('alpha', 'bravo', 'echo'),
      ]);
    });
    it('by expirationDate, keys without one last', async () => {
      expect(await order('expirationDate')).toEqual([
        'echo',
        'bravo',
        'Alpha',
        ...tail('charlie', 'delta'),
      ]);
      expect(await order('-expirationDate')).toEqual([
        'Alpha',
        'bravo',
        'echo',
        ...tail('charlie', 'delta'),
      ]);
    });
    it('by deletionDate, keys not deleted last', async () => {
      expect(await order('deletionDate')).toEqual([
        'charlie',
        'Alpha',
        ...tail('bravo', 'delta', 'echo'),
      ]);
      expect(await order('-deletionDate')).toEqual([
        'Alpha',
        'charlie',
        ...tail('bravo', 'delta', 'echo'),
      ]);
    });
    it('sorts before paging', async () => {
      expect(
        (await list({ sort: '-name', state: ALL, offset: 1, limit: 2 })).keys.map((x) => x.name),
      ).toEqual(['delta', 'charlie']);
    });
  });

  describe('search', () => {
    beforeEach(async () => {
      await create({ name: 'Payments root', aliases: ['pay-root'] });
      h.clock.advance(1);
      await create({ name: 'payroll', aliases: ['hr-key'] });
      h.clock.advance(1);
      await create({ name: 'Backups', aliases: ['nightly-pay'] });
      h.clock.advance(1);
      await create({ name: 'Logs' });
    });
    const found = async (search: string, query: ListKeysQuery = {}) => {
      const result = await list({ search, sort: 'creationDate', ...query });
      expect(result.total).toBe(result.keys.length);
      return result.keys.map((k) => k.name);
    };

    it('matches name or alias, case-insensitively', async () => {
      expect(await found('PAY')).toEqual(['Payments root', 'payroll', 'Backups']);
      expect(await found('hr-')).toEqual(['payroll']);
      expect(await found('zzz')).toEqual([]);
    });
    it('name: and alias: narrow the field', async () => {
      expect(await found('name:pay')).toEqual(['Payments root', 'payroll']);
      expect(await found('alias:pay')).toEqual(['Payments root', 'Backups']);
      expect(await found('alias:logs')).toEqual([]);
    });
    it('exact: needs the whole name or alias, case-insensitively (as Key Protect)', async () => {
      expect(await found('exact:payroll')).toEqual(['payroll']);
      expect(await found('exact:Payroll')).toEqual(['payroll']);
      expect(await found('exact:pay')).toEqual([]);
      expect(await found('exact:hr-key')).toEqual(['payroll']);
      expect(await found('exact:name:hr-key')).toEqual([]);
      expect(await found('exact:alias:nightly-pay')).toEqual(['Backups']);
    });
    it('not: excludes, alone or combined', async () => {
      expect(await found('not:pay')).toEqual(['Logs']);
      expect(await found('not:name:pay')).toEqual(['Backups', 'Logs']);
      expect(await found('not:exact:payroll')).toEqual(['Payments root', 'Backups', 'Logs']);
      expect(await found('not:alias:pay', { sort: '-name' })).toEqual(['payroll', 'Logs']);
    });
    it('combines with filters, paging and the total', async () => {
      const page = await list({ search: 'pay', limit: 1, offset: 1, sort: 'creationDate' });
      expect(page.keys.map((k) => k.name)).toEqual(['payroll']);
      expect(page.total).toBe(3);
      expect(await found('pay', { sort: 'name' })).toEqual(['Backups', 'Payments root', 'payroll']);
    });
  });
});

describe('listKeyRings', () => {
  it('lists the instance rings, sorted, for anyone who may read; KeyPurge alone is refused', async () => {
    const rings = await h.engine.listKeyRings(h.as('reader'));
    expect(rings.total).toBe(1);
    expect(rings.keyRings[0]).toMatchObject({ id: 'default', createdBy: 'system' });
    await addKeyRing(h, 'alpha-ring');
    expect((await h.engine.listKeyRings(h.as('writer'))).keyRings.map((r) => r.id)).toEqual([
      'alpha-ring',
      'default',
    ]);
    await addUser(h, 'purger');
    await grant(h, 'purger', 'KeyPurge');
    const tab = await h.openTab(); // a fresh engine sees the new user and policy
    await expectError(tab.listKeyRings(h.asUser('purger')), 401, 'UNAUTHORIZED_ERR');
    await tab.close();
  });
});
