/**
 * What the ciphertext inspector makes of a text: empty, not base64, base64 but not a Keyward
 * envelope, or the decoded envelope (its non-secret parts; the sealed DEK stays sealed).
 */
import { decodeEnvelope, type Envelope } from '../../../../domain/envelope';
import { decodeBase64 } from '../../../../domain/validation';

export type Inspection =
  | { kind: 'empty' }
  | { kind: 'not-base64' }
  | { kind: 'not-keyward'; length: number }
  | { kind: 'envelope'; envelope: Envelope };

export function inspect(text: string): Inspection {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { kind: 'empty' };
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64('ciphertext', trimmed);
  } catch {
    return { kind: 'not-base64' };
  }
  const envelope = decodeEnvelope(bytes);
  return envelope ? { kind: 'envelope', envelope } : { kind: 'not-keyward', length: bytes.length };
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
