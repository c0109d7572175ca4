/**
 * Service authorizations (SPEC section 9): create, list and delete by an Administrator only, the
 * refusals of bad input (unknown instance, wrong kinds, self, duplicate, bad scope), the buckets
 * that depend on one, and `authorizationAllows` — the question object storage asks.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../domain/api';
import type { ServiceAuthorization } from '../../domain/types';
import type { Engine } from '../engine';
import { IdbStore } from '../store/database';
import { expectError } from '../test/expect-error';
import { expectUnchanged } from '../test/expect-unchanged';
import { openHarness, type Harness } from '../test/harness';
import { addInstance, addKeyRing, rawEvents, readAll, snapshot } from '../test/raw-db';
import { authorizationCovers, describeScope } from './authorizations';

interface Fixture {
  h: Harness;
  tab: Engine;
  admin: CallContext;
  cos: string;
  cos2: string;
  kms: string;
  kms2: string;
  hpcs: string;
  /** Keys of the demo kms instance: one on ring `ring-a`, one on `ring-b`, one on `default`. */
  keyA: { instanceId: string; keyRingID: string; id: string };
  keyB: { instanceId: string; keyRingID: string; id: string };
  keyDefault: { instanceId: string; keyRingID: string; id: string };
}

async function fixture(options: { linked?: boolean } = {}): Promise<Fixture> {
  const h = await openHarness(options);
  await addKeyRing(h, 'ring-a');
  await addKeyRing(h, 'ring-b');
  await addInstance(h, 'cos-2', 'cos', 'Second storage');
  await addInstance(h, 'kms-2', 'kms', 'Second Key Protect');
  await addInstance(h, 'hpcs-1', 'hpcs', 'Crypto Services');
  const tab = await h.openTab();
  const m = h.as('manager');
  const a = await tab.createKey(m, { name: 'key a', extractable: false, keyRingID: 'ring-a' });
  const b = await tab.createKey(m, { name: 'key b', extractable: false, keyRingID: 'ring-b' });
  const d = await tab.createKey(m, { name: 'key d', extractable: false, aliases: ['dee'] });
  const session = await tab.getSession();
  const cos = session.instances.find((i) => i.kind === 'cos' && i.id !== 'cos-2');
  if (!cos) throw new Error('no cos instance');
  const ref = (k: { instanceId: string; keyRingID: string; id: string }) => ({
    instanceId: k.instanceId,
    keyRingID: k.keyRingID,
    id: k.id,
  });
  return {
    h,
    tab,
    admin: h.as('admin'),
    cos: cos.id,
    cos2: 'cos-2',
    kms: h.instanceId,
    kms2: 'kms-2',
    hpcs: 'hpcs-1',
    keyA: ref(a),
    keyB: ref(b),
    keyDefault: ref(d),
  };
}

