/**
 * SPEC.md sections 1 and 2: the bootstrapped account, the permission table for every role and
 * action (engine-enforced), scoped policies, and refusals of unknown users and instances.
 */
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../domain/api';
import { KeyState } from '../../domain/key-state';
import type { ServiceRole } from '../../domain/roles';
import { DAY, HOUR, SECOND } from '../../domain/time';
import { REGIONS } from '../../domain/types';
import { Engine } from '../engine';
import { expectError } from '../test/expect-error';
import { openHarness, type Harness } from '../test/harness';
import { addKeyRing, addUser, grant, rawEvents, readAll } from '../test/raw-db';
import { DEMO_USERS } from './bootstrap';

describe('account bootstrap', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness();
  });

  it('creates the account, the demo users and the kms, cos and hpcs instances', async () => {
    const session = await h.engine.getSession();
    expect(session.account.id).toMatch(/^[0-9a-f]{32}$/);
    expect(session.account.createdAt).toBe(new Date(h.clock.now).toISOString());
    expect(session.users.map((u) => u.id).sort()).toEqual(
      [
        'user-admin',
        'user-manager',
        'user-reader',
        'user-writer',
        'user-custodian-1',
        'user-custodian-2',
      ].sort(),
    );
    for (const user of session.users) expect(user.email).toMatch(/@keyward\.example$/);
    expect(session.instances.map((i) => i.kind).sort()).toEqual(['cos', 'hpcs', 'kms']);
    const service = { kms: 'kms', cos: 'cloud-object-storage', hpcs: 'hs-crypto' };
    for (const instance of session.instances) {
      expect(REGIONS).toContain(instance.region);
      expect(instance.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(instance.crn).toBe(
        `crn:v1:keyward:public:${service[instance.kind]}:${instance.region}:a/${session.account.id}:${instance.id}::`,
      );
    }
    expect(session.now).toBe(new Date(h.clock.now).toISOString());
    expect(session.clockOffsetMs).toBe(0);
  });

  it('gives each demo user their role, and KeyPurge only to the Administrator', async () => {
    const { policies, instances } = await h.engine.getSession();
    const kindOf = (id?: string) => instances.find((i) => i.id === id)?.kind ?? 'account';
    const summary = policies
      .map((p) => `${p.userId} ${p.role} ${kindOf(p.scope.instanceId)}`)
      .sort();
    expect(summary).toEqual(
      [
        'user-admin Administrator account',
        'user-admin KeyPurge kms',
        'user-admin Reader kms',
        'user-manager Manager kms',
        'user-reader Reader kms',
        'user-writer Writer kms',
        // object storage: the same roles on the cos instance
        'user-manager Manager cos',
        'user-reader Reader cos',
        'user-writer Writer cos',
        // Hyper Protect: two custodians and Max are Managers; Wren and Rhea watch
        'user-custodian-1 Manager hpcs',
        'user-custodian-2 Manager hpcs',
        'user-manager Manager hpcs',
        'user-writer Writer hpcs',
        'user-reader Reader hpcs',
      ].sort(),
    );
    expect(policies.filter((p) => p.role === 'KeyPurge').map((p) => p.userId)).toEqual([
      'user-admin',
    ]);
  });

  it('creates the default key ring and a master key for the kms instance', async () => {
    const hpcs = (await h.engine.getSession()).instances.find((i) => i.kind === 'hpcs');
    expect(
      (await readAll<{ instanceId: string }>(h, 'keyRings')).sort((a, b) =>
        a.instanceId === h.instanceId ? -1 : b.instanceId === h.instanceId ? 1 : 0,
      ),
    ).toEqual([
      { instanceId: h.instanceId, id: 'default', creationDate: h.clock.now, createdBy: 'system' },
      { instanceId: hpcs?.id, id: 'default', creationDate: h.clock.now, createdBy: 'system' },
    ]);
    const masterKeys = await readAll<{ instanceId: string }>(h, 'masterKeys');
    expect(masterKeys.map((m) => m.instanceId)).toEqual([h.instanceId]);
    const key = await h.engine.createKey(h.as('writer'), { name: 'k1', extractable: false });
    expect(key.keyRingID).toBe('default');
  });

  it('bootstraps once: reopening keeps the same account', async () => {
    const before = await h.engine.getSession();
    const tab = await h.openTab();
    const after = await tab.getSession();
    expect(after.account).toEqual(before.account);
    expect(after.instances).toEqual(before.instances);
    expect(after.policies.length).toBe(before.policies.length);
  });

  it('two tabs opening a fresh profile at once make one account', async () => {
    const factory = new IDBFactory();
    const open = () => Engine.open({ indexedDB: factory, dbName: 'race', channel: null });
    const [a, b] = await Promise.all([open(), open()]);
    const [sa, sb] = await Promise.all([a.getSession(), b.getSession()]);
    expect(sa.account.id).toBe(sb.account.id);
    expect(sa.instances.length).toBe(3);
    expect(sb.policies.length).toBe(14);
    await Promise.all([a.close(), b.close()]);
  });
});

