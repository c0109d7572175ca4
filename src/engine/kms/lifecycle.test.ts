/**
 * SPEC.md section 4: the lifecycle table and its waiting periods (30 s, 1 h, 4 h, 7 days,
 * 30 days, 90 days), expiration, delete/restore/purge, automatic purge, dual authorization,
 * registrations, key policies, and a model-based property test of random action sequences.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../domain/api';
import { ERROR_STATUS, type ErrorCode } from '../../domain/errors';
import { KeyState } from '../../domain/key-state';
import { DAY, HOUR, SECOND } from '../../domain/time';
import type { Key } from '../../domain/types';
import type { Engine } from '../engine';
import { expectError } from '../test/expect-error';
import { openHarness, type Harness, type Persona } from '../test/harness';
import { addUser, grant, rawEvents, rawKeys, rawVersions, readAll } from '../test/raw-db';

let h: Harness;
let key: Key;
const iso = (ms: number) => new Date(ms).toISOString();
const m = () => h.as('manager');

beforeEach(async () => {
  h = await openHarness();
  key = await h.engine.createKey(h.as('writer'), {
    name: 'lifecycle',
    extractable: false,
    aliases: ['life'],
  });
});

describe('disable and enable', () => {
  it('disable suspends an enabled key; disabling again is 409 KEY_ACTION_INVALID_STATE_ERR', async () => {
    h.clock.advance(SECOND);
    const disabled = await h.engine.disableKey(m(), key.id);
    expect(disabled.state).toBe(KeyState.Suspended);
    expect(disabled.lastUpdateDate).toBe(iso(h.clock.now));
    const e = await expectError(
      h.engine.disableKey(m(), key.id),
      409,
      'KEY_ACTION_INVALID_STATE_ERR',
    );
    expect(e.message).toBe(
      'The key is Disabled: disable is not allowed in that state (allowed: read, enable, delete).',
    );
  });

  it('enable within 30 s of disable is 409 REQ_TOO_EARLY_ERR; at 30 s it works', async () => {
    await h.engine.disableKey(m(), key.id);
    const disabledAt = h.clock.now;
    const e = await expectError(h.engine.enableKey(m(), key.id), 409, 'REQ_TOO_EARLY_ERR');
    expect(e.message).toBe(
      `A key can be enabled 30 seconds after it was disabled; try again after ${iso(disabledAt + 30 * SECOND)}.`,
    );
    h.clock.advance(30 * SECOND - 1);
    await expectError(h.engine.enableKey(m(), key.id), 409, 'REQ_TOO_EARLY_ERR');
    h.clock.advance(1);
    expect((await h.engine.enableKey(m(), key.id)).state).toBe(KeyState.Active);
    // Enabling an enabled key is a state error, not a timing one.
    await expectError(h.engine.enableKey(m(), key.id), 409, 'KEY_ACTION_INVALID_STATE_ERR');
  });

  it('the engine clock (advance time) counts for the 30 s rule', async () => {
    await h.engine.disableKey(m(), key.id);
    await h.engine.advanceTime(h.as('admin'), 30 * SECOND);
    expect((await h.engine.enableKey(m(), key.id)).state).toBe(KeyState.Active);
  });
});

describe('expiration', () => {
  let expiring: Key;
  beforeEach(async () => {
    expiring = await h.engine.createKey(h.as('writer'), {
      name: 'expiring',
      extractable: false,
      expirationDate: iso(h.clock.now + DAY),
    });
  });

  it('a key becomes Deactivated when its expiration date passes', async () => {
    h.clock.advance(DAY - 1);
    expect((await h.engine.getKeyMetadata(m(), expiring.id)).state).toBe(KeyState.Active);
    h.clock.advance(1);
    const meta = await h.engine.getKeyMetadata(m(), expiring.id);
    expect(meta.state).toBe(KeyState.Deactivated);
    expect(meta.expirationDate).toBe(iso(h.clock.now));
    const list = await h.engine.listKeys(h.as('reader'), { state: [KeyState.Deactivated] });
    expect(list.keys.map((k) => k.id)).toEqual([expiring.id]);
  });

  it('it is one-way: no enable, no disable, and a write persists the expired state', async () => {
    h.clock.advance(DAY);
    await expectError(h.engine.enableKey(m(), expiring.id), 409, 'KEY_ACTION_INVALID_STATE_ERR');
    await expectError(h.engine.disableKey(m(), expiring.id), 409, 'KEY_ACTION_INVALID_STATE_ERR');
    await h.engine.rotate(h.as('writer'), expiring.id);
    const stored = (await rawKeys(h)).find((k) => k.id === expiring.id);
    expect(stored?.state).toBe(KeyState.Deactivated);
  });

  it('a disabled key that expires is Deactivated and cannot be enabled', async () => {
    await h.engine.disableKey(m(), expiring.id);
    h.clock.advance(2 * DAY);
    expect((await h.engine.getKeyMetadata(m(), expiring.id)).state).toBe(KeyState.Deactivated);
    await expectError(h.engine.enableKey(m(), expiring.id), 409, 'KEY_ACTION_INVALID_STATE_ERR');
  });

  it('an expired key can be deleted but never restored (400 KEY_EXPIRED_ERR)', async () => {
    h.clock.advance(DAY);
    const deleted = await h.engine.deleteKey(m(), expiring.id);
    expect(deleted.state).toBe(KeyState.Destroyed);
    expect(deleted.restoreAllowed).toBe(false);
    const e = await expectError(h.engine.restoreKey(m(), expiring.id), 400, 'KEY_EXPIRED_ERR');
    expect(e.message).toMatch(/^The key passed its expiration date \(.*\) and cannot be restored/);
  });

  it('a key deleted before it expires cannot be restored after', async () => {
    await h.engine.deleteKey(m(), expiring.id);
    expect((await h.engine.getKeyMetadata(m(), expiring.id)).restoreAllowed).toBe(true);
    h.clock.advance(DAY);
    expect((await h.engine.getKeyMetadata(m(), expiring.id)).restoreAllowed).toBe(false);
    await expectError(h.engine.restoreKey(m(), expiring.id), 400, 'KEY_EXPIRED_ERR');
  });
});

describe('delete and restore', () => {
  it('delete is soft: the key shows its deletion and windows, and stays readable', async () => {
    const t = h.clock.now;
    const deleted = await h.engine.deleteKey(m(), key.id);
    expect(deleted).toMatchObject({
      state: KeyState.Destroyed,
      deleted: true,
      deletionDate: iso(t),
      deletedBy: 'user-manager',
      restoreAllowed: true,
      restoreExpirationDate: iso(t + 30 * DAY),
      purgeAllowed: false,
      purgeAllowedFrom: iso(t + 4 * HOUR),
      purgeScheduledOn: iso(t + 90 * DAY),
      aliases: ['life'],
    });
    expect(await h.engine.getKeyMetadata(h.as('reader'), 'life')).toEqual(deleted);
    expect((await h.engine.getKeyVersions(h.as('reader'), key.id)).total).toBe(1);
    expect(await h.engine.getKeyPolicies(m(), key.id)).toEqual({
      dualAuthDelete: { enabled: false },
      rotation: { enabled: false, interval_month: 1 },
    });
    expect((await rawVersions(h)).length).toBe(1);
    await expectError(h.engine.deleteKey(m(), key.id), 410, 'KEY_DELETED_ERR');
  });

  it('disabled and expired keys can be deleted too', async () => {
    await h.engine.disableKey(m(), key.id);
    expect((await h.engine.deleteKey(m(), key.id)).state).toBe(KeyState.Destroyed);
  });

  it('restore within 30 days brings the key back enabled, usable as before', async () => {
    const { ciphertext, plaintext } = await h.engine.wrap(h.as('reader'), key.id);
    await h.engine.deleteKey(m(), key.id);
    h.clock.advance(30 * DAY - 1);
    const restored = await h.engine.restoreKey(m(), key.id);
    expect(restored).toMatchObject({
      state: KeyState.Active,
      deleted: false,
      restoreAllowed: false,
      purgeAllowed: false,
    });
    for (const field of [
      'deletionDate',
      'deletedBy',
      'restoreExpirationDate',
      'purgeAllowedFrom',
      'purgeScheduledOn',
    ])
      expect(restored).not.toHaveProperty(field);
    expect((await h.engine.unwrap(h.as('reader'), key.id, { ciphertext })).plaintext).toBe(
      plaintext,
    );
    // No automatic purge is pending any more.
    h.clock.advance(100 * DAY);
    expect((await h.engine.getKeyMetadata(m(), key.id)).state).toBe(KeyState.Active);
  });

  it('a disabled key comes back enabled', async () => {
    await h.engine.disableKey(m(), key.id);
    await h.engine.deleteKey(m(), key.id);
    h.clock.advance(30 * SECOND); // restore waits 30 s after delete (REQ_TOO_EARLY_ERR before)
    expect((await h.engine.restoreKey(m(), key.id)).state).toBe(KeyState.Active);
  });

  it('after 30 days restore is 400 KEY_RESTORE_EXPIRED', async () => {
    const t = h.clock.now;
    await h.engine.deleteKey(m(), key.id);
    h.clock.advance(30 * DAY);
    expect((await h.engine.getKeyMetadata(m(), key.id)).restoreAllowed).toBe(false);
    const e = await expectError(h.engine.restoreKey(m(), key.id), 400, 'KEY_RESTORE_EXPIRED');
    expect(e.message).toBe(
      `The 30-day restore window closed at ${iso(t + 30 * DAY)}; the key can no longer be restored.`,
    );
  });

  it('restoring a key that is not deleted is 409 KEY_ACTION_INVALID_STATE_ERR', async () => {
    await expectError(h.engine.restoreKey(m(), key.id), 409, 'KEY_ACTION_INVALID_STATE_ERR');
  });
});

describe('purge', () => {
  const purger = () => h.as('admin');

  it('is for KeyPurge only, from 4 hours after deletion (409 REQ_TOO_EARLY_ERR before)', async () => {
    const t = h.clock.now;
    await h.engine.deleteKey(m(), key.id);
    await expectError(h.engine.purgeKey(m(), key.id), 401, 'UNAUTHORIZED_ERR');
    const e = await expectError(h.engine.purgeKey(purger(), key.id), 409, 'REQ_TOO_EARLY_ERR');
    expect(e.message).toBe(
      `A deleted key can be purged 4 hours after deletion, from ${iso(t + 4 * HOUR)}.`,
    );
    h.clock.advance(4 * HOUR - 1);
    expect((await h.engine.getKeyMetadata(m(), key.id)).purgeAllowed).toBe(false);
    await expectError(h.engine.purgeKey(purger(), key.id), 409, 'REQ_TOO_EARLY_ERR');
    h.clock.advance(1);
    expect((await h.engine.getKeyMetadata(m(), key.id)).purgeAllowed).toBe(true);
    const purged = await h.engine.purgeKey(purger(), key.id);
    expect(purged).toMatchObject({ id: key.id, state: KeyState.Destroyed });
  });

  it('a key that is not deleted cannot be purged (409 KEY_ACTION_INVALID_STATE_ERR)', async () => {
    await expectError(h.engine.purgeKey(purger(), key.id), 409, 'KEY_ACTION_INVALID_STATE_ERR');
  });

  it('erases the key: afterwards every call on it is 404 KEY_NOT_FOUND_ERR; events remain', async () => {
    const other = await h.engine.createKey(h.as('writer'), { name: 'other', extractable: false });
    const { ciphertext } = await h.engine.wrap(h.as('reader'), key.id);
    h.clock.advance(HOUR);
    await h.engine.rotate(h.as('writer'), key.id);
    await h.engine.deleteKey(m(), key.id);
    h.clock.advance(4 * HOUR);
    await h.engine.purgeKey(purger(), 'life');

    const e = h.engine;
    const everyCall: [string, (ctx: CallContext, ref: string) => Promise<unknown>][] = [
      ['getKey', (c, ref) => e.getKey(c, ref)],
      ['getKeyMetadata', (c, ref) => e.getKeyMetadata(c, ref)],
      ['getKeyVersions', (c, ref) => e.getKeyVersions(c, ref)],
      ['createAlias', (c, ref) => e.createAlias(c, ref, 'new-alias')],
      ['deleteAlias', (c, ref) => e.deleteAlias(c, ref, 'life')],
      ['wrap', (c, ref) => e.wrap(c, ref)],
      ['unwrap', (c, ref) => e.unwrap(c, ref, { ciphertext })],
      ['rewrap', (c, ref) => e.rewrap(c, ref, { ciphertext })],
      ['rotate', (c, ref) => e.rotate(c, ref)],
      ['disableKey', (c, ref) => e.disableKey(c, ref)],
      ['enableKey', (c, ref) => e.enableKey(c, ref)],
      ['setKeyForDeletion', (c, ref) => e.setKeyForDeletion(c, ref)],
      ['unsetKeyForDeletion', (c, ref) => e.unsetKeyForDeletion(c, ref)],
      ['deleteKey', (c, ref) => e.deleteKey(c, ref, { force: true })],
      ['restoreKey', (c, ref) => e.restoreKey(c, ref)],
      ['purgeKey', (c, ref) => e.purgeKey(c, ref)],
      ['getKeyPolicies', (c, ref) => e.getKeyPolicies(c, ref)],
      [
        'putKeyPolicies',
        (c, ref) => e.putKeyPolicies(c, ref, { dualAuthDelete: { enabled: true } }),
      ],
      ['getPermissions', (c, ref) => e.getPermissions(c, ref)],
    ];
    for (const ref of [key.id, 'life'])
      for (const persona of ['manager', 'admin'] as const)
        for (const [, call] of everyCall)
          await expectError(call(h.as(persona), ref), 404, 'KEY_NOT_FOUND_ERR');
    // A fresh tab (no cache) agrees.
    const tab = await h.openTab();
    await expectError(tab.getKeyMetadata(m(), key.id), 404, 'KEY_NOT_FOUND_ERR');

    // Material, record and aliases are gone; the other key is untouched.
    expect((await rawVersions(h)).map((v) => v.keyId)).toEqual([other.id]);
    expect((await rawKeys(h)).map((k) => k.id)).toEqual([other.id]);
    expect(await readAll(h, 'aliases')).toEqual([]);
    const all = await h.engine.listKeys(m(), { state: [1, 2, 3, 5] });
    expect(all.keys.map((k) => k.id)).toEqual([other.id]);
    // The alias is free again.
    await h.engine.createAlias(h.as('writer'), other.id, 'life');

    // History stays, and the chain still verifies.
    const history = await h.engine.listEvents(m(), {
      target: key.id,
      newestFirst: false,
      outcome: 'success',
    });
    expect(history.events.map((ev) => ev.action)).toEqual([
      'kms.secrets.create',
      'kms.secrets.wrap',
      'kms.secrets.rotate',
      'kms.secrets.delete',
      'kms.secrets.purge',
    ]);
    expect((await h.engine.verifyEvents(m())).ok).toBe(true);
  });
});

describe('automatic purge after 90 days', () => {
  it('the first call after 90 days purges the key and records a system event', async () => {
    const t = h.clock.now;
    await h.engine.deleteKey(m(), key.id);
    h.clock.advance(90 * DAY - 1);
    expect((await h.engine.getKeyMetadata(m(), key.id)).state).toBe(KeyState.Destroyed);
    h.clock.advance(1);
    await expectError(h.engine.getKeyMetadata(m(), key.id), 404, 'KEY_NOT_FOUND_ERR');
    expect(await rawVersions(h)).toEqual([]);
    expect(await rawKeys(h)).toEqual([]);
    const events = await rawEvents(h);
    const purge = events.find((e) => e.action === 'kms.secrets.purge');
    expect(purge).toMatchObject({
      time: iso(t + 90 * DAY),
      initiator: { id: 'system', name: 'Keyward (automatic purge after 90 days)', roles: [] },
      target: { crn: key.crn, keyId: key.id, instanceId: h.instanceId },
      outcome: 'success',
    });
    // The purge is recorded before the refused read that triggered it.
    await h.engine.flushEvents();
    const after = await rawEvents(h);
    const refused = after.find((e) => e.reason?.code === 'KEY_NOT_FOUND_ERR');
    expect(refused?.action).toBe('kms.secrets-metadata.read');
    expect(purge?.seq).toBeLessThan(refused?.seq ?? 0);
    expect((await h.engine.verifyEvents(m())).ok).toBe(true);
  });

  it('advancing the engine clock purges at once', async () => {
    await h.engine.deleteKey(m(), key.id);
    await h.engine.advanceTime(h.as('admin'), 91 * DAY);
    expect(await rawKeys(h)).toEqual([]);
    expect((await rawEvents(h)).filter((e) => e.initiator.id === 'system').length).toBe(1);
  });

  it('a purge that fell due while the app was closed happens on the next open and call', async () => {
    await h.engine.deleteKey(m(), key.id);
    await h.engine.close();
    h.clock.advance(120 * DAY);
    const tab = await h.openTab();
    await tab.getSession();
    expect(await rawKeys(h)).toEqual([]);
  });

  it('only keys past 90 days are purged; a restored key never is', async () => {
    const later = await h.engine.createKey(h.as('writer'), { name: 'later', extractable: false });
    const restored = await h.engine.createKey(h.as('writer'), {
      name: 'restored',
      extractable: false,
    });
    await h.engine.deleteKey(m(), key.id);
    await h.engine.deleteKey(m(), restored.id);
    h.clock.advance(30 * SECOND);
    await h.engine.restoreKey(m(), restored.id);
    h.clock.advance(10 * DAY);
    await h.engine.deleteKey(m(), later.id);
    h.clock.advance(80 * DAY);
    await h.engine.listKeys(m());
    expect((await rawKeys(h)).map((k) => k.name).sort()).toEqual(['later', 'restored']);
    h.clock.advance(10 * DAY);
    await h.engine.listKeys(m());
    expect((await rawKeys(h)).map((k) => k.name)).toEqual(['restored']);
  });
});

describe('dual authorization', () => {
  beforeEach(async () => {
    const policies = await h.engine.putKeyPolicies(m(), key.id, {
      dualAuthDelete: { enabled: true },
    });
    expect(policies).toEqual({
      dualAuthDelete: { enabled: true },
      rotation: { enabled: false, interval_month: 1 },
    });
  });

  it('is shown on the key and in its policies, and cannot be switched off', async () => {
    expect(await h.engine.getKeyPolicies(m(), key.id)).toEqual({
      dualAuthDelete: { enabled: true },
      rotation: { enabled: false, interval_month: 1 },
    });
    expect((await h.engine.getKeyMetadata(m(), key.id)).dualAuthDelete).toEqual({
      enabled: true,
      keySetForDeletion: false,
    });
    const e = await expectError(
      h.engine.putKeyPolicies(m(), key.id, { dualAuthDelete: { enabled: false } }),
      400,
      'INVALID_FIELD_ERR',
    );
    expect(e.message).toBe(
      'dualAuthDelete.enabled: dual authorization cannot be switched off once it is on',
    );
    expect(await h.engine.getKeyPolicies(m(), key.id)).toEqual({
      dualAuthDelete: { enabled: true },
      rotation: { enabled: false, interval_month: 1 },
    });
    // Setting it on again is fine.
    await h.engine.putKeyPolicies(m(), key.id, { dualAuthDelete: { enabled: true } });
    await expectError(h.engine.putKeyPolicies(m(), key.id, {}), 400, 'INVALID_FIELD_ERR');
  });

  it('delete without a scheduled deletion is 409 AUTHORIZATIONS_NOT_MET', async () => {
    const e = await expectError(h.engine.deleteKey(m(), key.id), 409, 'AUTHORIZATIONS_NOT_MET');
    expect(e.message).toMatch(/^Dual authorization is on: another user/);
    await expectError(
      h.engine.deleteKey(m(), key.id, { force: true }),
      409,
      'AUTHORIZATIONS_NOT_MET',
    );
    expect((await h.engine.getKeyMetadata(m(), key.id)).state).toBe(KeyState.Active);
  });

  it('the same user cannot schedule and delete', async () => {
    await h.engine.setKeyForDeletion(m(), key.id);
    const e = await expectError(h.engine.deleteKey(m(), key.id), 409, 'AUTHORIZATIONS_NOT_MET');
    expect(e.message).toMatch(/you scheduled this deletion, so someone else must delete the key/);
  });

  it('one user schedules, another deletes; the key stays usable meanwhile', async () => {
    const t = h.clock.now;
    const scheduled = await h.engine.setKeyForDeletion(h.as('writer'), key.id);
    expect(scheduled.dualAuthDelete).toEqual({
      enabled: true,
      keySetForDeletion: true,
      authExpiration: iso(t + 7 * DAY),
      setBy: 'user-writer',
    });
    expect(scheduled.state).toBe(KeyState.Active);
    const { ciphertext } = await h.engine.wrap(h.as('reader'), key.id);
    await h.engine.unwrap(h.as('reader'), key.id, { ciphertext });
    h.clock.advance(7 * DAY - 1);
    const deleted = await h.engine.deleteKey(m(), key.id);
    expect(deleted.state).toBe(KeyState.Destroyed);
    expect(deleted.dualAuthDelete).toEqual({ enabled: true, keySetForDeletion: false });
    // Restored, the policy stays on and a new deletion needs two users again.
    h.clock.advance(30 * SECOND);
    const restored = await h.engine.restoreKey(m(), key.id);
    expect(restored.dualAuthDelete).toEqual({ enabled: true, keySetForDeletion: false });
    await expectError(h.engine.deleteKey(m(), key.id), 409, 'AUTHORIZATIONS_NOT_MET');
  });

  it('two Managers can do it too', async () => {
    await addUser(h, 'user-manager-2', 'Mo Manager');
    await grant(h, 'user-manager-2', 'Manager');
    const tab = await h.openTab();
    await tab.setKeyForDeletion(h.asUser('user-manager-2'), key.id);
    expect((await tab.deleteKey(m(), key.id)).state).toBe(KeyState.Destroyed);
  });

  it('a scheduled deletion expires after 7 days', async () => {
    await h.engine.setKeyForDeletion(h.as('writer'), key.id);
    h.clock.advance(7 * DAY);
    expect((await h.engine.getKeyMetadata(m(), key.id)).dualAuthDelete).toEqual({
      enabled: true,
      keySetForDeletion: false,
    });
    await expectError(h.engine.deleteKey(m(), key.id), 409, 'AUTHORIZATIONS_NOT_MET');
    await expectError(
      h.engine.unsetKeyForDeletion(h.as('writer'), key.id),
      409,
      'KEY_ACTION_INVALID_STATE_ERR',
    );
  });

  it('unsetKeyForDeletion cancels it', async () => {
    await h.engine.setKeyForDeletion(h.as('writer'), key.id);
    const cancelled = await h.engine.unsetKeyForDeletion(h.as('writer'), key.id);
    expect(cancelled.dualAuthDelete).toEqual({ enabled: true, keySetForDeletion: false });
    await expectError(h.engine.deleteKey(m(), key.id), 409, 'AUTHORIZATIONS_NOT_MET');
    const e = await expectError(
      h.engine.unsetKeyForDeletion(h.as('writer'), key.id),
      409,
      'KEY_ACTION_INVALID_STATE_ERR',
    );
    expect(e.message).toBe('This key is not scheduled for deletion.');
  });

  it('scheduling needs the policy on (409 NOT_DUAL_AUTH_ERR), and an Active key', async () => {
    const plain = await h.engine.createKey(h.as('writer'), { name: 'plain', extractable: false });
    const e = await expectError(
      h.engine.setKeyForDeletion(h.as('writer'), plain.id),
      409,
      'NOT_DUAL_AUTH_ERR',
    );
    expect(e.message).toMatch(/^The key is not dual auth enabled/);
    await h.engine.setKeyForDeletion(h.as('writer'), key.id);
    await h.engine.deleteKey(m(), key.id);
    await expectError(
      h.engine.setKeyForDeletion(h.as('writer'), key.id),
      409,
      'KEY_ACTION_INVALID_STATE_ERR',
    );
  });

  it('policies of a deleted key cannot be changed', async () => {
    const plain = await h.engine.createKey(h.as('writer'), { name: 'plain', extractable: false });
    await h.engine.deleteKey(m(), plain.id);
    await expectError(
      h.engine.putKeyPolicies(m(), plain.id, { dualAuthDelete: { enabled: true } }),
      409,
      'KEY_ACTION_INVALID_STATE_ERR',
    );
  });
});

describe('registrations', () => {
  const bucket = (name: string) =>
    `crn:v1:keyward:public:cloud-object-storage:global:a/x:b:bucket:${name}`;

  it('delete of a key protecting resources is 409 PROTECTED_RESOURCE_ERR listing them; force deletes', async () => {
    await h.engine.registerResource(key.id, bucket('beta'), false);
    await h.engine.registerResource(key.id, bucket('alpha'), false);
    const e = await expectError(h.engine.deleteKey(m(), key.id), 409, 'PROTECTED_RESOURCE_ERR');
    expect(e.reasons).toEqual([bucket('alpha'), bucket('beta')]);
    expect(e.message).toBe(
      'The key protects 2 registered resource(s); delete with force to shred them.',
    );
    expect(e.toData().reasons).toEqual([bucket('alpha'), bucket('beta')]);
    expect((await h.engine.getKeyMetadata(m(), key.id)).state).toBe(KeyState.Active);
    expect((await h.engine.deleteKey(m(), key.id, { force: true })).state).toBe(KeyState.Destroyed);
  });

  it('preventKeyDeletion refuses even with force: 409 PREV_KEY_DEL_ERR', async () => {
    await h.engine.registerResource(key.id, bucket('plain'), false);
    await h.engine.registerResource(key.id, bucket('locked'), true);
    for (const options of [{}, { force: true }]) {
      const e = await expectError(
        h.engine.deleteKey(m(), key.id, options),
        409,
        'PREV_KEY_DEL_ERR',
      );
      expect(e.reasons).toEqual([bucket('locked')]);
    }
    expect((await h.engine.getKeyMetadata(m(), key.id)).state).toBe(KeyState.Active);
  });

  it('records the key version in use', async () => {
    await h.engine.registerResource(key.id, bucket('b1'), false);
    expect(await readAll(h, 'registrations')).toEqual([
      {
        keyId: key.id,
        resourceCrn: bucket('b1'),
        keyVersionId: key.keyVersion.id,
        preventKeyDeletion: false,
        createdAt: h.clock.now,
      },
    ]);
  });

  it('purging a force-deleted key erases its registrations with it', async () => {
    await h.engine.registerResource(key.id, bucket('gone'), false);
    await h.engine.deleteKey(m(), key.id, { force: true });
    h.clock.advance(4 * HOUR);
    await h.engine.purgeKey(h.as('admin'), key.id);
    expect(await readAll(h, 'registrations')).toEqual([]);
  });

  it('getRegistrations lists them for readers (by id or alias) and audits the call', async () => {
    await h.engine.registerResource(key.id, bucket('r1'), true);
    const list = await h.engine.getRegistrations(h.as('reader'), key.id);
    expect(list).toEqual({
      total: 1,
      registrations: [
        {
          keyId: key.id,
          resourceCrn: bucket('r1'),
          keyVersionId: key.keyVersion.id,
          preventKeyDeletion: true,
          createdAt: iso(h.clock.now),
          keyName: key.name,
          createdBy: 'cloud-object-storage',
          updatedBy: 'cloud-object-storage',
          lastUpdated: iso(h.clock.now),
          keyVersion: { id: key.keyVersion.id, creationDate: key.keyVersion.creationDate },
        },
      ],
    });
    await h.engine.flushEvents();
    const events = await h.engine.listEvents(m(), { action: 'kms.registrations.list' });
    expect(events.events[0]).toMatchObject({ outcome: 'success', target: { keyId: key.id } });
  });

  it('registering with an unknown key is 404 KEY_NOT_FOUND_ERR', async () => {
    await expectError(
      h.engine.registerResource('00000000-0000-4000-8000-000000000000', bucket('b'), false),
      404,
      'KEY_NOT_FOUND_ERR',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Model-based property: random actions by random personas with random waits never lead the key
// anywhere the table forbids, and every refusal carries the code the rules give.

type Action =
  'disable' | 'enable' | 'delete' | 'restore' | 'purge' | 'rotate' | 'wrap' | 'unwrap' | 'read';

const MAY: Record<Action, Persona[]> = {
  disable: ['manager'],
  enable: ['manager'],
  delete: ['manager'],
  restore: ['manager'],
  purge: ['admin'],
  rotate: ['writer', 'manager'],
  wrap: ['reader', 'writer', 'manager', 'admin'],
  unwrap: ['reader', 'writer', 'manager', 'admin'],
  read: ['reader', 'writer', 'manager', 'admin'],
};

class Model {
  stored: 1 | 2 | 5 = 1;
  lastDisabledAt: number | undefined;
  lastRotateAt: number | undefined;
  deletedAt: number | undefined;
  purged = false;
  constructor(readonly expiresAt: number | undefined) {}

  state(now: number): KeyState {
    if (this.stored !== 5 && this.expiresAt !== undefined && this.expiresAt <= now) return 3;
    return this.stored;
  }

  /** The error code the engine must answer with, or undefined when the call succeeds. */
  apply(action: Action, persona: Persona, now: number): ErrorCode | undefined {
    if (this.stored === 5 && this.deletedAt !== undefined && now >= this.deletedAt + 90 * DAY)
      this.purged = true;
    if (this.purged) return 'KEY_NOT_FOUND_ERR';
    if (!MAY[action].includes(persona)) return 'UNAUTHORIZED_ERR';
    const s = this.state(now);
    const invalid = 'KEY_ACTION_INVALID_STATE_ERR';
    switch (action) {
      case 'disable':
        if (s !== 1) return invalid;
        this.stored = 2;
        this.lastDisabledAt = now;
        return undefined;
      case 'enable':
        if (s !== 2) return invalid;
        if (this.lastDisabledAt !== undefined && now - this.lastDisabledAt < 30 * SECOND)
          return 'REQ_TOO_EARLY_ERR';
        this.stored = 1;
        return undefined;
      case 'delete':
        if (s === 5) return 'KEY_DELETED_ERR';
        this.stored = 5;
        this.deletedAt = now;
        return undefined;
      case 'restore':
        if (s !== 5) return invalid;
        if (now >= (this.deletedAt ?? 0) + 30 * DAY) return 'KEY_RESTORE_EXPIRED';
        if (this.expiresAt !== undefined && this.expiresAt <= now) return 'KEY_EXPIRED_ERR';
        if (now - (this.deletedAt ?? 0) < 30 * SECOND) return 'REQ_TOO_EARLY_ERR';
        this.stored = 1;
        this.deletedAt = undefined;
        return undefined;
      case 'purge':
        if (s !== 5) return invalid;
        if (now < (this.deletedAt ?? 0) + 4 * HOUR) return 'REQ_TOO_EARLY_ERR';
        this.purged = true;
        return undefined;
      case 'rotate':
        if (s !== 1 && s !== 3) return invalid;
        if (this.lastRotateAt !== undefined && now - this.lastRotateAt < HOUR)
          return 'KEY_ROTATION_NOT_PERMITTED';
        this.lastRotateAt = now;
        return undefined;
      case 'wrap':
        return s === 1 ? undefined : invalid;
      case 'unwrap':
        return s === 1 || s === 3 ? undefined : invalid;
      case 'read':
        return undefined;
    }
  }
}