describe('creating a service authorization', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await fixture();
  });

  it('lets the source use every key of the target, and only that source and target', async () => {
    const { tab, admin } = f;
    const auth = await tab.createAuthorization(admin, {
      sourceInstanceId: f.cos,
      targetInstanceId: f.kms,
      role: 'Reader',
    });
    expect(auth).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      sourceInstanceId: f.cos,
      targetInstanceId: f.kms,
      role: 'Reader',
      crn: expect.stringMatching(
        new RegExp(`^crn:v1:keyward:public:iam:global:a/[0-9a-f]{32}::authorization:${auth.id}$`),
      ),
      createdBy: 'user-admin',
      createdAt: new Date(f.h.clock.now).toISOString(),
    });
    expect(await tab.listAuthorizations(admin)).toEqual({
      authorizations: [auth],
      total: 1,
      dependents: { [auth.id]: [] },
    });
    for (const key of [f.keyA, f.keyB, f.keyDefault])
      expect(await tab.authorizations.authorizationAllows(f.cos, key)).toBe(true);
    expect(await tab.authorizations.authorizationAllows(f.cos2, f.keyA)).toBe(false);
    expect(
      await tab.authorizations.authorizationAllows(f.cos, { ...f.keyA, instanceId: f.kms2 }),
    ).toBe(false);
    // Stored, and audited with the target instance's CRN.
    expect(await readAll(f.h, 'authorizations')).toEqual([auth]);
    await tab.flushEvents();
    const kmsCrn = (await tab.getSession()).instances.find((i) => i.id === f.kms)?.crn;
    const events = await rawEvents(f.h);
    expect(events.filter((e) => e.action === 'iam.authorization.create').at(-1)).toMatchObject({
      action: 'iam.authorization.create',
      outcome: 'success',
      initiator: { id: 'user-admin', roles: expect.arrayContaining(['Administrator']) },
      target: { crn: kmsCrn, instanceId: f.kms },
    });
  });

  it('scoped to a key ring covers only that ring’s keys', async () => {
    await f.tab.createAuthorization(f.admin, {
      sourceInstanceId: f.cos,
      targetInstanceId: f.kms,
      keyRingID: 'ring-a',
      role: 'Reader',
    });
    const allows = (k: Fixture['keyA']) => f.tab.authorizations.authorizationAllows(f.cos, k);
    expect(await allows(f.keyA)).toBe(true);
    expect(await allows(f.keyB)).toBe(false);
    expect(await allows(f.keyDefault)).toBe(false);
    // The ring is what counts: the same key moved to ring-b is no longer covered.
    expect(await allows({ ...f.keyA, keyRingID: 'ring-b' })).toBe(false);
  });

  it('scoped to one key (by id or alias) covers only that key', async () => {
    const byAlias = await f.tab.createAuthorization(f.admin, {
      sourceInstanceId: f.cos,
      targetInstanceId: f.kms,
      keyId: 'dee',
      role: 'Reader',
    });
    expect(byAlias.keyId).toBe(f.keyDefault.id);
    expect(byAlias).not.toHaveProperty('keyRingID');
    const allows = (k: Fixture['keyA']) => f.tab.authorizations.authorizationAllows(f.cos, k);
    expect(await allows(f.keyDefault)).toBe(true);
    expect(await allows(f.keyA)).toBe(false);
    // A key scope follows the key wherever its ring is.
    expect(await allows({ ...f.keyDefault, keyRingID: 'ring-b' })).toBe(true);
  });

  it('accepts an hpcs instance as the target', async () => {
    const auth = await f.tab.createAuthorization(f.admin, {
      sourceInstanceId: f.cos2,
      targetInstanceId: f.hpcs,
      role: 'Reader',
    });
    expect(auth.targetInstanceId).toBe(f.hpcs);
    const key = { instanceId: f.hpcs, keyRingID: 'default', id: 'any' };
    expect(await f.tab.authorizations.authorizationAllows(f.cos2, key)).toBe(true);
    expect(await f.tab.authorizations.authorizationAllows(f.cos, key)).toBe(false);
  });

  it('answers inside a caller’s transaction too', async () => {
    await f.tab.createAuthorization(f.admin, {
      sourceInstanceId: f.cos,
      targetInstanceId: f.kms,
      keyRingID: 'ring-b',
      role: 'Reader',
    });
    // The caller's own transaction (here: a second connection to the same database).
    const store = await IdbStore.open(f.h.factory, f.h.dbName);
    const answer = await store.read(async (tx) => [
      await f.tab.authorizations.authorizationAllowsIn(tx, f.cos, f.keyB),
      await f.tab.authorizations.authorizationAllowsIn(tx, f.cos, f.keyA),
    ]);
    store.close();
    expect(answer).toEqual([true, false]);
  });

  it('reaches other tabs through the change notice', async () => {
    const g = await fixture({ linked: true });
    const other = await g.h.openTab();
    expect(await other.authorizations.authorizationAllows(g.cos, g.keyA)).toBe(false);
    const auth = await g.tab.createAuthorization(g.admin, {
      sourceInstanceId: g.cos,
      targetInstanceId: g.kms,
      role: 'Reader',
    });
    await g.h.settle();
    expect(await other.authorizations.authorizationAllows(g.cos, g.keyA)).toBe(true);
    await g.tab.deleteAuthorization(g.admin, auth.id);
    await g.h.settle();
    expect(await other.authorizations.authorizationAllows(g.cos, g.keyA)).toBe(false);
  });
});

