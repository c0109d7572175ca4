/**
 * Service instances (SPEC section 1): create kms, hpcs and cos instances, rename, delete (refused
 * while keys that are not Deleted, or buckets, remain), what each holds, and the refusals.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../domain/api';
import type { Engine } from '../engine';
import { expectError } from '../test/expect-error';
import { expectUnchanged } from '../test/expect-unchanged';
import { openHarness, type Harness } from '../test/harness';
import { rawEvents, readAll, snapshot } from '../test/raw-db';

let h: Harness;
let e: Engine;
let admin: CallContext;

beforeEach(async () => {
  h = await openHarness();
  e = h.engine;
  admin = h.as('admin');
});

describe('creating instances', () => {
  it('a kms instance is ready for keys: master key, default ring, its own events', async () => {
    const kms = await e.createInstance(admin, {
      kind: 'kms',
      name: 'Payments keys',
      region: 'eu-de',
    });
    const account = (await e.getSession()).account.id;
    expect(kms).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      kind: 'kms',
      name: 'Payments keys',
      region: 'eu-de',
      crn: `crn:v1:keyward:public:kms:eu-de:a/${account}:${kms.id}::`,
      createdAt: new Date(h.clock.now).toISOString(),
    });
    expect((await e.getSession()).instances).toContainEqual(kms);
    // Nobody has a role in it yet; an Administrator grants one.
    const ctx = { userId: 'user-manager', instanceId: kms.id };
    await expectError(e.listKeys(ctx), 401, 'UNAUTHORIZED_ERR');
    await e.grantAccess(admin, {
      userId: 'user-manager',
      role: 'Manager',
      scope: { instanceId: kms.id },
    });
    const key = await e.createKey(ctx, { name: 'first', extractable: false });
    expect(key.instanceId).toBe(kms.id);
    expect((await e.listKeyRings(ctx)).keyRings.map((r) => r.id)).toEqual(['default']);
    // Keys are scoped to their instance: the demo instance does not see this one.
    await expectError(e.getKeyMetadata(h.as('manager'), key.id), 404, 'KEY_NOT_FOUND_ERR');
    await e.flushEvents();
    expect((await rawEvents(h)).find((ev) => ev.action === 'iam.instance.create')).toMatchObject({
      outcome: 'success',
      target: { crn: kms.crn, instanceId: kms.id },
    });
    const events = await e.listEvents(ctx);
    expect(
      events.events.every((ev) => !ev.target.instanceId || ev.target.instanceId === kms.id),
    ).toBe(true);
  });

  it('an hpcs instance refuses keys until its master key is loaded, storing nothing', async () => {
    const hpcs = await e.createInstance(admin, { kind: 'hpcs', name: 'Crypto', region: 'us-east' });
    expect(hpcs.crn).toMatch(/^crn:v1:keyward:public:hs-crypto:us-east:/);
    await e.grantAccess(admin, {
      userId: 'user-manager',
      role: 'Manager',
      scope: { instanceId: hpcs.id },
    });
    const ctx = { userId: 'user-manager', instanceId: hpcs.id };
    // Every key call is refused until the ceremony loads a master key (SPEC section 11).
    await expectError(e.listKeys(ctx), 409, 'MASTER_KEY_NOT_LOADED_ERR');
    await e.flushEvents();
    const before = await snapshot(h);
    const error = await expectError(
      e.createKey(ctx, { name: 'hpcs key', extractable: false }),
      409,
      'MASTER_KEY_NOT_LOADED_ERR',
    );
    expect(error.message).toMatch(/no master key loaded/);
    await expectUnchanged(h, before, 'MASTER_KEY_NOT_LOADED_ERR', e);
  });

  it('a cos instance has no key rings and no master key', async () => {
    const cos = await e.createInstance(admin, { kind: 'cos', name: 'Backups', region: 'jp-tok' });
    expect(cos.crn).toMatch(/^crn:v1:keyward:public:cloud-object-storage:jp-tok:/);
    const rings = await readAll<{ instanceId: string }>(h, 'keyRings');
    expect(rings.some((r) => r.instanceId === cos.id)).toBe(false);
    const masters = await readAll<{ instanceId: string }>(h, 'masterKeys');
    expect(masters.some((m) => m.instanceId === cos.id)).toBe(false);
  });

  const invalid: [string, object, RegExp][] = [
    ['kind', { kind: 'db', name: 'x y', region: 'eu-de' }, /^kind: choose kms/],
    ['name', { kind: 'kms', name: '', region: 'eu-de' }, /^name: a name is required/],
    [
      'long name',
      { kind: 'kms', name: 'n'.repeat(91), region: 'eu-de' },
      /^name: use 2–90 characters \(this has 91\)/,
    ],
    [
      'region',
      { kind: 'kms', name: 'Keys', region: 'mars-1' },
      /^region: choose one of us-south, /,
    ],
  ];
  it.each(invalid)('refuses a bad %s, storing nothing', async (_what, req, message) => {
    const before = await snapshot(h);
    const error = await expectError(
      e.createInstance(admin, req as never),
      400,
      'INVALID_FIELD_ERR',
    );
    expect(error.message).toMatch(message);
    await expectUnchanged(h, before, 'INVALID_FIELD_ERR', e);
  });

  it('refuses non-Administrators', async () => {
    for (const persona of ['manager', 'writer', 'reader'] as const) {
      await e.flushEvents();
      const before = await snapshot(h);
      const error = await expectError(
        e.createInstance(h.as(persona), { kind: 'kms', name: 'Mine', region: 'eu-de' }),
        401,
        'UNAUTHORIZED_ERR',
      );
      expect(error.message).toMatch(/this needs the Administrator role\.$/);
      await expectUnchanged(h, before, 'UNAUTHORIZED_ERR', e);
    }
    await expectError(
      e.renameInstance(h.as('manager'), h.instanceId, 'New'),
      401,
      'UNAUTHORIZED_ERR',
    );
    await expectError(e.deleteInstance(h.as('manager'), h.instanceId), 401, 'UNAUTHORIZED_ERR');
    await expectError(e.getInstanceUsage(h.as('manager')), 401, 'UNAUTHORIZED_ERR');
  });
});

describe('renaming and deleting instances', () => {
  it('renames, validated; unknown ids are 404', async () => {
    const renamed = await e.renameInstance(admin, h.instanceId, 'Main keys');
    expect(renamed.name).toBe('Main keys');
    expect((await e.getSession()).instances.find((i) => i.id === h.instanceId)?.name).toBe(
      'Main keys',
    );
    await expectError(e.renameInstance(admin, h.instanceId, ' x'), 400, 'INVALID_FIELD_ERR');
    await expectError(e.renameInstance(admin, 'nope', 'Name'), 404, 'INSTANCE_NOT_FOUND_ERR');
    await expectError(e.deleteInstance(admin, 'nope'), 404, 'INSTANCE_NOT_FOUND_ERR');
  });

  it('refuses while keys that are not Deleted remain, naming them; then deletes everything of it', async () => {
    const kms = await e.createInstance(admin, { kind: 'kms', name: 'Temp', region: 'eu-gb' });
    const cos = (await e.getSession()).instances.find((i) => i.kind === 'cos');
    if (!cos) throw new Error('no cos');
    await e.grantAccess(admin, {
      userId: 'user-manager',
      role: 'Manager',
      scope: { instanceId: kms.id },
    });
    const ctx = { userId: 'user-manager', instanceId: kms.id };
    const a = await e.createKey(ctx, { name: 'alpha', extractable: false, aliases: ['al'] });
    const b = await e.createKey(ctx, { name: 'beta', extractable: true });
    await e.deleteKey(ctx, b.id);
    await e.createImportToken(ctx);
    await e.createAuthorization(admin, {
      sourceInstanceId: cos.id,
      targetInstanceId: kms.id,
      role: 'Reader',
    });
    await e.flushEvents();
    const before = await snapshot(h);
    const error = await expectError(e.deleteInstance(admin, kms.id), 409, 'INSTANCE_NOT_EMPTY_ERR');
    expect(error.message).toBe(
      '"Temp" still holds 1 key that is not Deleted: delete the keys first.',
    );
    expect(error.reasons).toEqual(['alpha']);
    await expectUnchanged(h, before, 'INSTANCE_NOT_EMPTY_ERR', e);
    expect((await e.getInstanceUsage(admin))[kms.id]).toEqual({
      activeKeys: 1,
      deletedKeys: 1,
      keyRings: 1,
      resources: [],
      authorizations: 1,
      policies: 1,
    });

    await e.deleteKey(ctx, a.id);
    await e.deleteInstance(admin, kms.id);
    const session = await e.getSession();
    expect(session.instances.map((i) => i.id)).not.toContain(kms.id);
    expect(session.policies.some((p) => p.scope.instanceId === kms.id)).toBe(false);
    expect((await e.listAuthorizations(admin)).total).toBe(0);
    for (const store of ['keys', 'keyRings', 'aliases', 'masterKeys', 'importTokens'] as const) {
      const rows = await readAll<{ instanceId: string }>(h, store);
      expect([store, rows.some((r) => r.instanceId === kms.id)]).toEqual([store, false]);
    }
    const versions = await readAll<{ keyId: string }>(h, 'keyVersions');
    expect(versions.some((v) => v.keyId === a.id || v.keyId === b.id)).toBe(false);
    await expectError(e.listKeys(ctx), 404, 'INSTANCE_NOT_FOUND_ERR');
  });

  it('refuses while the object-storage instance holds buckets, naming them', async () => {
    const cos = await e.createInstance(admin, { kind: 'cos', name: 'Media', region: 'eu-de' });
    const key = await e.createKey(h.as('manager'), { name: 'bucket key', extractable: false });
    await e.registerResource(
      key.id,
      `crn:v1:keyward:public:cloud-object-storage:global:a/x:${cos.id}:bucket:films`,
      false,
    );
    await e.flushEvents();
    const before = await snapshot(h);
    const error = await expectError(e.deleteInstance(admin, cos.id), 409, 'INSTANCE_NOT_EMPTY_ERR');
    expect(error.message).toBe('"Media" still holds 1 bucket (films): delete the buckets first.');
    expect(error.reasons).toEqual(['films']);
    await expectUnchanged(h, before, 'INSTANCE_NOT_EMPTY_ERR', e);
    expect((await e.getInstanceUsage(admin))[cos.id]?.resources).toEqual(['films']);
  });
});