function run(e: Engine, action: Action, ctx: CallContext, id: string, ciphertext: string) {
  switch (action) {
    case 'disable':
      return e.disableKey(ctx, id);
    case 'enable':
      return e.enableKey(ctx, id);
    case 'delete':
      return e.deleteKey(ctx, id);
    case 'restore':
      return e.restoreKey(ctx, id);
    case 'purge':
      return e.purgeKey(ctx, id);
    case 'rotate':
      return e.rotate(ctx, id);
    case 'wrap':
      return e.wrap(ctx, id);
    case 'unwrap':
      return e.unwrap(ctx, id, { ciphertext });
    case 'read':
      return e.getKeyMetadata(ctx, id);
  }
}

const STATUS: Record<ErrorCode, number> = ERROR_STATUS;

describe('lifecycle property', () => {
  const step = fc.record({
    action: fc.constantFrom<Action>(
      'disable',
      'enable',
      'delete',
      'restore',
      'purge',
      'rotate',
      'wrap',
      'unwrap',
      'read',
    ),
    persona: fc.constantFrom<Persona>('reader', 'writer', 'manager', 'admin', 'manager', 'manager'),
    wait: fc.constantFrom(
      0,
      0,
      10 * SECOND,
      31 * SECOND,
      HOUR,
      4 * HOUR,
      8 * DAY,
      31 * DAY,
      91 * DAY,
    ),
  });

  it('random actions never reach a state the table forbids, and refusals have the right code', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(undefined, 2 * HOUR, 5 * DAY, 40 * DAY),
        fc.array(step, { minLength: 1, maxLength: 25 }),
        async (expiresIn, steps) => {
          const q = await openHarness();
          const start = q.clock.now;
          const created = await q.engine.createKey(q.as('writer'), {
            name: 'modelled',
            extractable: false,
            ...(expiresIn === undefined ? {} : { expirationDate: iso(start + expiresIn) }),
          });
          const { ciphertext, plaintext } = await q.engine.wrap(q.as('reader'), created.id);
          const model = new Model(expiresIn === undefined ? undefined : start + expiresIn);
          for (const { action, persona, wait } of steps) {
            q.clock.advance(wait);
            const now = q.clock.now;
            const expected = model.apply(action, persona, now);
            const call = run(q.engine, action, q.as(persona), created.id, ciphertext);
            if (expected === undefined) {
              const result = await call;
              if (action === 'unwrap')
                expect((result as { plaintext: string }).plaintext).toBe(plaintext);
            } else await expectError(call, STATUS[expected], expected);

            // Observe: the key's state is the model's, and only states of the table appear.
            const observed = q.engine.getKeyMetadata(q.as('manager'), created.id);
            if (model.purged) {
              await expectError(observed, 404, 'KEY_NOT_FOUND_ERR');
              expect((await rawVersions(q)).length).toBe(0);
              continue;
            }
            const meta = await observed;
            expect([1, 2, 3, 5]).toContain(meta.state);
            expect(meta.state).toBe(model.state(now));
            expect(meta.deleted).toBe(model.state(now) === 5);
            if (model.deletedAt !== undefined) {
              expect(meta.deletionDate).toBe(iso(model.deletedAt));
              expect(meta.purgeAllowed).toBe(now >= model.deletedAt + 4 * HOUR);
              expect(meta.restoreAllowed).toBe(
                now < model.deletedAt + 30 * DAY &&
                  !(model.expiresAt !== undefined && model.expiresAt <= now),
              );
            }
            expect(meta.lastRotateDate).toBe(
              model.lastRotateAt === undefined ? undefined : iso(model.lastRotateAt),
            );
          }
          await q.engine.close();
        },
      ),
      { numRuns: 100 },
    );
  });
});