describe('refusals of createAuthorization, with nothing stored', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await fixture();
  });

  const base = () => ({
    sourceInstanceId: f.cos,
    targetInstanceId: f.kms,
    role: 'Reader' as const,
  });

  it('refuses every non-Administrator, naming the role', async () => {
    for (const persona of ['manager', 'writer', 'reader'] as const) {
      const before = await snapshot(f.h);
      const error = await expectError(
        f.tab.createAuthorization(f.h.as(persona), base()),
        401,
        'UNAUTHORIZED_ERR',
      );
      expect(error.message).toMatch(
        /may not manage service authorizations: this needs the Administrator role\.$/,
      );
      await expectUnchanged(f.h, before, 'UNAUTHORIZED_ERR', f.tab);
    }
    await expectError(f.tab.listAuthorizations(f.h.as('manager')), 401, 'UNAUTHORIZED_ERR');
  });

  const cases: [string, () => object, number, string, RegExp][] = [
    [
      'unknown source',
      () => ({ ...base(), sourceInstanceId: 'nope' }),
      404,
      'INSTANCE_NOT_FOUND_ERR',
      /"nope" \(the source/,
    ],
    [
      'unknown target',
      () => ({ ...base(), targetInstanceId: 'nope' }),
      404,
      'INSTANCE_NOT_FOUND_ERR',
      /"nope" \(the target/,
    ],
    [
      'self-authorization',
      () => ({ ...base(), targetInstanceId: f.cos }),
      400,
      'INVALID_FIELD_ERR',
      /cannot be authorized to use itself/,
    ],
    [
      'source of the wrong kind',
      () => ({ ...base(), sourceInstanceId: f.kms2 }),
      400,
      'INVALID_FIELD_ERR',
      /source must be an object storage \(cos\) instance; "Second Key Protect" is kms/,
    ],
    [
      'target of the wrong kind',
      () => ({ ...base(), targetInstanceId: f.cos2 }),
      400,
      'INVALID_FIELD_ERR',
      /target must be a key management \(kms or hpcs\) instance; "Second storage" is cos/,
    ],
    [
      'a role other than Reader',
      () => ({ ...base(), role: 'Manager' }),
      400,
      'INVALID_FIELD_ERR',
      /^role: .*use "Reader"/,
    ],
    [
      'both a ring and a key',
      () => ({ ...base(), keyRingID: 'ring-a', keyId: f.keyA.id }),
      400,
      'INVALID_FIELD_ERR',
      /choose one scope/,
    ],
    [
      'an invalid ring id',
      () => ({ ...base(), keyRingID: 'a b' }),
      400,
      'INVALID_FIELD_ERR',
      /^keyRingID: /,
    ],
    [
      'an unknown ring',
      () => ({ ...base(), keyRingID: 'ring-z' }),
      404,
      'KEY_RING_NOT_FOUND_ERR',
      /"ring-z" does not exist in "Key Protect"/,
    ],
    [
      'an unknown key',
      () => ({ ...base(), keyId: 'no-such-key' }),
      404,
      'KEY_NOT_FOUND_ERR',
      /no-such-key/,
    ],
    [
      'a key of another instance',
      () => ({ ...base(), targetInstanceId: f.kms2, keyId: f.keyA.id }),
      404,
      'KEY_NOT_FOUND_ERR',
      /Key not found/,
    ],
    [
      'a missing source id',
      () => ({ targetInstanceId: f.kms, role: 'Reader' }),
      400,
      'INVALID_FIELD_ERR',
      /^sourceInstanceId: /,
    ],
    [
      'no request at all',
      () => null as unknown as object,
      400,
      'INVALID_FIELD_ERR',
      /^req: must be an object/,
    ],
  ];
  it.each(cases)('%s', async (_name, req, status, code, message) => {
    const before = await snapshot(f.h);
    const error = await expectError(
      f.tab.createAuthorization(f.admin, req() as never),
      status,
      code as never,
    );
    expect(error.message).toMatch(message);
    await expectUnchanged(f.h, before, code as never, f.tab);
  });

  it('refuses a duplicate, naming the existing authorization', async () => {
    const first = await f.tab.createAuthorization(f.admin, { ...base(), keyRingID: 'ring-a' });
    // Another scope of the same pair is not a duplicate.
    await f.tab.createAuthorization(f.admin, base());
    const before = await snapshot(f.h);
    const error = await expectError(
      f.tab.createAuthorization(f.admin, { ...base(), keyRingID: 'ring-a' }),
      409,
      'AUTHORIZATION_EXISTS_ERR',
    );
    expect(error.reasons).toEqual([first.id]);
    expect(error.message).toBe(
      `"Cloud Object Storage" is already authorized to use key ring "ring-a" of "Key Protect" (authorization ${first.id}).`,
    );
    await expectUnchanged(f.h, before, 'AUTHORIZATION_EXISTS_ERR', f.tab);
  });
});

