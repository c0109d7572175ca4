/**
 * Engine errors as plain data. Owns the error codes of SPEC.md and the one error class that
 * carries them. Across the worker boundary only the data crosses (`toData`); the client turns it
 * back into an `EngineError` with `EngineError.fromData`.
 */

export type ErrorCode =
  | 'INVALID_FIELD_ERR'
  | 'UNAUTHORIZED_ERR'
  | 'KEY_NOT_FOUND_ERR'
  | 'KEY_ACTION_INVALID_STATE_ERR'
  | 'REQ_TOO_EARLY_ERR'
  | 'KEY_ROTATION_NOT_PERMITTED'
  | 'KEY_RESTORE_EXPIRED'
  | 'AUTHORIZATIONS_NOT_MET'
  | 'PROTECTED_RESOURCE_ERR'
  | 'PREV_KEY_DEL_ERR'
  | 'UNPROCESSABLE_CIPHERTEXT_ERR'
  | 'KEY_ALIAS_NOT_UNIQUE_ERR'
  | 'KEY_ALIAS_QUOTA_ERR'
  | 'KEY_ALIAS_NOT_FOUND_ERR'
  | 'KEY_RING_NOT_FOUND_ERR'
  | 'INSTANCE_NOT_FOUND_ERR'
  | 'STORAGE_FULL_ERR'
  | 'INTERNAL_ERR'
  // Key rings (issue 4)
  | 'DUPLICATE_KEY_RING_ERR'
  | 'KEY_RING_QUOTA_ERR'
  | 'KEY_RING_NOT_EMPTY_ERR'
  // Access management and service authorizations (SPEC sections 1, 2, 9).
  | 'AUTHORIZATION_NOT_FOUND_ERR'
  | 'AUTHORIZATION_EXISTS_ERR'
  | 'USER_NOT_FOUND_ERR'
  | 'USER_EXISTS_ERR'
  | 'POLICY_NOT_FOUND_ERR'
  | 'POLICY_EXISTS_ERR'
  | 'LAST_ADMINISTRATOR_ERR'
  | 'INSTANCE_NOT_EMPTY_ERR'
  | 'MASTER_KEY_NOT_LOADED_ERR'
  // Object storage (SPEC section 10): a bucket or object that is not there, a bucket name taken,
  // a bucket that still holds objects, an object under retention, an upload that is gone.
  | 'BUCKET_NOT_FOUND_ERR'
  | 'OBJECT_NOT_FOUND_ERR'
  | 'UPLOAD_NOT_FOUND_ERR'
  | 'BUCKET_ALREADY_EXISTS_ERR'
  | 'BUCKET_NOT_EMPTY_ERR'
  | 'OBJECT_RETENTION_ERR'
  // Hyper Protect Crypto Services (SPEC section 11), Keyward codes: a command out of order for
  // the crypto units' state, too few or invalid administrator signatures, a part or key file that
  // does not open (wrong password, altered) or does not belong, a master key that is not the one
  // the keys are enciphered under, a master key rotation pending.
  | 'CRYPTO_UNIT_STATE_ERR'
  | 'SIGNATURE_THRESHOLD_NOT_MET_ERR'
  | 'INVALID_SIGNATURE_ERR'
  | 'INVALID_FILE_ERR'
  | 'MASTER_KEY_MISMATCH_ERR'
  | 'MASTER_KEY_ROTATION_PENDING_ERR';

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

/** Shorthand for the common bad-input failure. */
export function invalidField(field: string, message: string): EngineError {
  return new EngineError(400, 'INVALID_FIELD_ERR', `${field}: ${message}`);
}

export function keyNotFound(idOrAlias: string): EngineError {
  return new EngineError(404, 'KEY_NOT_FOUND_ERR', `Key not found: ${idOrAlias}`);
}
