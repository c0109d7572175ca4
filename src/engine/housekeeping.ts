/**
 * Housekeeping: the work that falls due on the engine clock — keys reaching their expiration
 * date, Deleted keys purged 90 days on, scheduled rotations, expired import tokens erased (SPEC
 * sections 4, 6, 7 and 13). It runs before API calls, so what fell due while no call came (or
 * the app was closed) has happened before the next answer.
 *
 * `HOUSEKEEPING` decides, for every method of the API, whether due work runs first or why not.
 * It is typed against `API_METHODS`: a new method does not compile until it is given a line here.
 */
import { API_METHODS, type ApiMethod, type KeywardApi } from '../domain/api';
import { toEngineError } from './operation';

/** Due work runs before the method. */
export const DUE_WORK_FIRST = 'due work first';
/** The method runs without housekeeping, for the reason given. */
export interface Exempt {
  exempt: string;
}

const AUDIT_READ: Exempt = {
  exempt:
    'reads or verifies the audit history: reading it must not first append the system events of due work to the chain being read',
};
const SEAL: Exempt = {
  exempt:
    'the seal gates key material: due rotations need the master keys a sealed account withholds, so running them first would keep an Administrator from reading, removing or unsealing the seal',
};
const IAM: Exempt = {
  exempt:
    'account administration (SPEC sections 1, 2, 9): changes and reads users, policies, instances and authorizations, never a key’s state or schedule; the key calls that follow run housekeeping',
};
const HPCS: Exempt = {
  exempt:
    'crypto unit ceremony (SPEC section 11): its steps act on the units’ administrators, thresholds and master key registers, not on key schedules; the key calls of the instance run housekeeping',
};
const WHOLE_ACCOUNT: Exempt = {
  exempt:
    'replaces, saves or exports the whole account (SPEC sections 14 and 16): due work of the account as it is would be recorded into what is then saved or discarded; the next call runs it',
};
const WALKTHROUGH: Exempt = {
  exempt: 'presenter state only (which walkthrough is open); touches no key',
};
const PERMISSION_QUERY: Exempt = {
  exempt:
    'a permission query the console asks for every page and row to gate its controls; not audited, and every call it gates runs housekeeping itself',
};
const CHUNK: Exempt = {
  exempt:
    'an object chunk: the hot path of uploads and downloads; beginUpload, completeUpload and headObject run housekeeping around it',
};

export type HousekeepingRule = typeof DUE_WORK_FIRST | Exempt;

export const HOUSEKEEPING: { readonly [M in ApiMethod]: HousekeepingRule } = {
  // Session
  getSession: {
    exempt:
      'runs the key schedules itself (expiry, purges, rotations) before reading, without erasing expired import tokens: iam/session.ts',
  },
  getPermissions: PERMISSION_QUERY,
  getKeyPermissions: PERMISSION_QUERY,
  advanceTime: {
    exempt:
      'runs the key schedules itself after moving the clock, so what falls due at the new time runs before it answers; their failures are not its outcome: iam/session.ts',
  },
  // Keys, wrapping, key rings, policies, import tokens (SPEC sections 3–8)
  createKey: DUE_WORK_FIRST,
  createKeys: DUE_WORK_FIRST,
  listKeys: DUE_WORK_FIRST,
  headKeys: DUE_WORK_FIRST,
  getKey: DUE_WORK_FIRST,
  getKeyMetadata: DUE_WORK_FIRST,
  getKeyVersions: DUE_WORK_FIRST,
  getRegistrations: DUE_WORK_FIRST,
  listRegistrations: DUE_WORK_FIRST,
  syncAssociatedResources: DUE_WORK_FIRST,
  createAlias: DUE_WORK_FIRST,
  deleteAlias: DUE_WORK_FIRST,
  rotate: DUE_WORK_FIRST,
  disableKey: DUE_WORK_FIRST,
  enableKey: DUE_WORK_FIRST,
  setKeyForDeletion: DUE_WORK_FIRST,
  unsetKeyForDeletion: DUE_WORK_FIRST,
  deleteKey: DUE_WORK_FIRST,
  restoreKey: DUE_WORK_FIRST,
  purgeKey: DUE_WORK_FIRST,
  wrap: DUE_WORK_FIRST,
  unwrap: DUE_WORK_FIRST,
  rewrap: DUE_WORK_FIRST,
  wrapBatch: DUE_WORK_FIRST,
  unwrapBatch: DUE_WORK_FIRST,
  rewrapBatch: DUE_WORK_FIRST,
  listKeyRings: DUE_WORK_FIRST,
  createKeyRing: DUE_WORK_FIRST,
  deleteKeyRing: DUE_WORK_FIRST,
  setKeyRing: DUE_WORK_FIRST,
  getKeyPolicies: DUE_WORK_FIRST,
  putKeyPolicies: DUE_WORK_FIRST,
  getInstancePolicies: DUE_WORK_FIRST,
  putInstancePolicies: DUE_WORK_FIRST,
  createImportToken: DUE_WORK_FIRST,
  getImportToken: DUE_WORK_FIRST,
  // Events (SPEC section 12)
  listEvents: AUDIT_READ,
  verifyEvents: AUDIT_READ,
  getEventsDigest: AUDIT_READ,
  // The account seal (issue 14)
  getSealStatus: SEAL,
  sealAccount: SEAL,
  unsealAccount: SEAL,
  removeSeal: SEAL,
  // Service authorizations, instances, users, access policies
  createAuthorization: IAM,
  listAuthorizations: IAM,
  deleteAuthorization: IAM,
  createInstance: IAM,
  renameInstance: IAM,
  deleteInstance: IAM,
  getInstanceUsage: IAM,
  addUser: IAM,
  removeUser: IAM,
  grantAccess: IAM,
  revokeAccess: IAM,
  checkAccess: IAM,
  // Object storage (SPEC section 10)
  getStoragePermissions: PERMISSION_QUERY,
  listBuckets: DUE_WORK_FIRST,
  getBucket: DUE_WORK_FIRST,
  createBucket: DUE_WORK_FIRST,
  deleteBucket: DUE_WORK_FIRST,
  listEncryptionKeys: DUE_WORK_FIRST,
  listObjects: DUE_WORK_FIRST,
  headObject: DUE_WORK_FIRST,
  beginUpload: DUE_WORK_FIRST,
  putUploadChunk: CHUNK,
  completeUpload: DUE_WORK_FIRST,
  abortUpload: {
    exempt:
      'ends an upload of the chunk hot path: it drops the staged chunks, which depend on no key schedule; beginUpload ran housekeeping',
  },
  getObjectChunk: CHUNK,
  deleteObject: DUE_WORK_FIRST,
  getProtectedBuckets: DUE_WORK_FIRST,
  // Hyper Protect Crypto Services (SPEC section 11)
  getHpcsState: HPCS,
  createSignatureKey: HPCS,
  signCeremonyCommand: HPCS,
  addCryptoUnitAdmin: HPCS,
  removeCryptoUnitAdmin: HPCS,
  setCryptoUnitThresholds: HPCS,
  createMasterKeyPart: HPCS,
  loadMasterKey: HPCS,
  commitMasterKey: HPCS,
  activateMasterKey: HPCS,
  rotateMasterKey: HPCS,
  recoverMasterKey: HPCS,
  zeroizeCryptoUnits: HPCS,
  // Dashboard, last used, notifications (issue 11)
  getDashboard: DUE_WORK_FIRST,
  getKeyUsage: DUE_WORK_FIRST,
  getNotifications: DUE_WORK_FIRST,
  // Presenter kit and backup (issue 12)
  loadScenario: WHOLE_ACCOUNT,
  saveCheckpoint: WHOLE_ACCOUNT,
  listCheckpoints: WHOLE_ACCOUNT,
  restoreCheckpoint: WHOLE_ACCOUNT,
  deleteCheckpoint: WHOLE_ACCOUNT,
  resetAccount: WHOLE_ACCOUNT,
  exportBackup: WHOLE_ACCOUNT,
  restoreBackup: WHOLE_ACCOUNT,
  getWalkthrough: WALKTHROUGH,
  startWalkthrough: WALKTHROUGH,
  endWalkthrough: WALKTHROUGH,
};