// ---------------------------------------------------------------------------------------------
// The permission table, action by action and role by role.

type Role = ServiceRole | 'Reader+KeyPurge';
const ROLES: Role[] = ['Reader', 'ReaderPlus', 'Writer', 'Manager', 'KeyPurge', 'Reader+KeyPurge'];

/** The user holding each role: demo personas, plus two users added through the store. */
const USER_OF: Record<Role, string> = {
  Reader: DEMO_USERS.reader.id,
  ReaderPlus: 'user-readerplus',
  Writer: DEMO_USERS.writer.id,
  Manager: DEMO_USERS.manager.id,
  KeyPurge: 'user-purger',
  'Reader+KeyPurge': DEMO_USERS.admin.id,
};

interface Fixture {
  root: string;
  standard: string;
  dual: string;
  suspended: string;
  destroyed: string;
  ciphertext: string;
}

/** A fresh account with every kind of key an action needs, and a tab that sees all users. */
async function permissionFixture(): Promise<{ h: Harness; tab: Engine; fx: Fixture }> {
  const h = await openHarness();
  const m = h.as('manager');
  const e = h.engine;
  const root = await e.createKey(m, { name: 'root', extractable: false, aliases: ['root-a'] });
  const standard = await e.createKey(m, { name: 'standard', extractable: true });
  const dual = await e.createKey(m, { name: 'dual', extractable: false });
  await e.putKeyPolicies(m, dual.id, { dualAuthDelete: { enabled: true } });
  await e.setKeyForDeletion(h.as('writer'), dual.id);
  const suspended = await e.createKey(m, { name: 'suspended', extractable: false });
  await e.disableKey(m, suspended.id);
  const destroyed = await e.createKey(m, { name: 'destroyed', extractable: false });
  await e.deleteKey(m, destroyed.id);
  const { ciphertext } = await e.wrap(m, root.id);
  // The setup's read events are group-committed later; write them now, so the last event a test
  // reads is its own call's even on a loaded machine.
  await e.flushEvents();
  h.clock.advance(4 * HOUR + SECOND);
  await addUser(h, 'user-readerplus', 'Remy ReaderPlus');
  await grant(h, 'user-readerplus', 'ReaderPlus');
  await addUser(h, 'user-purger', 'Pat Purger');
  await grant(h, 'user-purger', 'KeyPurge');
  await addKeyRing(h, 'spare');
  const tab = await h.openTab();
  return {
    h,
    tab,
    fx: {
      root: root.id,
      standard: standard.id,
      dual: dual.id,
      suspended: suspended.id,
      destroyed: destroyed.id,
      ciphertext,
    },
  };
}

interface ActionCase {
  call: string;
  /** The action's audit name. */
  event: string;
  /** The roles the spec's table allows, and the least of them (named in a denial). */
  allowed: Role[];
  needs: ServiceRole;
  run(e: Engine, ctx: CallContext, fx: Fixture): Promise<unknown>;
  /** What a successful call returns, checked loosely. */
  check?(result: unknown, fx: Fixture): void;
}

const READERS: Role[] = ['Reader', 'ReaderPlus', 'Writer', 'Manager', 'Reader+KeyPurge'];
const PAYLOAD: Role[] = ['ReaderPlus', 'Writer', 'Manager'];
const WRITERS: Role[] = ['Writer', 'Manager'];
const MANAGERS: Role[] = ['Manager'];
const PURGERS: Role[] = ['KeyPurge', 'Reader+KeyPurge'];

