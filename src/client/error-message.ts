/**
 * Turns any failure of an engine call into the words the console shows. One place for all: every
 * reason code the engine can produce has its own title (the table is total over `ErrorCode`, so a
 * new code does not compile without one); the detail is the engine's message, which says what is
 * wrong and how to fix it.
 */
import { EngineError, type ErrorCode } from '../domain/errors';
import { EngineUnavailableError } from './engine-connection';

export interface ErrorMessage {
  title: string;
  detail: string;
}

export const ERROR_TITLES: Record<ErrorCode, string> = {
  UNAUTHORIZED_ERR: 'Not allowed',
  INVALID_FIELD_ERR: 'Check the input',
  KEY_NOT_FOUND_ERR: 'Key not found',
  KEY_ACTION_INVALID_STATE_ERR: 'Not possible in this state',
  REQ_TOO_EARLY_ERR: 'Too early',
  KEY_ROTATION_NOT_PERMITTED: 'Rotated too recently',
  KEY_RESTORE_EXPIRED: 'Restore window closed',
  AUTHORIZATIONS_NOT_MET: 'A second authorization is needed',
  PROTECTED_RESOURCE_ERR: 'Still in use',
  PREV_KEY_DEL_ERR: 'Deletion prevented by a protected resource',
  UNPROCESSABLE_CIPHERTEXT_ERR: 'Ciphertext not accepted',
  KEY_ALIAS_NOT_UNIQUE_ERR: 'Alias already in use',
  KEY_ALIAS_QUOTA_ERR: 'Too many aliases',
  KEY_ALIAS_NOT_FOUND_ERR: 'Alias not found',
  KEY_RING_NOT_FOUND_ERR: 'Key ring not found',
  INSTANCE_NOT_FOUND_ERR: 'Instance not found',
  STORAGE_FULL_ERR: 'Storage full',
  INTERNAL_ERR: 'Internal error',
  KEY_DELETED_ERR: 'Already deleted',
  KEY_EXPIRED_ERR: 'The key has expired',
  NOT_DUAL_AUTH_ERR: 'Dual authorization is off for this key',
  KEY_ROOT_REQ_ERR: 'Needs a root key',
  KEY_PAYLOAD_REQ_ERR: 'Key material required',
  IMPORT_TOKEN_EXPIRED_ERR: 'Import token expired',
  INCORRECT_NONCE_ERR: 'Wrong nonce',
  INCORRECT_NONCE_IV_ERR: 'Nonce and IV do not match',
  KEY_CREATE_IMPORT_ACCESS_ERR: 'Not allowed by the instance policy',
  DUPLICATE_KEY_RING_ERR: 'Key ring already exists',
  KEY_RING_QUOTA_ERR: 'Too many key rings',
  KEY_RING_NOT_EMPTY_ERR: 'Key ring not empty',
  AUTHORIZATION_NOT_FOUND_ERR: 'Authorization not found',
  AUTHORIZATION_EXISTS_ERR: 'Already authorized',
  USER_NOT_FOUND_ERR: 'User not found',
  USER_EXISTS_ERR: 'Email already in use',
  POLICY_NOT_FOUND_ERR: 'Policy not found',
  POLICY_EXISTS_ERR: 'Already granted',
  LAST_ADMINISTRATOR_ERR: 'The last Administrator',
  INSTANCE_NOT_EMPTY_ERR: 'Instance not empty',
  MASTER_KEY_NOT_LOADED_ERR: 'Master key not loaded',
  BUCKET_NOT_FOUND_ERR: 'Bucket not found',
  OBJECT_NOT_FOUND_ERR: 'Object not found',
  UPLOAD_NOT_FOUND_ERR: 'Upload not found',
  BUCKET_ALREADY_EXISTS_ERR: 'Bucket name taken',
  BUCKET_NOT_EMPTY_ERR: 'Bucket not empty',
  OBJECT_RETENTION_ERR: 'Under retention',
  // Hyper Protect Crypto Services
  CRYPTO_UNIT_STATE_ERR: 'Not possible in this ceremony step',
  DATABASE_VERSION_ERR: 'Reload to continue',
  SIGNATURE_THRESHOLD_NOT_MET_ERR: 'More signatures needed',
  INVALID_SIGNATURE_ERR: 'Signature refused',
  INVALID_FILE_ERR: 'The file does not open',
  MASTER_KEY_MISMATCH_ERR: 'Not the same master key',
  MASTER_KEY_ROTATION_PENDING_ERR: 'Master key rotation pending',
  // Presenter kit and backup
  CHECKPOINT_NOT_FOUND_ERR: 'Checkpoint not found',
  BACKUP_PASSPHRASE_ERR: 'Wrong passphrase',
  BACKUP_DAMAGED_ERR: 'The backup file is damaged',
  BACKUP_TRUNCATED_ERR: 'The backup file is incomplete',
  BACKUP_VERSION_ERR: 'Backup from a newer Keyward',
  ACCOUNT_SEALED_ERR: 'The account is sealed',
  SEAL_PASSPHRASE_ERR: 'Wrong passphrase',
  SEAL_STATE_ERR: 'Seal state changed',
};

export function errorMessage(error: unknown): ErrorMessage {
  if (error instanceof EngineError) {
    // A code from a newer engine than this console: still a sentence, never a bare code.
    const title = (ERROR_TITLES as Partial<Record<string, string>>)[error.code];
    return { title: title ?? 'The request was refused', detail: error.message };
  }
  if (error instanceof EngineUnavailableError)
    return { title: 'The key engine is not running', detail: error.message };
  return {
    title: 'Something went wrong',
    detail: error instanceof Error ? error.message : String(error),
  };
}