/** The schedules housekeeping runs, each a service of its area (kms). */
export interface DueWork {
  /** kms/key-expiry.ts: records each key's expiry once its date has passed. */
  expiry: { expireDue(): Promise<void>; reset(): void };
  /** kms/keys.ts: purges keys 90 days after their deletion. */
  keys: { purgeDue(): Promise<void>; resetPurgeSchedule(): void };
  /** kms/rotation-schedule.ts: rotates keys whose rotation policy says they are due. */
  rotations: { rotateDue(): Promise<void>; reset(): void };
  /** kms/import-tokens.ts: erases expired import tokens' private keys. */
  importTokens: { eraseExpired(): Promise<void>; forgetSchedule(): void };
}

export class Housekeeping {
  constructor(private readonly due: DueWork) {}

  /** Before a call: everything due, in order; a failure is the call's error. */
  async runDue(): Promise<void> {
    try {
      await this.due.expiry.expireDue();
      await this.due.keys.purgeDue();
      await this.due.rotations.rotateDue();
      await this.due.importTokens.eraseExpired();
    } catch (error) {
      throw toEngineError(error);
    }
  }

  /** The key schedules only (expiry, purges, rotations), failures as they come: the session. */
  async runKeySchedules(): Promise<void> {
    await this.due.expiry.expireDue();
    await this.due.keys.purgeDue();
    await this.due.rotations.rotateDue();
  }

  /** After the clock moved: each key schedule, a failure of one stopping none of the others. */
  async afterClockMoved(): Promise<void> {
    await this.due.expiry.expireDue().catch(() => undefined);
    await this.due.keys.purgeDue().catch(() => undefined);
    await this.due.rotations.rotateDue().catch(() => undefined);
  }

  /** Keys changed elsewhere (another tab, a restored account): read the key schedules again. */
  forgetKeySchedules(): void {
    this.due.keys.resetPurgeSchedule();
    this.due.rotations.reset();
    this.due.expiry.reset();
  }

  /**
   * `api` with due work run before every method `HOUSEKEEPING` does not exempt (after the
   * argument check, which wraps the result: a refused call runs nothing).
   */
  wrap(api: KeywardApi): KeywardApi {
    type Method = (...args: unknown[]) => Promise<unknown>;
    const methods = api as unknown as Record<ApiMethod, Method>;
    const wrapped: Record<ApiMethod, Method> = { ...methods };
    for (const name of API_METHODS) {
      if (HOUSEKEEPING[name] !== DUE_WORK_FIRST) continue;
      const call = methods[name];
      wrapped[name] = async (...args) => {
        await this.runDue();
        return call(...args);
      };
    }
    return wrapped as unknown as KeywardApi;
  }
}