const CASES: ActionCase[] = [
  {
    call: 'listKeys',
    event: 'kms.secrets.list',
    allowed: READERS,
    needs: 'Reader',
    run: (e, c) => e.listKeys(c),
    check: (r) => expect(r).toMatchObject({ total: 4 }),
  },
  {
    call: 'getKeyMetadata',
    event: 'kms.secrets-metadata.read',
    allowed: READERS,
    needs: 'Reader',
    run: (e, c, fx) => e.getKeyMetadata(c, fx.root),
    check: (r, fx) => expect(r).toMatchObject({ id: fx.root }),
  },
  {
    call: 'getKeyVersions',
    event: 'kms.secrets-key-versions.list',
    allowed: READERS,
    needs: 'Reader',
    run: (e, c, fx) => e.getKeyVersions(c, fx.root),
    check: (r) => expect(r).toMatchObject({ total: 1 }),
  },
  {
    call: 'getKey (root key)',
    event: 'kms.secrets.read',
    allowed: READERS,
    needs: 'Reader',
    run: (e, c, fx) => e.getKey(c, fx.root),
    check: (r) => expect(r).not.toHaveProperty('payload'),
  },
  {
    call: 'getKey (standard key payload)',
    event: 'kms.secrets.read',
    allowed: PAYLOAD,
    needs: 'ReaderPlus',
    run: (e, c, fx) => e.getKey(c, fx.standard),
    check: (r) => expect((r as { payload: string }).payload).toMatch(/^[A-Za-z0-9+/]{43}=$/),
  },
  {
    call: 'wrap',
    event: 'kms.secrets.wrap',
    allowed: READERS,
    needs: 'Reader',
    run: (e, c, fx) => e.wrap(c, fx.root),
  },
  {
    call: 'unwrap',
    event: 'kms.secrets.unwrap',
    allowed: READERS,
    needs: 'Reader',
    run: (e, c, fx) => e.unwrap(c, fx.root, { ciphertext: fx.ciphertext }),
  },
  {
    call: 'rewrap',
    event: 'kms.secrets.rewrap',
    allowed: READERS,
    needs: 'Reader',
    run: (e, c, fx) => e.rewrap(c, fx.root, { ciphertext: fx.ciphertext }),
  },
  {
    call: 'createKey',
    event: 'kms.secrets.create',
    allowed: WRITERS,
    needs: 'Writer',
    run: (e, c) => e.createKey(c, { name: 'new key', extractable: false }),
  },
  {
    call: 'rotate',
    event: 'kms.secrets.rotate',
    allowed: WRITERS,
    needs: 'Writer',
    run: (e, c, fx) => e.rotate(c, fx.root),
  },
  {
    call: 'createAlias',
    event: 'kms.secrets-alias.create',
    allowed: WRITERS,
    needs: 'Writer',
    run: (e, c, fx) => e.createAlias(c, fx.root, 'root-b'),
    check: (r) => expect(r).toMatchObject({ aliases: ['root-a', 'root-b'] }),
  },
  {
    call: 'setKeyForDeletion',
    event: 'kms.secrets.setkeyfordeletion',
    allowed: WRITERS,
    needs: 'Writer',
    run: (e, c, fx) => e.setKeyForDeletion(c, fx.dual),
  },
  {
    call: 'unsetKeyForDeletion',
    event: 'kms.secrets.unsetkeyfordeletion',
    allowed: WRITERS,
    needs: 'Writer',
    run: (e, c, fx) => e.unsetKeyForDeletion(c, fx.dual),
  },
  {
    call: 'disableKey',
    event: 'kms.secrets.disable',
    allowed: MANAGERS,
    needs: 'Manager',
    run: (e, c, fx) => e.disableKey(c, fx.root),
    check: (r) => expect(r).toMatchObject({ state: KeyState.Suspended }),
  },
  {
    call: 'enableKey',
    event: 'kms.secrets.enable',
    allowed: MANAGERS,
    needs: 'Manager',
    run: (e, c, fx) => e.enableKey(c, fx.suspended),
    check: (r) => expect(r).toMatchObject({ state: KeyState.Active }),
  },
  {
    call: 'deleteKey',
    event: 'kms.secrets.delete',
    allowed: MANAGERS,
    needs: 'Manager',
    run: (e, c, fx) => e.deleteKey(c, fx.root),
    check: (r) => expect(r).toMatchObject({ state: KeyState.Destroyed }),
  },
  {
    call: 'restoreKey',
    event: 'kms.secrets.restore',
    allowed: MANAGERS,
    needs: 'Manager',
    run: (e, c, fx) => e.restoreKey(c, fx.destroyed),
    check: (r) => expect(r).toMatchObject({ state: KeyState.Active }),
  },
  {
    call: 'deleteAlias',
    event: 'kms.secrets-alias.delete',
    allowed: MANAGERS,
    needs: 'Manager',
    run: (e, c, fx) => e.deleteAlias(c, fx.root, 'root-a'),
    check: (r) => expect(r).toMatchObject({ aliases: [] }),
  },
  {
    call: 'getKeyPolicies',
    event: 'kms.policies.read',
    allowed: MANAGERS,
    needs: 'Manager',
    run: (e, c, fx) => e.getKeyPolicies(c, fx.dual),
    check: (r) =>
      expect(r).toEqual({
        dualAuthDelete: { enabled: true },
        rotation: { enabled: false, interval_month: 1 },
      }),
  },
  {
    call: 'putKeyPolicies',
    event: 'kms.policies.write',
    allowed: MANAGERS,
    needs: 'Manager',
    run: (e, c, fx) => e.putKeyPolicies(c, fx.root, { dualAuthDelete: { enabled: true } }),
  },
  {
    call: 'purgeKey',
    event: 'kms.secrets.purge',
    allowed: PURGERS,
    needs: 'KeyPurge',
    run: (e, c, fx) => e.purgeKey(c, fx.destroyed),
  },
  // Key rings (issue 4)
  {
    call: 'createKeyRing',
    event: 'kms.key-rings.create',
    allowed: WRITERS,
    needs: 'Writer',
    run: (e, c) => e.createKeyRing(c, 'new-ring'),
    check: (r) => expect(r).toMatchObject({ id: 'new-ring', keyCount: 0 }),
  },
  {
    call: 'deleteKeyRing',
    event: 'kms.key-rings.delete',
    allowed: MANAGERS,
    needs: 'Manager',
    run: (e, c) => e.deleteKeyRing(c, 'spare'),
  },
  {
    call: 'setKeyRing',
    event: 'kms.secrets.patch',
    allowed: MANAGERS,
    needs: 'Manager',
    run: (e, c, fx) => e.setKeyRing(c, fx.root, 'spare'),
    check: (r) => expect(r).toMatchObject({ keyRingID: 'spare' }),
  },
];

