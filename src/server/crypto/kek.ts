/**
 * The server key-encryption key (KEK): an AES-256-GCM key that enciphers every CryptoKey the
 * engine keeps at rest in PostgreSQL (instance master keys, the audit signing key, import-token
 * private keys, Hyper Protect registers). It comes from `KEYWARD_KEK` (base64 of 32 bytes) or from
 * a key file, made on first start with mode 0600. The database alone opens no key.
 */
import { randomBytes, webcrypto, KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const KEK_BYTES = 32;
export const AAD = new TextEncoder().encode('keyward-server-kek/v1');
export const IV_BYTES = 12;

export class KekError extends Error {}

function parseKek(text: string, where: string): Uint8Array {
  const raw = Buffer.from(text.trim(), 'base64');
  if (raw.length !== KEK_BYTES)
    throw new KekError(`${where} must hold ${KEK_BYTES} bytes in base64 (got ${raw.length} bytes)`);
  return new Uint8Array(raw);
}

/**
 * Reads the KEK: from `env.KEYWARD_KEK` when set, else from `file`, which is created (mode 0600,
 * 32 random bytes in base64) when it does not exist. A key file readable by others is refused.
 */
export function loadKekBytes(file: string, env: NodeJS.ProcessEnv = process.env): Uint8Array {
  const fromEnv = env.KEYWARD_KEK;
  if (fromEnv) return parseKek(fromEnv, 'KEYWARD_KEK');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(KEK_BYTES).toString('base64') + '\n', {
      mode: 0o600,
      flag: 'wx',
    });
    chmodSync(file, 0o600);
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0)
    throw new KekError(`${file} is readable by other users; run chmod 600 on it`);
  return parseKek(readFileSync(file, 'utf8'), file);
}

/** What a sealed CryptoKey looks like in a stored record. */
export interface SealedKey {
  type: KeyType;
  algorithm: unknown;
  usages: KeyUsage[];
  extractable: boolean;
  /** base64 of IV ‖ AES-GCM(KEK, key material as raw, pkcs8 or spki). */
  sealed: string;
}

function formatOf(type: KeyType): 'raw' | 'pkcs8' | 'spki' {
  return type === 'secret' ? 'raw' : type === 'private' ? 'pkcs8' : 'spki';
}

/**
 * Seals and opens CryptoKeys under the KEK. A non-extractable key's material is read through
 * Node's KeyObject (the server process holds it anyway) and never leaves this module in the clear.
 */
export class KeySealer {
  private readonly opened = new Map<string, CryptoKey>();

  private constructor(private readonly kek: CryptoKey) {}

  static async fromBytes(bytes: Uint8Array): Promise<KeySealer> {
    const kek = await webcrypto.subtle.importKey('raw', bytes, 'AES-GCM', false, [
      'encrypt',
      'decrypt',
    ]);
    return new KeySealer(kek);
  }

  async seal(key: CryptoKey, encodeAlgorithm: (algorithm: unknown) => unknown): Promise<SealedKey> {
    const object = KeyObject.from(key);
    const material =
      key.type === 'secret'
        ? object.export()
        : object.export({ format: 'der', type: formatOf(key.type) as 'pkcs8' | 'spki' });
    const iv = randomBytes(IV_BYTES);
    try {
      const cipher = new Uint8Array(
        await webcrypto.subtle.encrypt(
          { name: 'AES-GCM', iv, additionalData: AAD },
          this.kek,
          material,
        ),
      );
      const sealed = Buffer.concat([iv, cipher]).toString('base64');
      this.opened.set(sealed, key);
      return {
        type: key.type,
        algorithm: encodeAlgorithm(key.algorithm),
        usages: [...key.usages],
        extractable: key.extractable,
        sealed,
      };
    } finally {
      material.fill(0);
    }
  }

  async open(sealed: SealedKey, algorithm: unknown): Promise<CryptoKey> {
    const known = this.opened.get(sealed.sealed);
    if (known) return known;
    const bytes = Buffer.from(sealed.sealed, 'base64');
    let material: Uint8Array;
    try {
      material = new Uint8Array(
        await webcrypto.subtle.decrypt(
          { name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES), additionalData: AAD },
          this.kek,
          bytes.subarray(IV_BYTES),
        ),
      );
    } catch {
      throw new KekError(
        'A stored key does not open under this server key-encryption key (wrong KEYWARD_KEK or key file?)',
      );
    }
    try {
      const key = await webcrypto.subtle.importKey(
        formatOf(sealed.type),
        material,
        algorithm as AlgorithmIdentifier,
        sealed.extractable,
        sealed.usages,
      );
      if (this.opened.size > 10_000) this.opened.clear();
      this.opened.set(sealed.sealed, key);
      return key;
    } finally {
      material.fill(0);
    }
  }
}