describe('deleting a service authorization', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await fixture();
  });
  const bucketCrn = (cos: string, name: string) =>
    `crn:v1:keyward:public:cloud-object-storage:global:a/x:${cos}:bucket:${name}`;

  it('removes it, audited; afterwards the source may not use the key', async () => {
    const auth = await f.tab.createAuthorization(f.admin, {
      sourceInstanceId: f.cos,
      targetInstanceId: f.kms,
      role: 'Reader',
    });
    await f.tab.deleteAuthorization(f.admin, auth.id);
    expect(await f.tab.listAuthorizations(f.admin)).toEqual({
      authorizations: [],
      total: 0,
      dependents: {},
    });
    expect(await f.tab.authorizations.authorizationAllows(f.cos, f.keyA)).toBe(false);
    await f.tab.flushEvents();
    const events = await rawEvents(f.h);
    expect(events.filter((e) => e.action === 'iam.authorization.delete').at(-1)).toMatchObject({
      action: 'iam.authorization.delete',
      outcome: 'success',
      target: { crn: auth.crn, instanceId: f.kms },
    });
  });

  it('refuses unknown ids and non-Administrators, changing nothing', async () => {
    const auth = await f.tab.createAuthorization(f.admin, {
      sourceInstanceId: f.cos,
      targetInstanceId: f.kms,
      role: 'Reader',
    });
    let before = await snapshot(f.h);
    await expectError(
      f.tab.deleteAuthorization(f.admin, 'no-such-id'),
      404,
      'AUTHORIZATION_NOT_FOUND_ERR',
    );
    await expectUnchanged(f.h, before, 'AUTHORIZATION_NOT_FOUND_ERR', f.tab);
    before = await snapshot(f.h);
    await expectError(
      f.tab.deleteAuthorization(f.h.as('manager'), auth.id),
      401,
      'UNAUTHORIZED_ERR',
    );
    await expectUnchanged(f.h, before, 'UNAUTHORIZED_ERR', f.tab);
    before = await snapshot(f.h);
    await expectError(
      f.tab.deleteAuthorization(f.admin, auth.id, { force: 'yes' } as never),
      400,
      'INVALID_FIELD_ERR',
    );
    await expectUnchanged(f.h, before, 'INVALID_FIELD_ERR', f.tab);
  });

  it('names the buckets that depend on it, and deletes only with force', async () => {
    const ringA = await f.tab.createAuthorization(f.admin, {
      sourceInstanceId: f.cos,
      targetInstanceId: f.kms,
      keyRingID: 'ring-a',
      role: 'Reader',
    });
    await f.tab.registerResource(f.keyA.id, bucketCrn(f.cos, 'photos'), false);
    await f.tab.registerResource(f.keyA.id, bucketCrn(f.cos, 'backups'), true);
    // Buckets of another source, or on keys the authorization does not cover, do not count.
    await f.tab.registerResource(f.keyA.id, bucketCrn(f.cos2, 'elsewhere'), false);
    await f.tab.registerResource(f.keyB.id, bucketCrn(f.cos, 'on-ring-b'), false);
    // The list names them before anyone tries.
    expect((await f.tab.listAuthorizations(f.admin)).dependents[ringA.id]?.sort()).toEqual([
      'backups',
      'photos',
    ]);
    await f.tab.flushEvents();
    const before = await snapshot(f.h);
    const error = await expectError(
      f.tab.deleteAuthorization(f.admin, ringA.id),
      409,
      'PROTECTED_RESOURCE_ERR',
    );
    expect(error.reasons?.sort()).toEqual(['backups', 'photos']);
    expect(error.message).toMatch(
      /^2 buckets would lose access to their keys: .*Delete with force to confirm\.$/,
    );
    await expectUnchanged(f.h, before, 'PROTECTED_RESOURCE_ERR', f.tab);
    await f.tab.deleteAuthorization(f.admin, ringA.id, { force: true });
    expect((await f.tab.listAuthorizations(f.admin)).total).toBe(0);
  });

  it('does not count buckets another authorization still covers', async () => {
    const ringA = await f.tab.createAuthorization(f.admin, {
      sourceInstanceId: f.cos,
      targetInstanceId: f.kms,
      keyRingID: 'ring-a',
      role: 'Reader',
    });
    await f.tab.createAuthorization(f.admin, {
      sourceInstanceId: f.cos,
      targetInstanceId: f.kms,
      keyId: f.keyA.id,
      role: 'Reader',
    });
    await f.tab.registerResource(f.keyA.id, bucketCrn(f.cos, 'photos'), false);
    await f.tab.deleteAuthorization(f.admin, ringA.id);
    expect(await f.tab.authorizations.authorizationAllows(f.cos, f.keyA)).toBe(true);
  });
});

describe('authorizationCovers and describeScope', () => {
  const auth: ServiceAuthorization = {
    id: 'a1',
    sourceInstanceId: 's',
    targetInstanceId: 't',
    role: 'Reader',
    crn: '',
    createdBy: 'u',
    createdAt: '',
  };
  const key = { instanceId: 't', keyRingID: 'r', id: 'k' };
  it('matches source, target, ring and key', () => {
    expect(authorizationCovers(auth, 's', key)).toBe(true);
    expect(authorizationCovers(auth, 'x', key)).toBe(false);
    expect(authorizationCovers(auth, 's', { ...key, instanceId: 'x' })).toBe(false);
    expect(authorizationCovers({ ...auth, keyRingID: 'r' }, 's', key)).toBe(true);
    expect(authorizationCovers({ ...auth, keyRingID: 'q' }, 's', key)).toBe(false);
    expect(authorizationCovers({ ...auth, keyId: 'k' }, 's', key)).toBe(true);
    expect(authorizationCovers({ ...auth, keyId: 'j' }, 's', key)).toBe(false);
  });
  it('names scopes', () => {
    expect(describeScope({})).toBe('all keys');
    expect(describeScope({ keyRingID: 'r' })).toBe('key ring "r"');
    expect(describeScope({ keyId: 'k' })).toBe('key k');
  });
});