describe('the permission table (SPEC.md section 2), enforced by the engine', () => {
  const pairs = CASES.flatMap((c) => ROLES.map((role) => [c.call, role, c] as const));

  it.each(pairs)('%s as %s', async (_call, role, action) => {
    const { h, tab, fx } = await permissionFixture();
    const ctx = h.asUser(USER_OF[role]);
    if (action.allowed.includes(role)) {
      const result = await action.run(tab, ctx, fx);
      action.check?.(result, fx);
      await tab.flushEvents();
      const last = (await rawEvents(h)).at(-1);
      expect(last).toMatchObject({ action: action.event, outcome: 'success' });
    } else {
      const error = await expectError(action.run(tab, ctx, fx), 401, 'UNAUTHORIZED_ERR');
      expect(error.message).toMatch(new RegExp(`this needs the ${action.needs} role\\.$`));
      // The denial is audited as a failure, with its reason.
      await tab.flushEvents();
      const last = (await rawEvents(h)).at(-1);
      expect(last).toMatchObject({
        action: action.event,
        outcome: 'failure',
        initiator: { id: USER_OF[role] },
        reason: { status: 401, code: 'UNAUTHORIZED_ERR' },
      });
    }
  });

  it('getPermissions reports the same table, with the role each denial needs', async () => {
    const { h, tab, fx } = await permissionFixture();
    const table = {
      read: READERS,
      wrap: READERS,
      readPayload: PAYLOAD,
      write: WRITERS,
      scheduleDeletion: WRITERS,
      manage: MANAGERS,
      policy: MANAGERS,
      purge: PURGERS,
    };
    const least = {
      read: 'Reader',
      wrap: 'Reader',
      readPayload: 'ReaderPlus',
      write: 'Writer',
      scheduleDeletion: 'Writer',
      manage: 'Manager',
      policy: 'Manager',
      purge: 'KeyPurge',
    };
    for (const role of ROLES) {
      for (const perms of [
        await tab.getPermissions(h.asUser(USER_OF[role])),
        await tab.getPermissions(h.asUser(USER_OF[role]), fx.root),
      ]) {
        for (const [action, roles] of Object.entries(table) as [keyof typeof table, Role[]][]) {
          const p = perms[action];
          if (roles.includes(role))
            expect([role, action, p]).toEqual([role, action, { allowed: true }]);
          else
            expect([role, action, p]).toEqual([
              role,
              action,
              {
                allowed: false,
                needs: least[action],
                reason: expect.stringContaining(`needs the ${least[action]} role`),
              },
            ]);
        }
      }
    }
  });
});

