/**
 * The kms area's part of the API (SPEC sections 3–8): keys, wrapping, key rings, policies and
 * import tokens, composed from the area's services. What the engine used to do between them
 * lives here: a created key tells the rotation and expiry schedules its dates, and a lifecycle
 * change reaches the resources registered with the key before the call answers.
 */
import type { ImportTokensApi } from '../../domain/import-tokens-api';
import type { KeyRingsApi } from '../../domain/key-rings-api';
import type { KeysApi } from '../../domain/keys-api';
import type { PoliciesApi } from '../../domain/policies-api';
import type { WrapApi } from '../../domain/wrap-api';
import type { Key } from '../../domain/types';
import { methodsOf } from '../methods-of';
import type { ImportTokenService } from './import-tokens';
import type { InstancePolicyService } from './instance-policies';
import type { KeyExpiry } from './key-expiry';
import type { KeyNotifier } from './key-notifications';
import type { KeyPolicyService } from './key-policies';
import type { KeyRingService } from './key-rings';
import type { KeyService } from './keys';
import type { RotationSchedule } from './rotation-schedule';
import type { WrapService } from './wrap';

export type KmsApi = KeysApi & WrapApi & KeyRingsApi & PoliciesApi & ImportTokensApi;

export interface KmsServices {
  keys: KeyService;
  wraps: WrapService;
  rings: KeyRingService;
  keyPolicies: KeyPolicyService;
  instancePolicies: InstancePolicyService;
  importTokens: ImportTokenService;
  rotations: RotationSchedule;
  expiry: KeyExpiry;
  keyNotifier: KeyNotifier;
}

export function kmsApi(s: KmsServices): KmsApi {
  const { keys, rotations, expiry, keyNotifier } = s;
  /**
   * A key lifecycle change writes its notification to the resources registered with the key in
   * its own transaction (under its correlation id, so the events view links both sides); it is
   * then delivered to their owners (object storage) before the call answers. Should the delivery
   * fail (storage full), the notification stays in the outbox and the next engine run delivers
   * it; the change itself stands.
   */
  const notifying = async (change: Promise<Key>): Promise<Key> => {
    const key = await change;
    await keyNotifier.deliverPending().catch(() => undefined);
    return key;
  };
  return {
    ...methodsOf(keys, [
      'listKeys',
      'headKeys',
      'getKey',
      'getKeyMetadata',
      'getKeyVersions',
      'getRegistrations',
      'listRegistrations',
      'createAlias',
      'deleteAlias',
      'setKeyForDeletion',
      'unsetKeyForDeletion',
      'purgeKey',
    ]),
    createKey: async (ctx, req) => {
      const key = await keys.createKey(ctx, req);
      // A key that took the instance's rotation default is due an interval from now (issue 4).
      if (key.nextRotationDate) rotations.noteDue(Date.parse(key.nextRotationDate));
      if (key.expirationDate) expiry.noteExpiration(Date.parse(key.expirationDate));
      return key;
    },
    createKeys: async (ctx, requests) => {
      const results = await keys.createKeys(ctx, requests);
      for (const item of results)
        if (item.ok && item.value.nextRotationDate)
          rotations.noteDue(Date.parse(item.value.nextRotationDate));
      return results;
    },
    rotate: (ctx, idOrAlias, req) => notifying(keys.rotate(ctx, idOrAlias, req)),
    syncAssociatedResources: async (ctx, idOrAlias) => {
      await notifying(keys.syncAssociatedResources(ctx, idOrAlias));
    },
    disableKey: (ctx, idOrAlias) => notifying(keys.disableKey(ctx, idOrAlias)),
    enableKey: (ctx, idOrAlias) => notifying(keys.enableKey(ctx, idOrAlias)),
    deleteKey: (ctx, idOrAlias, options) => notifying(keys.deleteKey(ctx, idOrAlias, options)),
    restoreKey: (ctx, idOrAlias) => notifying(keys.restoreKey(ctx, idOrAlias)),
    ...methodsOf(s.wraps, ['wrap', 'unwrap', 'rewrap', 'wrapBatch', 'unwrapBatch', 'rewrapBatch']),
    ...methodsOf(s.rings, ['listKeyRings', 'createKeyRing', 'deleteKeyRing', 'setKeyRing']),
    ...methodsOf(s.keyPolicies, ['getKeyPolicies', 'putKeyPolicies']),
    ...methodsOf(s.instancePolicies, ['getInstancePolicies', 'putInstancePolicies']),
    ...methodsOf(s.importTokens, ['createImportToken', 'getImportToken']),
  };
}
