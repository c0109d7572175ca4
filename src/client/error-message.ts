/** Turns any failure of an engine call into the words the console shows. One place for all. */
import { EngineError } from '../domain/errors';
import { EngineUnavailableError } from './engine-connection';

export interface ErrorMessage {
  title: string;
  detail: string;
}

const TITLES: Partial<Record<EngineError['code'], string>> = {
  UNAUTHORIZED_ERR: 'Not allowed',
  INVALID_FIELD_ERR: 'Check the input',
  KEY_NOT_FOUND_ERR: 'Key not found',
  KEY_ACTION_INVALID_STATE_ERR: 'Not possible in this state',
  REQ_TOO_EARLY_ERR: 'Too early',
  KEY_ROTATION_NOT_PERMITTED: 'Rotated too recently',
  KEY_ALIAS_NOT_UNIQUE_ERR: 'Alias already in use',
  KEY_ALIAS_QUOTA_ERR: 'Too many aliases',
  STORAGE_FULL_ERR: 'Storage full',
  // Key rings (issue 4)
  KEY_RING_NOT_FOUND_ERR: 'Key ring not found',
  DUPLICATE_KEY_RING_ERR: 'Key ring already exists',
  KEY_RING_QUOTA_ERR: 'Too many key rings',
  KEY_RING_NOT_EMPTY_ERR: 'Key ring not empty',
  // Access management and service authorizations
  INSTANCE_NOT_FOUND_ERR: 'Instance not found',
  AUTHORIZATION_NOT_FOUND_ERR: 'Authorization not found',
  AUTHORIZATION_EXISTS_ERR: 'Already authorized',
  PROTECTED_RESOURCE_ERR: 'Still in use',
  USER_NOT_FOUND_ERR: 'User not found',
  USER_EXISTS_ERR: 'Email already in use',
  POLICY_NOT_FOUND_ERR: 'Policy not found',
  POLICY_EXISTS_ERR: 'Already granted',
  LAST_ADMINISTRATOR_ERR: 'The last Administrator',
  INSTANCE_NOT_EMPTY_ERR: 'Instance not empty',
  MASTER_KEY_NOT_LOADED_ERR: 'Master key not loaded',
};

export function errorMessage(error: unknown): ErrorMessage {
  if (error instanceof EngineError) {
    return { title: TITLES[error.code] ?? `Refused (${error.code})`, detail: error.message };
  }
  if (error instanceof EngineUnavailableError)
    return { title: 'The key engine is not running', detail: error.message };
  return {
    title: 'Something went wrong',
    detail: error instanceof Error ? error.message : String(error),
  };
}