describe('a user with no role in the instance', () => {
  it('is refused everything, naming the role that would allow it', async () => {
    const h = await openHarness();
    const key = await h.engine.createKey(h.as('manager'), { name: 'k1', extractable: false });
    await addUser(h, 'user-none', 'Nora None');
    const tab = await h.openTab();
    const none = h.asUser('user-none');
    const e1 = await expectError(tab.listKeys(none), 401, 'UNAUTHORIZED_ERR');
    expect(e1.message).toBe(
      'Nora None may not read keys on this instance: this needs the Reader role.',
    );
    await expectError(tab.getKeyMetadata(none, key.id), 401, 'UNAUTHORIZED_ERR');
    const e2 = await expectError(
      tab.createKey(none, { name: 'k2', extractable: false }),
      401,
      'UNAUTHORIZED_ERR',
    );
    expect(e2.message).toMatch(/needs the Writer role/);
    await expectError(tab.wrap(none, key.id), 401, 'UNAUTHORIZED_ERR');
    await expectError(tab.listEvents(none), 401, 'UNAUTHORIZED_ERR');
    await expectError(tab.verifyEvents(none), 401, 'UNAUTHORIZED_ERR');
  });
});

describe('unknown users and instances', () => {
  it('refuses an unknown user with 401 on every call, and audits it', async () => {
    const h = await openHarness();
    const key = await h.engine.createKey(h.as('manager'), { name: 'k1', extractable: false });
    const ghost = h.asUser('user-ghost');
    const calls: [string, Promise<unknown>][] = [
      ['kms.secrets.create', h.engine.createKey(ghost, { name: 'x1', extractable: false })],
      ['kms.secrets.list', h.engine.listKeys(ghost)],
      ['kms.secrets-metadata.read', h.engine.getKeyMetadata(ghost, key.id)],
      ['kms.secrets.wrap', h.engine.wrap(ghost, key.id)],
      ['kms.secrets.delete', h.engine.deleteKey(ghost, key.id)],
      ['keyward.events.list', h.engine.listEvents(ghost)],
      ['keyward.clock.advance', h.engine.advanceTime(ghost, 1000)],
    ];
    for (const [, call] of calls) {
      const error = await expectError(call, 401, 'UNAUTHORIZED_ERR');
      expect(error.message).toBe('Unknown user "user-ghost": sign in as a user of this account.');
    }
    await expectError(h.engine.getPermissions(ghost), 401, 'UNAUTHORIZED_ERR');
    await h.engine.flushEvents();
    const failures = (await rawEvents(h)).filter((e) => e.initiator.id === 'user-ghost');
    expect(failures.map((e) => e.action).sort()).toEqual(calls.map(([a]) => a).sort());
    for (const e of failures)
      expect(e).toMatchObject({
        outcome: 'failure',
        initiator: { name: 'unknown user', roles: [] },
        reason: { status: 401, code: 'UNAUTHORIZED_ERR' },
      });
  });

  it('refuses an unknown instance, or one that is not a key management instance, with 404', async () => {
    const h = await openHarness();
    const session = await h.engine.getSession();
    const cos = session.instances.find((i) => i.kind === 'cos');
    for (const instanceId of ['00000000-0000-4000-8000-000000000000', cos?.id ?? '']) {
      const ctx = { userId: DEMO_USERS.manager.id, instanceId };
      const error = await expectError(
        h.engine.createKey(ctx, { name: 'k1', extractable: false }),
        404,
        'INSTANCE_NOT_FOUND_ERR',
      );
      expect(error.message).toBe(`No key management instance has the id "${instanceId}".`);
      await expectError(h.engine.listKeys(ctx), 404, 'INSTANCE_NOT_FOUND_ERR');
      await expectError(h.engine.getKey(ctx, 'some-alias'), 404, 'INSTANCE_NOT_FOUND_ERR');
      await expectError(h.engine.listEvents(ctx), 404, 'INSTANCE_NOT_FOUND_ERR');
      await expectError(h.engine.getPermissions(ctx), 404, 'INSTANCE_NOT_FOUND_ERR');
    }
    await h.engine.flushEvents();
    const failures = (await rawEvents(h)).filter(
      (e) => e.reason?.code === 'INSTANCE_NOT_FOUND_ERR',
    );
    expect(failures.length).toBe(8);
  });
});

