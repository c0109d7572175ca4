/**
 * The rules of the key actions tab, pure: whether the plaintext to wrap is acceptable, how a
 * version is named in results, and what the role and the key's state allow (an Expired key
 * unwraps and rewraps but never wraps).
 */
import { KeyState, stateAllows } from '../../../../domain/key-state';
import type { Key, KeyVersion, Permission, Permissions } from '../../../../domain/types';
import { decodeBase64, isBase64, LIMITS } from '../../../../domain/validation';
import { gate, stateReason } from './format';

export function plaintextProblem(text: string): string | undefined {
  if (text.length === 0) return 'Enter the plaintext to wrap, base64-encoded.';
  if (!isBase64(text)) return 'Not valid base64 (A–Z, a–z, 0–9, "+", "/", with "=" padding).';
  const bytes = decodeBase64('plaintext', text).length;
  if (bytes < 1 || bytes > LIMITS.wrapPlaintextMax)
    return `Use 1–${LIMITS.wrapPlaintextMax} bytes (this has ${bytes}).`;
  return undefined;
}

/** "version 2 (current) — <id>", or the id alone when the versions are not known. */
export function versionLabel(versions: KeyVersion[] | undefined, id: string): string {
  const version = versions?.find((v) => v.id === id);
  if (!version) return id;
  return `version ${version.number}${version.current ? ' (current)' : ''} — ${id}`;
}

export interface EnvelopeGates {
  wrap: Permission | undefined;
  unwrap: Permission | undefined;
  rewrap: Permission | undefined;
}

export function envelopeGates(key: Key, permissions: Permissions | undefined): EnvelopeGates {
  const { state } = key;
  return {
    wrap: gate(
      permissions?.wrap,
      'Wrapping',
      stateAllows(state, 'wrap')
        ? undefined
        : state === KeyState.Deactivated
          ? 'An Expired key cannot wrap; it can still unwrap and rewrap what it wrapped before.'
          : stateReason(state, 'wrap'),
    ),
    unwrap: gate(
      permissions?.wrap,
      'Unwrapping',
      stateAllows(state, 'unwrap') ? undefined : stateReason(state, 'unwrap'),
    ),
    rewrap: gate(
      permissions?.wrap,
      'Rewrapping',
      stateAllows(state, 'rewrap') ? undefined : stateReason(state, 'rewrap'),
    ),
  };
}
