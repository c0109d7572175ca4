/**
 * Server secrets derived from the KEK (so every process on one database agrees without sharing
 * another file): the bearer-token signing key. API keys are random and stored as SHA-256 digests.
 */
import { createHash, hkdfSync, randomBytes } from 'node:crypto';

export function tokenSigningSecret(kek: Uint8Array): string {
  const derived = hkdfSync('sha256', kek, new Uint8Array(0), 'keyward-server/token-signing/v1', 32);
  return Buffer.from(derived).toString('base64');
}

export function newApiKey(): string {
  return `kw_${randomBytes(32).toString('base64url')}`;
}

export function digestOf(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}

export function newId(): string {
  return randomBytes(16).toString('hex');
}