describe('scoped policies', () => {
  it('a key-ring-scoped Manager manages keys of that ring only', async () => {
    const h = await openHarness();
    const m = h.as('manager');
    await addKeyRing(h, 'team-a');
    const inRing = await h.engine.createKey(m, {
      name: 'ring key',
      extractable: false,
      keyRingID: 'team-a',
    });
    const outside = await h.engine.createKey(m, { name: 'default key', extractable: false });
    await addUser(h, 'user-ring', 'Rory Ring');
    await grant(h, 'user-ring', 'Manager', { keyRingID: 'team-a' });
    const tab = await h.openTab();
    const ring = h.asUser('user-ring');

    const list = await tab.listKeys(ring);
    expect(list.keys.map((k) => k.id)).toEqual([inRing.id]);
    expect(list.total).toBe(1);
    expect((await tab.disableKey(ring, inRing.id)).state).toBe(KeyState.Suspended);
    const denied = await expectError(tab.disableKey(ring, outside.id), 401, 'UNAUTHORIZED_ERR');
    expect(denied.message).toBe(
      `Rory Ring may not enable, disable, delete and restore keys on key ${outside.id}: this needs the Manager role.`,
    );
    await expectError(tab.getKeyMetadata(ring, outside.id), 401, 'UNAUTHORIZED_ERR');
    const created = await tab.createKey(ring, {
      name: 'ring key 2',
      extractable: false,
      keyRingID: 'team-a',
    });
    expect(created.keyRingID).toBe('team-a');
    const e = await expectError(
      tab.createKey(ring, { name: 'default key 2', extractable: false }),
      401,
      'UNAUTHORIZED_ERR',
    );
    expect(e.message).toMatch(/on key ring "default": this needs the Writer role\.$/);
    // The audit event records the roles the user held at the target.
    await tab.flushEvents();
    const events = await rawEvents(h);
    expect(events.find((ev) => ev.action === 'kms.secrets.disable')?.initiator.roles).toEqual([
      'Manager',
    ]);
  });

  it('a key-scoped Writer rotates that key only; roles add up with an instance Reader', async () => {
    const h = await openHarness();
    const m = h.as('manager');
    const mine = await h.engine.createKey(m, { name: 'mine', extractable: false });
    const other = await h.engine.createKey(m, { name: 'other', extractable: false });
    await grant(h, DEMO_USERS.reader.id, 'Writer', { keyId: mine.id });
    const tab = await h.openTab();
    const r = h.as('reader');
    expect((await tab.rotate(r, mine.id)).keyVersion.id).not.toBe(mine.keyVersion.id);
    const e = await expectError(tab.rotate(r, other.id), 401, 'UNAUTHORIZED_ERR');
    expect(e.message).toMatch(/this needs the Writer role/);
    // Reader on the instance still reads and wraps the other key.
    await tab.wrap(r, other.id);
    expect((await tab.listKeys(r)).total).toBe(2);
    await expectError(
      tab.createKey(r, { name: 'n1', extractable: false }),
      401,
      'UNAUTHORIZED_ERR',
    );
    const perms = await tab.getPermissions(r, mine.id);
    expect(perms.write).toEqual({ allowed: true });
    expect(perms.manage.allowed).toBe(false);
    expect((await tab.getPermissions(r, other.id)).write.allowed).toBe(false);
  });

  it('a key-scoped user sees only that key', async () => {
    const h = await openHarness();
    const m = h.as('manager');
    const only = await h.engine.createKey(m, { name: 'only', extractable: false });
    await h.engine.createKey(m, { name: 'hidden', extractable: false });
    await addUser(h, 'user-key', 'Kim Key');
    await grant(h, 'user-key', 'Reader', { keyId: only.id });
    const tab = await h.openTab();
    const list = await tab.listKeys(h.asUser('user-key'));
    expect(list.keys.map((k) => k.name)).toEqual(['only']);
    expect(list.total).toBe(1);
  });

  it('a Reader reads a standard key payload only where ReaderPlus is granted', async () => {
    const h = await openHarness();
    const m = h.as('manager');
    const granted = await h.engine.createKey(m, { name: 'granted', extractable: true });
    const plain = await h.engine.createKey(m, { name: 'plain', extractable: true });
    const before = await expectError(
      h.engine.getKey(h.as('reader'), granted.id),
      401,
      'UNAUTHORIZED_ERR',
    );
    expect(before.message).toBe(
      `Rhea Reader may not read a standard key's payload on key ${granted.id}: this needs the ReaderPlus role.`,
    );
    await grant(h, DEMO_USERS.reader.id, 'ReaderPlus', { keyId: granted.id });
    const tab = await h.openTab();
    const read = await tab.getKey(h.as('reader'), granted.id);
    expect(read.payload).toBe((await tab.getKey(h.as('manager'), granted.id)).payload);
    await expectError(tab.getKey(h.as('reader'), plain.id), 401, 'UNAUTHORIZED_ERR');
  });
});

