/**
 * docs/hpcs-files.md is enough to open both ceremony files with Node's crypto: this test reads the
 * AAD field lists and the pattern label from that page, opens a part file and a signature key
 * file the engine made, checks the part's verification pattern, and signs a ceremony command with
 * the private key it found, which the engine then accepts.
 */
import {
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  pbkdf2Sync,
  sign,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../engine';
import { openHarness, type Harness } from '../test/harness';

const doc = readFileSync(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/hpcs-files.md'),
  'utf8',
);

function aadFields(kind: string): string[] {
  const m = new RegExp('```aad-fields ' + kind + '\\n([^`]+)```').exec(doc);
  if (!m?.[1]) throw new Error(`docs/hpcs-files.md lists no aad-fields for ${kind}`);
  return m[1].trim().split(/,\s*/);
}

const vpLabel = /SHA-256\(UTF-8 "([^"]+)"/.exec(doc)?.[1] ?? '';

function open(text: string, password: string, kind: string): Buffer {
  const file = JSON.parse(text) as Record<string, unknown> & {
    kdf: { iterations: number; salt: string };
    cipher: { iv: string };
    ciphertext: string;
  };
  const aad = aadFields(kind)
    .map((field) => String(file[field]))
    .join('\n');
  const key = pbkdf2Sync(
    password,
    Buffer.from(file.kdf.salt, 'base64'),
    file.kdf.iterations,
    32,
    'sha256',
  );
  const sealed = Buffer.from(file.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.cipher.iv, 'base64'));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
}

let h: Harness;
let e: Engine;
beforeEach(async () => {
  h = await openHarness();
  e = h.engine;
});
afterEach(async () => {
  await e.close();
});

describe('docs/hpcs-files.md', { timeout: 60_000 }, () => {
  it('opens a part file and a signature key file with Node crypto, and signs as the page says', async () => {
    const hpcs = (await e.getSession()).instances.find((i) => i.kind === 'hpcs');
    const ctx = { userId: 'user-custodian-1', instanceId: hpcs?.id ?? '' };
    expect(vpLabel).toBe('keyward-hpcs-vp/v1');

    const part = await e.createMasterKeyPart(ctx, { password: 'part password' });
    const secret = open(part.file, 'part password', 'part');
    expect(secret.length).toBe(32);
    const pattern = createHash('sha256')
      .update(Buffer.concat([Buffer.from(vpLabel, 'utf8'), secret]))
      .digest()
      .subarray(0, 16)
      .toString('hex');
    expect(pattern).toBe(part.verificationPattern);
    expect(() => open(part.file, 'another password', 'part')).toThrow();

    const made = await e.createSignatureKey(ctx, { name: 'Alice', password: 'key password' });
    const der = open(made.file, 'key password', 'signature-key');
    const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    expect(privateKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    expect(spki.toString('base64')).toBe(made.publicKey);
    expect(createHash('sha256').update(spki).digest().subarray(0, 16).toString('hex')).toBe(
      made.adminId,
    );

    // Sign "leave imprint mode" by the page's recipe; the engine verifies it.
    let state = await e.addCryptoUnitAdmin(ctx, { keyFile: made.file });
    const text = [
      'keyward-hpcs-command/v1',
      `instance:${state.instanceId}`,
      `sequence:${state.sequence}`,
      'command:{"kind":"threshold.set","revocation":1,"signature":1}',
    ].join('\n');
    const signature = sign('sha256', Buffer.from(text, 'utf8'), {
      key: privateKey,
      dsaEncoding: 'ieee-p1363',
    }).toString('base64');
    state = await e.setCryptoUnitThresholds(ctx, {
      signature: 1,
      revocation: 1,
      signatures: [{ adminId: made.adminId, signature }],
    });
    expect(state.imprintMode).toBe(false);
  });
});
