/**
 * Engine errors as plain data. Owns the error codes of SPEC.md and the one error class that
 * carries them. Across the worker boundary only the data crosses (`toData`); the client turns it
 * back into an `EngineError` with `EngineError.fromData`.
 */

/**
 * Every reason code the engine can produce, with its usual HTTP status (Key Protect's where it has
 * the code: its "Error messages" page). A code keeps its status everywhere but for the one case
 * Key Protect itself answers differently: object storage asking for a key it may not see answers
 * `400` "The key CRN could not be found" under KEY_NOT_FOUND_ERR (`keyCrnNotFound`).
 */
export const ERROR_STATUS = {
  INVALID_FIELD_ERR: 400,
  UNAUTHORIZED_ERR: 401,
  KEY_NOT_FOUND_ERR: 404,
  KEY_ACTION_INVALID_STATE_ERR: 409,
  REQ_TOO_EARLY_ERR: 409,
  KEY_ROTATION_NOT_PERMITTED: 409,
  KEY_RESTORE_EXPIRED: 400,
  AUTHORIZATIONS_NOT_MET: 409,
  PROTECTED_RESOURCE_ERR: 409,
  PREV_KEY_DEL_ERR: 409,
  UNPROCESSABLE_CIPHERTEXT_ERR: 422,
  KEY_ALIAS_NOT_UNIQUE_ERR: 409,
  KEY_ALIAS_QUOTA_ERR: 400,
  KEY_ALIAS_NOT_FOUND_ERR: 404,
  KEY_RING_NOT_FOUND_ERR: 404,
  INSTANCE_NOT_FOUND_ERR: 404,
  STORAGE_FULL_ERR: 507,
  // Keyward: another tab upgraded the database (this tab must reload), or an older tab blocks
  // this one's upgrade (issue 14).
  DATABASE_VERSION_ERR: 503,
  INTERNAL_ERR: 500,
  // Key Protect's codes for the lifecycle, root-only actions and import (issue 13).
  KEY_DELETED_ERR: 410,
  KEY_EXPIRED_ERR: 400,
  NOT_DUAL_AUTH_ERR: 409,
  KEY_ROOT_REQ_ERR: 400,
  KEY_PAYLOAD_REQ_ERR: 400,
  IMPORT_TOKEN_EXPIRED_ERR: 409,
  INCORRECT_NONCE_ERR: 400,
  INCORRECT_NONCE_IV_ERR: 400,
  KEY_CREATE_IMPORT_ACCESS_ERR: 409,
  // Key rings (issue 4)
  DUPLICATE_KEY_RING_ERR: 409,
  KEY_RING_QUOTA_ERR: 400,
  KEY_RING_NOT_EMPTY_ERR: 409,
  // Access management and service authorizations (SPEC sections 1, 2, 9).
  AUTHORIZATION_NOT_FOUND_ERR: 404,
  AUTHORIZATION_EXISTS_ERR: 409,
  USER_NOT_FOUND_ERR: 404,
  USER_EXISTS_ERR: 409,
  POLICY_NOT_FOUND_ERR: 404,
  POLICY_EXISTS_ERR: 409,
  LAST_ADMINISTRATOR_ERR: 409,
  INSTANCE_NOT_EMPTY_ERR: 409,
  MASTER_KEY_NOT_LOADED_ERR: 409,
  // Object storage (SPEC section 10): a bucket or object that is not there, a bucket name taken,
  // a bucket that still holds objects, an object under retention, an upload that is gone.
  BUCKET_NOT_FOUND_ERR: 404,
  OBJECT_NOT_FOUND_ERR: 404,
  UPLOAD_NOT_FOUND_ERR: 404,
  BUCKET_ALREADY_EXISTS_ERR: 409,
  BUCKET_NOT_EMPTY_ERR: 409,
  OBJECT_RETENTION_ERR: 409,
  // Hyper Protect Crypto Services (SPEC section 11), Keyward codes: a command out of order for
  // the crypto units' state, too few or invalid administrator signatures, a part or key file that
  // does not open (wrong password, altered) or does not belong, a master key that is not the one
  // the keys are enciphered under, a master key rotation pending.
  CRYPTO_UNIT_STATE_ERR: 409,
  SIGNATURE_THRESHOLD_NOT_MET_ERR: 403,
  INVALID_SIGNATURE_ERR: 403,
  INVALID_FILE_ERR: 400,
  MASTER_KEY_MISMATCH_ERR: 409,
  MASTER_KEY_ROTATION_PENDING_ERR: 409,
  // Presenter kit and backup (SPEC sections 14 and 16), Keyward codes: a checkpoint that is not
  // there; a backup file whose passphrase is wrong, that was altered, cut short, or written by a
  // newer Keyward.
  CHECKPOINT_NOT_FOUND_ERR: 404,
  BACKUP_PASSPHRASE_ERR: 400,
  BACKUP_DAMAGED_ERR: 400,
  BACKUP_TRUNCATED_ERR: 400,
  BACKUP_VERSION_ERR: 400,
  // The account seal (issue 14), Keyward codes: key material refused while sealed (503, as
  // Vault answers while sealed); a wrong passphrase; sealing what is sealed, and the like.
  ACCOUNT_SEALED_ERR: 503,
  SEAL_PASSPHRASE_ERR: 400,
  SEAL_STATE_ERR: 409,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Every code, for tests and tables that must cover them all. */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export interface ErrorData {
  status: number;
  code: ErrorCode;
  message: string;
  /** Extra detail, e.g. the resources that protect a key. */
  reasons?: string[];
}

export class EngineError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly reasons: string[] | undefined;

  constructor(status: number, code: ErrorCode, message: string, reasons?: string[]) {
    super(message);
    this.name = 'EngineError';
    this.status = status;
    this.code = code;
    this.reasons = reasons;
  }

  toData(): ErrorData {
    const data: ErrorData = { status: this.status, code: this.code, message: this.message };
    if (this.reasons) data.reasons = this.reasons;
    return data;
  }

  static fromData(data: ErrorData): EngineError {
    return new EngineError(data.status, data.code, data.message, data.reasons);
  }
}

export function isErrorData(value: unknown): value is ErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.status === 'number' && typeof v.code === 'string' && typeof v.message === 'string'
  );
}

/**
 * An engine error with its code's status from `ERROR_STATUS`: the one way the engine and the
 * server build an error, so a code never answers with two statuses by accident. The one case that
 * differs (`keyCrnNotFound`) builds its `EngineError` explicitly.
 */
export function engineError(code: ErrorCode, message: string, reasons?: string[]): EngineError {
  return new EngineError(ERROR_STATUS[code], code, message, reasons);
}

/** A denied call: the caller may not do this (UNAUTHORIZED_ERR, 401 as every denial). */
export function denied(message: string): EngineError {
  return engineError('UNAUTHORIZED_ERR', message);
}

/** Shorthand for the common bad-input failure. */
export function invalidField(field: string, message: string): EngineError {
  return engineError('INVALID_FIELD_ERR', `${field}: ${message}`);
}

export function keyNotFound(idOrAlias: string): EngineError {
  return engineError('KEY_NOT_FOUND_ERR', `Key not found: ${idOrAlias}`);
}

/** An error as a batch item carries it: plain data, so it crosses the worker boundary. */
export function errorBody(error: EngineError): {
  status: number;
  code: ErrorCode;
  message: string;
} {
  return { status: error.status, code: error.code, message: error.message };
}