describe('time rules do not bypass permissions', () => {
  it('a refused purge stays refused after the waiting period', async () => {
    const h = await openHarness();
    const key = await h.engine.createKey(h.as('manager'), { name: 'k1', extractable: false });
    await h.engine.deleteKey(h.as('manager'), key.id);
    h.clock.advance(5 * DAY);
    const e = await expectError(
      h.engine.purgeKey(h.as('manager'), key.id),
      401,
      'UNAUTHORIZED_ERR',
    );
    expect(e.message).toMatch(/this needs the KeyPurge role\.$/);
  });
});

describe('getKeyPermissions', () => {
  it('answers per key, following each key scope, and leaves unknown ids out', async () => {
    const h = await openHarness();
    const inDefault = await h.engine.createKey(h.as('manager'), {
      name: 'in-default',
      extractable: false,
    });
    const perms = await h.engine.getKeyPermissions(h.as('writer'), [
      inDefault.id,
      '00000000-0000-4000-8000-000000000000',
    ]);
    expect(Object.keys(perms)).toEqual([inDefault.id]);
    expect(perms[inDefault.id]?.write.allowed).toBe(true);
    expect(perms[inDefault.id]?.manage).toMatchObject({ allowed: false, needs: 'Manager' });
    const reader = await h.engine.getKeyPermissions(h.as('reader'), [inDefault.id]);
    expect(reader[inDefault.id]?.wrap.allowed).toBe(true);
    expect(reader[inDefault.id]?.write).toMatchObject({ allowed: false, needs: 'Writer' });
    await h.engine.close();
  });
});

describe('getPermissions without a key', () => {
  it('answers for anywhere in the instance: a Writer on one ring may create (there), not manage', async () => {
    const h = await openHarness();
    await addKeyRing(h, 'team-a');
    await addUser(h, 'ring-writer');
    await grant(h, 'ring-writer', 'Writer', { keyRingID: 'team-a' });
    const tab = await h.openTab();
    const perms = await tab.getPermissions(h.asUser('ring-writer'));
    expect(perms.write.allowed).toBe(true);
    expect(perms.manage).toMatchObject({ allowed: false, needs: 'Manager' });
    // …and the engine still checks the ring each call names.
    await expectError(
      tab.createKey(h.asUser('ring-writer'), { name: 'in-default', extractable: false }),
      401,
      'UNAUTHORIZED_ERR',
    );
    const made = await tab.createKey(h.asUser('ring-writer'), {
      name: 'in-team-a',
      extractable: false,
      keyRingID: 'team-a',
    });
    expect(made.keyRingID).toBe('team-a');
    await tab.close();
    await h.engine.close();
  });
});
