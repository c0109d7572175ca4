/**
 * Conformance with Key Protect (issue 13): the statuses, reason codes and windows of the key
 * lifecycle, permissions, root-only actions, key rings and key creation, one test per documented
 * rule. Each title names the rule and what Key Protect answers; every refusal asserts storage
 * unchanged but for its one failure event (`expectRefusal`).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { KeyState } from '../../domain/key-state';
import { DAY, HOUR, SECOND } from '../../domain/time';
import type { Key } from '../../domain/types';
import { expectRefusal } from '../test/expect-refusal';
import { openHarness, type Harness } from '../test/harness';
import { rawEvents, rawKeys } from '../test/raw-db';
import { MAX_KEY_RINGS } from './key-rings';

let h: Harness;
let key: Key;
const m = () => h.as('manager');
const w = () => h.as('writer');

beforeEach(async () => {
  h = await openHarness();
  key = await h.engine.createKey(w(), { name: 'conformance', extractable: false });
});

const dualAuthKey = async (): Promise<Key> => {
  const k = await h.engine.createKey(w(), { name: 'dual', extractable: false });
  await h.engine.putKeyPolicies(m(), k.id, { dualAuthDelete: { enabled: true } });
  return k;
};

describe('Key Protect conformance: permissions and states', () => {
  it('a denied call is 401 UNAUTHORIZED_ERR naming the role that would allow it', async () => {
    const e = await expectRefusal(
      h,
      () => h.engine.rotate(h.as('reader'), key.id),
      401,
      'UNAUTHORIZED_ERR',
    );
    expect(e.message).toMatch(/needs the Writer role/);
  });

  it('deleting a key that is already Deleted is 410 KEY_DELETED_ERR', async () => {
    await h.engine.deleteKey(m(), key.id);
    const e = await expectRefusal(h, () => h.engine.deleteKey(m(), key.id), 410, 'KEY_DELETED_ERR');
    expect(e.message).toMatch(/already deleted .*Restore it within 30 days, or purge it/);
  });

  it('restoring a key past its expiration date is 400 KEY_EXPIRED_ERR', async () => {
    const expiring = await h.engine.createKey(w(), {
      name: 'expiring',
      extractable: false,
      expirationDate: new Date(h.clock.now + HOUR).toISOString(),
    });
    h.clock.advance(2 * HOUR);
    await h.engine.deleteKey(m(), expiring.id);
    h.clock.advance(MINUTE_AND_A_BIT);
    const e = await expectRefusal(
      h,
      () => h.engine.restoreKey(m(), expiring.id),
      400,
      'KEY_EXPIRED_ERR',
    );
    expect(e.message).toMatch(/passed its expiration date .* create or import a new key/);
  });

  it('restore within 30 s of delete is 409 REQ_TOO_EARLY_ERR; at 30 s it works', async () => {
    await h.engine.deleteKey(m(), key.id);
    h.clock.advance(30 * SECOND - 1);
    const e = await expectRefusal(
      h,
      () => h.engine.restoreKey(m(), key.id),
      409,
      'REQ_TOO_EARLY_ERR',
    );
    expect(e.message).toMatch(/restored 30 seconds after it was deleted; try again after/);
    h.clock.advance(1);
    expect((await h.engine.restoreKey(m(), key.id)).state).toBe(KeyState.Active);
  });

  it('restore after the 30-day window is 400 KEY_RESTORE_EXPIRED', async () => {
    await h.engine.deleteKey(m(), key.id);
    h.clock.advance(30 * DAY);
    await expectRefusal(h, () => h.engine.restoreKey(m(), key.id), 400, 'KEY_RESTORE_EXPIRED');
  });

  it('enable within 30 s of disable is 409 REQ_TOO_EARLY_ERR', async () => {
    await h.engine.disableKey(m(), key.id);
    await expectRefusal(h, () => h.engine.enableKey(m(), key.id), 409, 'REQ_TOO_EARLY_ERR');
  });

  it('a second rotation within the hour is 409 KEY_ROTATION_NOT_PERMITTED', async () => {
    await h.engine.rotate(w(), key.id);
    h.clock.advance(HOUR - 1);
    await expectRefusal(h, () => h.engine.rotate(w(), key.id), 409, 'KEY_ROTATION_NOT_PERMITTED');
  });

  it('wrap on a Disabled key is 409 KEY_ACTION_INVALID_STATE_ERR', async () => {
    await h.engine.disableKey(m(), key.id);
    await expectRefusal(h, () => h.engine.wrap(w(), key.id), 409, 'KEY_ACTION_INVALID_STATE_ERR');
  });
});

describe('Key Protect conformance: dual authorization', () => {
  it('setKeyForDeletion on a key without dual authorization is 409 NOT_DUAL_AUTH_ERR', async () => {
    const e = await expectRefusal(
      h,
      () => h.engine.setKeyForDeletion(w(), key.id),
      409,
      'NOT_DUAL_AUTH_ERR',
    );
    expect(e.message).toMatch(/^The key is not dual auth enabled/);
  });

  it('unsetKeyForDeletion on a key without dual authorization is 409 NOT_DUAL_AUTH_ERR', async () => {
    await expectRefusal(
      h,
      () => h.engine.unsetKeyForDeletion(w(), key.id),
      409,
      'NOT_DUAL_AUTH_ERR',
    );
  });

  it('scheduling a deletion needs an Active key: on a Disabled one, 409 KEY_ACTION_INVALID_STATE_ERR', async () => {
    const dual = await dualAuthKey();
    await h.engine.disableKey(m(), dual.id);
    const e = await expectRefusal(
      h,
      () => h.engine.setKeyForDeletion(w(), dual.id),
      409,
      'KEY_ACTION_INVALID_STATE_ERR',
    );
    expect(e.message).toBe(
      'The key is Disabled: scheduling a deletion needs an Enabled (Active) key.',
    );
  });

  it('cancelling a scheduled deletion needs an Active key: on a Disabled one, 409 KEY_ACTION_INVALID_STATE_ERR', async () => {
    const dual = await dualAuthKey();
    await h.engine.setKeyForDeletion(w(), dual.id);
    await h.engine.disableKey(m(), dual.id);
    await expectRefusal(
      h,
      () => h.engine.unsetKeyForDeletion(w(), dual.id),
      409,
      'KEY_ACTION_INVALID_STATE_ERR',
    );
  });

  it('deleting a dual-authorization key nobody scheduled is 409 AUTHORIZATIONS_NOT_MET', async () => {
    const dual = await dualAuthKey();
    await expectRefusal(h, () => h.engine.deleteKey(m(), dual.id), 409, 'AUTHORIZATIONS_NOT_MET');
  });
});

describe('Key Protect conformance: root-only actions and key material', () => {
  it('wrap, unwrap, rewrap, rotate and a rotation policy on a standard key are 400 KEY_ROOT_REQ_ERR', async () => {
    const std = await h.engine.createKey(w(), { name: 'std', extractable: true });
    const { ciphertext } = await h.engine.wrap(w(), key.id);
    await expectRefusal(h, () => h.engine.wrap(w(), std.id), 400, 'KEY_ROOT_REQ_ERR');
    await expectRefusal(
      h,
      () => h.engine.unwrap(w(), std.id, { ciphertext }),
      400,
      'KEY_ROOT_REQ_ERR',
    );
    await expectRefusal(
      h,
      () => h.engine.rewrap(w(), std.id, { ciphertext }),
      400,
      'KEY_ROOT_REQ_ERR',
    );
    await expectRefusal(h, () => h.engine.rotate(w(), std.id), 400, 'KEY_ROOT_REQ_ERR');
    await expectRefusal(
      h,
      () =>
        h.engine.putKeyPolicies(m(), std.id, { rotation: { enabled: true, interval_month: 1 } }),
      400,
      'KEY_ROOT_REQ_ERR',
    );
  });

  it('rotating an imported key without new material is 400 KEY_PAYLOAD_REQ_ERR', async () => {
    const imported = await h.engine.createKey(w(), {
      name: 'byok',
      extractable: false,
      payload: Buffer.alloc(32, 7).toString('base64'),
    });
    const e = await expectRefusal(
      h,
      () => h.engine.rotate(w(), imported.id),
      400,
      'KEY_PAYLOAD_REQ_ERR',
    );
    expect(e.message).toMatch(
      /user-supplied key material: rotate it by supplying new key material/,
    );
  });

  it('creating what keyCreateImportAccess forbids is 409 KEY_CREATE_IMPORT_ACCESS_ERR', async () => {
    await h.engine.putInstancePolicies(m(), {
      keyCreateImportAccess: { enabled: true, attributes: { create_root_key: false } },
    });
    const e = await expectRefusal(
      h,
      () => h.engine.createKey(w(), { name: 'nope', extractable: false }),
      409,
      'KEY_CREATE_IMPORT_ACCESS_ERR',
    );
    expect(e.message).toMatch(/create_root_key is off\). A Manager can change it in Settings/);
  });
});

describe('Key Protect conformance: fields, rings and policies at creation', () => {
  it('a description is 2–240 characters: 1 or 241 is 400 INVALID_FIELD_ERR', async () => {
    for (const description of ['d', 'd'.repeat(241)])
      await expectRefusal(
        h,
        () => h.engine.createKey(w(), { name: 'desc', extractable: false, description }),
        400,
        'INVALID_FIELD_ERR',
      );
    expect(
      (await h.engine.createKey(w(), { name: 'ok', extractable: false, description: 'dd' }))
        .description,
    ).toBe('dd');
  });

  it('50 key rings besides default; the 51st is 400 KEY_RING_QUOTA_ERR', async () => {
    for (let i = 1; i <= MAX_KEY_RINGS; i++) await h.engine.createKeyRing(w(), `ring-${i}`);
    const e = await expectRefusal(
      h,
      () => h.engine.createKeyRing(w(), 'ring-51'),
      400,
      'KEY_RING_QUOTA_ERR',
    );
    expect(e.message).toMatch(/at most 50 key rings besides default/);
  });

  it('rotation policy months are 30 days: interval_month 2 is due 60 days after creation', async () => {
    const created = h.clock.now;
    await h.engine.putKeyPolicies(m(), key.id, { rotation: { enabled: true, interval_month: 2 } });
    expect((await h.engine.getKeyMetadata(m(), key.id)).nextRotationDate).toBe(
      new Date(created + 60 * DAY).toISOString(),
    );
  });

  it('keys_with_policy_overrides: a Manager creates a key with its rotation and dual-authorization policies', async () => {
    const created = await h.engine.createKey(m(), {
      name: 'overridden',
      extractable: false,
      policies: {
        rotation: { enabled: true, interval_month: 3 },
        dualAuthDelete: { enabled: true },
      },
    });
    expect(created.nextRotationDate).toBe(new Date(h.clock.now + 90 * DAY).toISOString());
    expect(created.dualAuthDelete).toMatchObject({ enabled: true });
    expect(await h.engine.getKeyPolicies(m(), created.id)).toEqual({
      dualAuthDelete: { enabled: true },
      rotation: { enabled: true, interval_month: 3 },
    });
  });

  it('keys_with_policy_overrides needs the Manager role: a Writer gets 401 UNAUTHORIZED_ERR', async () => {
    const before = (await rawKeys(h)).length;
    await expectRefusal(
      h,
      () =>
        h.engine.createKey(w(), {
          name: 'overridden',
          extractable: false,
          policies: { dualAuthDelete: { enabled: true } },
        }),
      401,
      'UNAUTHORIZED_ERR',
    );
    expect((await rawKeys(h)).length).toBe(before);
  });

  it('a rotation policy override on a standard key is 400 KEY_ROOT_REQ_ERR', async () => {
    await expectRefusal(
      h,
      () =>
        h.engine.createKey(m(), {
          name: 'std',
          extractable: true,
          policies: { rotation: { enabled: true, interval_month: 1 } },
        }),
      400,
      'KEY_ROOT_REQ_ERR',
    );
  });
});

const MINUTE_AND_A_BIT = 61 * SECOND;

describe('Key Protect conformance: sync of associated resources', () => {
  const resource = (k: Key) =>
    `crn:v1:keyward:public:cloud-object-storage:global:a/acct:cos-instance:bucket:for-${k.id.slice(0, 8)}`;
  const notified = async () => {
    await h.engine.flushEvents();
    return (await rawEvents(h)).filter(
      (e) =>
        e.action === 'kms.registrations.notify' &&
        e.outcome === 'success' &&
        e.target.keyId === key.id,
    ).length;
  };

  it('sync re-notifies the registered services (kms.secrets.sync); within 1 h of the last notification it is 409 REQ_TOO_EARLY_ERR', async () => {
    await h.engine.registerResource(key.id, resource(key), false);
    await h.engine.syncAssociatedResources(w(), key.id);
    expect(await notified()).toBe(1);
    const e = await expectRefusal(
      h,
      () => h.engine.syncAssociatedResources(w(), key.id),
      409,
      'REQ_TOO_EARLY_ERR',
    );
    expect(e.message).toMatch(
      /once an hour after the last notification, so try again in 60 minutes/,
    );
    h.clock.advance(HOUR);
    await h.engine.syncAssociatedResources(w(), key.id);
    expect(await notified()).toBe(2);
    expect((await rawEvents(h)).filter((ev) => ev.action === 'kms.secrets.sync')).toHaveLength(3);
  });

  it('a lifecycle notification (disable) also starts the hour: sync right after is 409 REQ_TOO_EARLY_ERR', async () => {
    await h.engine.registerResource(key.id, resource(key), false);
    await h.engine.disableKey(m(), key.id);
    await expectRefusal(
      h,
      () => h.engine.syncAssociatedResources(w(), key.id),
      409,
      'REQ_TOO_EARLY_ERR',
    );
  });

  it('a Reader may not sync: 401 UNAUTHORIZED_ERR', async () => {
    await expectRefusal(
      h,
      () => h.engine.syncAssociatedResources(h.as('reader'), key.id),
      401,
      'UNAUTHORIZED_ERR',
    );
  });
});
