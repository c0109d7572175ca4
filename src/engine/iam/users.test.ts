/**
 * Users and access policies (SPEC sections 1, 2): add and remove users, grant and revoke roles at
 * instance, ring and key scope, the last-Administrator rule, refusals with nothing stored, and the
 * "what can this user do?" check, compared action by action with what the engine then does.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../domain/api';
import type { ErrorCode } from '../../domain/errors';
import type { KeyAction } from '../../domain/roles';
import { HOUR, SECOND } from '../../domain/time';
import type { Engine } from '../engine';
import { expectError } from '../test/expect-error';
import { expectUnchanged } from '../test/expect-unchanged';
import { openHarness, type Harness } from '../test/harness';
import { addInstance, addKeyRing, rawEvents, snapshot } from '../test/raw-db';

let h: Harness;
let e: Engine;
let admin: CallContext;

beforeEach(async () => {
  h = await openHarness();
  await addKeyRing(h, 'ring-a');
  await addKeyRing(h, 'ring-b');
  await addInstance(h, 'cos-2', 'cos', 'Storage two');
  e = await h.openTab();
  admin = h.as('admin');
});

const newUser = (name = 'Nia New', email = 'nia@example.com') => e.addUser(admin, { name, email });

describe('adding and removing users', () => {
  it('adds a user with no access, audited', async () => {
    const user = await newUser();
    expect(user).toEqual({
      id: expect.stringMatching(/^user-[0-9a-f-]{36}$/),
      name: 'Nia New',
      email: 'nia@example.com',
    });
    const session = await e.getSession();
    expect(session.users).toContainEqual(user);
    expect(session.policies.filter((p) => p.userId === user.id)).toEqual([]);
    await expectError(e.listKeys(h.asUser(user.id)), 401, 'UNAUTHORIZED_ERR');
    await e.flushEvents();
    expect((await rawEvents(h)).find((ev) => ev.action === 'iam.user.create')).toMatchObject({
      outcome: 'success',
      target: { crn: expect.stringContaining(`::user:${user.id}`) },
    });
  });

  const invalid: [string, string, string, RegExp][] = [
    ['', 'a@b.co', 'name', /^name: a name is required/],
    ['N', 'a@b.co', 'name', /^name: use 2–90 characters \(this has 1\)/],
    [' Nia', 'a@b.co', 'name', /^name: remove the spaces/],
    ['Nia', '', 'email', /^email: an email address is required/],
    ['Nia', 'nia@example', 'email', /^email: enter an address such as name@example\.com/],
    ['Nia', 'nia example.com', 'email', /^email: enter an address/],
  ];
  it.each(invalid)('refuses name %j and email %j', async (name, email, _field, message) => {
    const before = await snapshot(h);
    const error = await expectError(e.addUser(admin, { name, email }), 400, 'INVALID_FIELD_ERR');
    expect(error.message).toMatch(message);
    await expectUnchanged(h, before, 'INVALID_FIELD_ERR', e);
  });

  it('refuses an email another user has (in any case)', async () => {
    const before = await snapshot(h);
    const error = await expectError(
      e.addUser(admin, { name: 'Max Two', email: 'MAX.manager@keyward.example' }),
      409,
      'USER_EXISTS_ERR',
    );
    expect(error.message).toBe(
      'Max Manager already uses the email address max.manager@keyward.example: each user needs their own.',
    );
    expect(error.reasons).toEqual(['user-manager']);
    await expectUnchanged(h, before, 'USER_EXISTS_ERR', e);
  });

  it('removes a user with their policies; they can do nothing afterwards', async () => {
    const policiesBefore = (await e.getSession()).policies;
    const writers = policiesBefore.filter((p) => p.userId === 'user-writer').length;
    expect(writers).toBeGreaterThan(0);
    await e.removeUser(admin, 'user-writer');
    const session = await e.getSession();
    expect(session.users.map((u) => u.id)).not.toContain('user-writer');
    expect(session.policies.length).toBe(policiesBefore.length - writers);
    expect(session.policies.some((p) => p.userId === 'user-writer')).toBe(false);
    const error = await expectError(e.listKeys(h.as('writer')), 401, 'UNAUTHORIZED_ERR');
    expect(error.message).toMatch(/Unknown user "user-writer"/);
    await expectError(e.removeUser(admin, 'user-writer'), 404, 'USER_NOT_FOUND_ERR');
  });

  it('never removes the last Administrator, but removes one of two', async () => {
    const before = await snapshot(h);
    const error = await expectError(
      e.removeUser(admin, 'user-admin'),
      409,
      'LAST_ADMINISTRATOR_ERR',
    );
    expect(error.message).toBe(
      "Ada Admin is the account's only Administrator: make someone else Administrator first.",
    );
    await expectUnchanged(h, before, 'LAST_ADMINISTRATOR_ERR', e);
    await e.grantAccess(admin, { userId: 'user-manager', role: 'Administrator', scope: {} });
    await e.removeUser(h.as('manager'), 'user-admin');
    expect((await e.getSession()).users.map((u) => u.id)).not.toContain('user-admin');
  });

  it('refuses non-Administrators, naming the role', async () => {
    for (const persona of ['manager', 'writer', 'reader'] as const) {
      const ctx = h.as(persona);
      await e.flushEvents();
      const before = await snapshot(h);
      const error = await expectError(
        e.addUser(ctx, { name: 'Nia', email: 'nia@example.com' }),
        401,
        'UNAUTHORIZED_ERR',
      );
      expect(error.message).toMatch(/may not add users: this needs the Administrator role\.$/);
      await expectUnchanged(h, before, 'UNAUTHORIZED_ERR', e);
      await expectError(e.removeUser(ctx, 'user-reader'), 401, 'UNAUTHORIZED_ERR');
      await expectError(
        e.grantAccess(ctx, {
          userId: 'user-reader',
          role: 'Manager',
          scope: { instanceId: h.instanceId },
        }),
        401,
        'UNAUTHORIZED_ERR',
      );
      const policy = (await e.getSession()).policies[0];
      await expectError(e.revokeAccess(ctx, policy?.id ?? ''), 401, 'UNAUTHORIZED_ERR');
    }
  });
});

describe('granting and revoking access', () => {
  it('a role on an object-storage instance lets a new user use its buckets', async () => {
    const user = await newUser();
    const cos = { userId: user.id, instanceId: 'cos-2' };
    await expectError(e.listBuckets(cos), 401, 'UNAUTHORIZED_ERR');
    await e.grantAccess(admin, { userId: user.id, role: 'Writer', scope: { instanceId: 'cos-2' } });
    const bucket = await e.createBucket(cos, { name: 'new-user-bucket' });
    expect(bucket.name).toBe('new-user-bucket');
    expect((await e.listBuckets(cos)).buckets.map((b) => b.name)).toContain('new-user-bucket');
  });

  it('Writer on one ring: writes there, and is a stranger elsewhere', async () => {
    const user = await newUser();
    const ctx = h.asUser(user.id);
    const policy = await e.grantAccess(admin, {
      userId: user.id,
      role: 'Writer',
      scope: { instanceId: h.instanceId, keyRingID: 'ring-a' },
    });
    expect(policy).toMatchObject({
      userId: user.id,
      role: 'Writer',
      scope: { instanceId: h.instanceId, keyRingID: 'ring-a' },
    });
    const mine = await e.createKey(ctx, {
      name: 'on ring a',
      extractable: false,
      keyRingID: 'ring-a',
    });
    await e.rotate(ctx, mine.id);
    await expectError(
      e.createKey(ctx, { name: 'on ring b', extractable: false, keyRingID: 'ring-b' }),
      401,
      'UNAUTHORIZED_ERR',
    );
    await expectError(
      e.createKey(ctx, { name: 'default', extractable: false }),
      401,
      'UNAUTHORIZED_ERR',
    );
    // Writer, not Manager: disabling is refused even on ring a.
    await expectError(e.disableKey(ctx, mine.id), 401, 'UNAUTHORIZED_ERR');
    // The list shows exactly the ring's keys.
    await e.createKey(h.as('manager'), { name: 'b key', extractable: false, keyRingID: 'ring-b' });
    expect((await e.listKeys(ctx)).keys.map((k) => k.name)).toEqual(['on ring a']);
    // Revoked: nothing any more, at once.
    await e.revokeAccess(admin, policy.id);
    await expectError(e.getKeyMetadata(ctx, mine.id), 401, 'UNAUTHORIZED_ERR');
  });

  it('a Manager on ring A is a Reader-less stranger on ring B, for every check', async () => {
    const user = await newUser();
    const ctx = h.asUser(user.id);
    await e.grantAccess(admin, {
      userId: user.id,
      role: 'Manager',
      scope: { instanceId: h.instanceId, keyRingID: 'ring-a' },
    });
    const m = h.as('manager');
    const make = async (ring: string) => {
      const root = await e.createKey(m, {
        name: `root ${ring}`,
        extractable: false,
        keyRingID: ring,
      });
      const standard = await e.createKey(m, {
        name: `std ${ring}`,
        extractable: true,
        keyRingID: ring,
      });
      const { ciphertext } = await e.wrap(m, root.id);
      return { root: root.id, standard: standard.id, ciphertext };
    };
    const a = await make('ring-a');
    const b = await make('ring-b');
    const calls: [string, (k: typeof a) => Promise<unknown>][] = [
      ['getKeyMetadata', (k) => e.getKeyMetadata(ctx, k.root)],
      ['getKeyVersions', (k) => e.getKeyVersions(ctx, k.root)],
      ['getKey payload', (k) => e.getKey(ctx, k.standard)],
      ['wrap', (k) => e.wrap(ctx, k.root)],
      ['unwrap', (k) => e.unwrap(ctx, k.root, { ciphertext: k.ciphertext })],
      ['rewrap', (k) => e.rewrap(ctx, k.root, { ciphertext: k.ciphertext })],
      ['createAlias', (k) => e.createAlias(ctx, k.root, `al-${k.root.slice(0, 8)}`)],
      ['getKeyPolicies', (k) => e.getKeyPolicies(ctx, k.root)],
      [
        'putKeyPolicies',
        (k) => e.putKeyPolicies(ctx, k.root, { dualAuthDelete: { enabled: false } }),
      ],
      ['rotate', (k) => e.rotate(ctx, k.root)],
      ['disableKey', (k) => e.disableKey(ctx, k.root)],
      ['deleteKey', (k) => e.deleteKey(ctx, k.standard)],
    ];
    for (const [name, call] of calls) {
      await expect(call(a).then(() => name)).resolves.toBe(name);
      const error = await expectError(call(b), 401, 'UNAUTHORIZED_ERR');
      expect([name, error.message]).toEqual([
        name,
        expect.stringContaining(
          `key ${name === 'getKey payload' || name === 'deleteKey' ? b.standard : b.root}`,
        ),
      ]);
    }
    // The ring-b keys are not even listed.
    expect((await e.listKeys(ctx)).keys.every((k) => k.keyRingID === 'ring-a')).toBe(true);
    // Purge needs KeyPurge, which Manager is not.
    h.clock.advance(4 * HOUR + SECOND);
    await expectError(e.purgeKey(ctx, a.standard), 401, 'UNAUTHORIZED_ERR');
  });

  it('one key: a Reader there reads that key only (alias accepted, stored as the id)', async () => {
    const m = h.as('manager');
    const one = await e.createKey(m, { name: 'one', extractable: false, aliases: ['the-one'] });
    const other = await e.createKey(m, { name: 'other', extractable: false });
    const policy = await e.grantAccess(admin, {
      userId: 'user-writer',
      role: 'Reader',
      scope: { instanceId: h.instanceId, keyId: 'the-one' },
    });
    expect(policy.scope).toEqual({ instanceId: h.instanceId, keyId: one.id });
    const user = await newUser();
    await e.grantAccess(admin, {
      userId: user.id,
      role: 'Reader',
      scope: { instanceId: h.instanceId, keyId: one.id },
    });
    const ctx = h.asUser(user.id);
    expect((await e.getKeyMetadata(ctx, one.id)).name).toBe('one');
    await expectError(e.getKeyMetadata(ctx, other.id), 401, 'UNAUTHORIZED_ERR');
  });

  it('Administrator is account-wide and lets its holder manage access', async () => {
    const user = await newUser();
    await expectError(
      e.grantAccess(admin, {
        userId: user.id,
        role: 'Administrator',
        scope: { instanceId: h.instanceId },
      }),
      400,
      'INVALID_FIELD_ERR',
    );
    const policy = await e.grantAccess(admin, {
      userId: user.id,
      role: 'Administrator',
      scope: {},
    });
    expect(policy.scope).toEqual({});
    await e.addUser(h.asUser(user.id), { name: 'Third', email: 'third@example.com' });
  });

  it('refuses the same role at the same scope twice, naming the existing policy', async () => {
    const first = await e.grantAccess(admin, {
      userId: 'user-reader',
      role: 'Writer',
      scope: { instanceId: h.instanceId, keyRingID: 'ring-a' },
    });
    const error = await expectError(
      e.grantAccess(admin, {
        userId: 'user-reader',
        role: 'Writer',
        scope: { instanceId: h.instanceId, keyRingID: 'ring-a' },
      }),
      409,
      'POLICY_EXISTS_ERR',
    );
    expect(error.reasons).toEqual([first.id]);
  });

  it('revokes, but never the last Administrator policy', async () => {
    const session = await e.getSession();
    const adminPolicy = session.policies.find((p) => p.role === 'Administrator');
    if (!adminPolicy) throw new Error('no admin policy');
    const before = await snapshot(h);
    await expectError(e.revokeAccess(admin, adminPolicy.id), 409, 'LAST_ADMINISTRATOR_ERR');
    await expectUnchanged(h, before, 'LAST_ADMINISTRATOR_ERR', e);
    await expectError(e.revokeAccess(admin, 'nope'), 404, 'POLICY_NOT_FOUND_ERR');
    const readerPolicy = session.policies.find(
      (p) => p.userId === 'user-reader' && p.scope.instanceId === h.instanceId,
    );
    await e.revokeAccess(admin, readerPolicy?.id ?? '');
    await expectError(e.listKeys(h.as('reader')), 401, 'UNAUTHORIZED_ERR');
    await e.flushEvents();
    expect(
      (await rawEvents(h))
        .filter((ev) => ev.action === 'iam.policy.delete')
        .map((ev) => ev.outcome),
    ).toEqual(['failure', 'failure', 'success']);
  });

  const refusals: [string, () => object, number, ErrorCode, RegExp][] = [
    [
      'unknown user',
      () => ({ userId: 'user-x', role: 'Reader', scope: { instanceId: h.instanceId } }),
      404,
      'USER_NOT_FOUND_ERR',
      /user-x/,
    ],
    [
      'unknown instance',
      () => ({ userId: 'user-reader', role: 'Reader', scope: { instanceId: 'nope' } }),
      404,
      'INSTANCE_NOT_FOUND_ERR',
      /nope/,
    ],
    [
      'a key ring of an object-storage instance',
      () => ({
        userId: 'user-reader',
        role: 'Reader',
        scope: { instanceId: 'cos-2', keyRingID: 'default' },
      }),
      400,
      'INVALID_FIELD_ERR',
      /"Storage two" is object storage: its roles apply to the whole instance/,
    ],
    [
      'unknown role',
      () => ({ userId: 'user-reader', role: 'Owner', scope: { instanceId: h.instanceId } }),
      400,
      'INVALID_FIELD_ERR',
      /^role: choose one of Reader, ReaderPlus, Writer, Manager, KeyPurge/,
    ],
    [
      'service role without instance',
      () => ({ userId: 'user-reader', role: 'Reader', scope: {} }),
      400,
      'INVALID_FIELD_ERR',
      /^scope\.instanceId: /,
    ],
    [
      'ring and key',
      () => ({
        userId: 'user-reader',
        role: 'Reader',
        scope: { instanceId: h.instanceId, keyRingID: 'ring-a', keyId: 'k' },
      }),
      400,
      'INVALID_FIELD_ERR',
      /choose one scope/,
    ],
    [
      'unknown ring',
      () => ({
        userId: 'user-reader',
        role: 'Reader',
        scope: { instanceId: h.instanceId, keyRingID: 'ring-z' },
      }),
      404,
      'KEY_RING_NOT_FOUND_ERR',
      /ring-z/,
    ],
    [
      'unknown key',
      () => ({
        userId: 'user-reader',
        role: 'Reader',
        scope: { instanceId: h.instanceId, keyId: 'no-key' },
      }),
      404,
      'KEY_NOT_FOUND_ERR',
      /no-key/,
    ],
    [
      'duplicate',
      () => ({ userId: 'user-reader', role: 'Reader', scope: { instanceId: h.instanceId } }),
      409,
      'POLICY_EXISTS_ERR',
      /^Rhea Reader already has Reader on the instance\.$/,
    ],
  ];
  it.each(refusals)('refuses %s, storing nothing', async (_name, req, status, code, message) => {
    const before = await snapshot(h);
    const error = await expectError(e.grantAccess(admin, req() as never), status, code);
    expect(error.message).toMatch(message);
    await expectUnchanged(h, before, code, e);
  });
});

describe('what can this user do? (checkAccess)', () => {
  /** Runs the engine call that stands for each action, on the key given. */
  interface Keys {
    root: string;
    standard: string;
    dual: string;
    destroyed: string;
    ciphertext: string;
  }
  const RUN: Record<KeyAction, [keyof Keys, (c: CallContext, k: Keys) => Promise<unknown>]> = {
    read: ['root', (c, k) => e.getKeyMetadata(c, k.root)],
    wrap: ['root', (c, k) => e.unwrap(c, k.root, { ciphertext: k.ciphertext })],
    readPayload: ['standard', (c, k) => e.getKey(c, k.standard)],
    write: ['root', (c, k) => e.rotate(c, k.root)],
    scheduleDeletion: ['dual', (c, k) => e.setKeyForDeletion(c, k.dual)],
    manage: ['root', (c, k) => e.disableKey(c, k.root)],
    policy: ['root', (c, k) => e.getKeyPolicies(c, k.root)],
    purge: ['destroyed', (c, k) => e.purgeKey(c, k.destroyed)],
  };

  async function keysIn(ring: string): Promise<Keys> {
    const m = h.as('manager');
    const root = await e.createKey(m, {
      name: `root ${ring}`,
      extractable: false,
      keyRingID: ring,
    });
    const standard = await e.createKey(m, {
      name: `std ${ring}`,
      extractable: true,
      keyRingID: ring,
    });
    const dual = await e.createKey(m, {
      name: `dual ${ring}`,
      extractable: false,
      keyRingID: ring,
    });
    await e.putKeyPolicies(m, dual.id, { dualAuthDelete: { enabled: true } });
    const destroyed = await e.createKey(m, {
      name: `gone ${ring}`,
      extractable: false,
      keyRingID: ring,
    });
    await e.deleteKey(m, destroyed.id);
    const { ciphertext } = await e.wrap(m, root.id);
    return {
      root: root.id,
      standard: standard.id,
      dual: dual.id,
      destroyed: destroyed.id,
      ciphertext,
    };
  }

  const GRANTS: [
    string,
    { role: 'Reader' | 'ReaderPlus' | 'Writer' | 'Manager' | 'KeyPurge'; ring?: string }[],
  ][] = [
    ['nothing', []],
    ['Writer on ring-a', [{ role: 'Writer', ring: 'ring-a' }]],
    ['Manager on ring-b', [{ role: 'Manager', ring: 'ring-b' }]],
    [
      'ReaderPlus on the instance and KeyPurge on ring-a',
      [{ role: 'ReaderPlus' }, { role: 'KeyPurge', ring: 'ring-a' }],
    ],
  ];
  it.each(GRANTS)('agrees with the engine, action by action: %s', async (_name, grants) => {
    const user = await newUser();
    const ctx = h.asUser(user.id);
    const keys = await keysIn('ring-a');
    h.clock.advance(4 * HOUR + SECOND);
    for (const g of grants)
      await e.grantAccess(admin, {
        userId: user.id,
        role: g.role,
        scope: { instanceId: h.instanceId, ...(g.ring ? { keyRingID: g.ring } : {}) },
      });
    for (const [action, [which, run]] of Object.entries(RUN) as [
      KeyAction,
      (typeof RUN)[KeyAction],
    ][]) {
      const check = await e.checkAccess(admin, {
        userId: user.id,
        instanceId: h.instanceId,
        keyId: keys[which],
      });
      expect(check.target).toEqual({
        instanceId: h.instanceId,
        keyRingID: 'ring-a',
        keyId: keys[which],
      });
      const said = check.actions.find((a) => a.action === action);
      if (!said) throw new Error(`no ${action}`);
      let did: boolean;
      try {
        await run(ctx, keys);
        did = true;
      } catch (error) {
        expect((error as { code: string }).code).toBe('UNAUTHORIZED_ERR');
        // The same role is named (a stranger to the instance is told to get Reader first).
        if (grants.length > 0)
          expect((error as Error).message).toMatch(
            new RegExp(`this needs the ${said.needs} role\\.$`),
          );
        expect(said.reason).toMatch(new RegExp(`this needs the ${said.needs} role\\.$`));
        did = false;
      }
      expect([action, said.allowed]).toEqual([action, did]);
      expect(said.decidedBy.length > 0).toBe(did);
    }
  });

  it('names the deciding policies and the role a denial needs', async () => {
    const user = await newUser();
    const writer = await e.grantAccess(admin, {
      userId: user.id,
      role: 'Writer',
      scope: { instanceId: h.instanceId, keyRingID: 'ring-a' },
    });
    const atA = await e.checkAccess(admin, {
      userId: user.id,
      instanceId: h.instanceId,
      keyRingID: 'ring-a',
    });
    expect(atA.roles).toEqual(['Writer']);
    expect(atA.administrator).toBe(false);
    expect(atA.actions.find((a) => a.action === 'write')).toEqual({
      action: 'write',
      label: 'create, import and rotate keys',
      allowed: true,
      decidedBy: [writer],
      reason: 'Allowed by Writer on key ring "ring-a"',
    });
    expect(atA.actions.find((a) => a.action === 'manage')).toMatchObject({
      allowed: false,
      decidedBy: [],
      needs: 'Manager',
      reason:
        'Nia New may not enable, disable, delete and restore keys on key ring "ring-a": this needs the Manager role.',
    });
    const atB = await e.checkAccess(admin, {
      userId: user.id,
      instanceId: h.instanceId,
      keyRingID: 'ring-b',
    });
    expect(atB.roles).toEqual([]);
    expect(atB.actions.every((a) => !a.allowed)).toBe(true);
    const atInstance = await e.checkAccess(admin, { userId: user.id, instanceId: h.instanceId });
    expect(atInstance.actions.every((a) => !a.allowed)).toBe(true);
  });

  it('is for Administrators, or about oneself', async () => {
    const self = await e.checkAccess(h.as('reader'), {
      userId: 'user-reader',
      instanceId: h.instanceId,
    });
    expect(self.actions.find((a) => a.action === 'read')?.allowed).toBe(true);
    await expectError(
      e.checkAccess(h.as('reader'), { userId: 'user-writer', instanceId: h.instanceId }),
      401,
      'UNAUTHORIZED_ERR',
    );
    await expectError(
      e.checkAccess(admin, { userId: 'user-x', instanceId: h.instanceId }),
      404,
      'USER_NOT_FOUND_ERR',
    );
    await expectError(
      e.checkAccess(admin, { userId: 'user-reader', instanceId: 'cos-2' }),
      404,
      'INSTANCE_NOT_FOUND_ERR',
    );
    await expectError(
      e.checkAccess(admin, {
        userId: 'user-reader',
        instanceId: h.instanceId,
        keyRingID: 'ring-z',
      }),
      404,
      'KEY_RING_NOT_FOUND_ERR',
    );
  });
});
