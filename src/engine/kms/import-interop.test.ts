/**
 * Interoperability of bring-your-own-key with standard tools, and proof that
 * docs/ciphertext-format.md is true. The user's side runs the exact commands the console prints
 * (Key Protect's documented `base64 --decode` of the token payload, then openssl 3 and Node's
 * built-in crypto, in a shell); the engine imports the result. Then a DEK
 * wrapped by the engine is opened with Node's crypto, using only the imported material and a
 * parser written here from the documented format (not the engine's envelope code).
 */
import { execSync } from 'node:child_process';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMPORT_FILES, secureImportCommands } from '../../domain/import-commands';
import { openHarness, type Harness } from '../test/harness';

let h: Harness;
let dir: string;
beforeEach(async () => {
  h = await openHarness();
  dir = mkdtempSync(join(tmpdir(), 'keyward-import-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs one printed command in the user's working directory, as a POSIX shell would. */
function run(command: string): void {
  execSync(command, { cwd: dir, shell: '/bin/sh', stdio: ['ignore', 'ignore', 'pipe'] });
}
const text = (name: string) => readFileSync(join(dir, name), 'utf8').trim();

/** The documented envelope (docs/ciphertext-format.md), parsed from the table there. */
function parseDocumentedEnvelope(ciphertext: string) {
  const bytes = Buffer.from(ciphertext, 'base64');
  const uuid = (b: Buffer) => {
    const hex = b.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
  return {
    magic: bytes.subarray(0, 2).toString('latin1'),
    version: bytes[2],
    algorithm: bytes[3],
    keyId: uuid(bytes.subarray(4, 20)),
    keyVersionId: uuid(bytes.subarray(20, 36)),
    iv: bytes.subarray(36, 48),
    header: bytes.subarray(0, 48),
    ciphertext: bytes.subarray(48, bytes.length - 16),
    tag: bytes.subarray(bytes.length - 16),
  };
}

/** encoded = uint32be(count) ‖ for each item: uint32be(byteLength(utf8(item))) ‖ utf8(item) */
function documentedAad(items: string[]): Buffer {
  const parts = [Buffer.alloc(4)];
  parts[0]?.writeUInt32BE(items.length);
  for (const item of items) {
    const utf8 = Buffer.from(item, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(utf8.length);
    parts.push(length, utf8);
  }
  return Buffer.concat(parts);
}

describe('secure import with openssl and Node, as the console prints it', () => {
  it('imports material made and encrypted by openssl; a wrap opens with Node crypto per the doc', async () => {
    await h.engine.createImportToken(h.as('writer'));
    const token = await h.engine.getImportToken(h.as('writer'));
    // What the console offers for download: the payload as Key Protect returns it (base64 of the
    // PEM, which the first printed step turns into the PEM with `base64 --decode`), and the nonce.
    expect(token.payload).toMatch(/^[A-Za-z0-9+/]+=*$/);
    writeFileSync(join(dir, IMPORT_FILES.token), token.payload);
    writeFileSync(join(dir, IMPORT_FILES.nonce), Buffer.from(token.nonce, 'base64'));

    const steps = secureImportCommands(32);
    expect(steps[0]?.command).toBe(
      `base64 --decode < ${IMPORT_FILES.token} > ${IMPORT_FILES.publicKey}`,
    );
    for (const step of steps) run(step.command);
    expect(text(IMPORT_FILES.publicKey)).toMatch(
      /^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----$/,
    );

    const material = readFileSync(join(dir, IMPORT_FILES.material));
    expect(material).toHaveLength(32);
    const key = await h.engine.createKey(h.as('writer'), {
      name: 'from openssl',
      extractable: false,
      payload: text(IMPORT_FILES.payload),
      encryptedNonce: text(IMPORT_FILES.encryptedNonce),
      iv: text(IMPORT_FILES.iv),
      encryptionAlgorithm: 'RSAES_OAEP_SHA_256',
    });
    expect(key.imported).toBe(true);

    const aad = ['bucket-a', 'object/ü'];
    const wrapped = await h.engine.wrap(h.as('writer'), key.id, { aad });
    const envelope = parseDocumentedEnvelope(wrapped.ciphertext);
    expect(envelope).toMatchObject({
      magic: 'KW',
      version: 1,
      algorithm: 1,
      keyId: key.id,
      keyVersionId: key.keyVersion.id,
    });
    const decipher = createDecipheriv('aes-256-gcm', material, envelope.iv);
    decipher.setAAD(Buffer.concat([envelope.header, documentedAad(aad)]));
    decipher.setAuthTag(envelope.tag);
    const dek = Buffer.concat([decipher.update(envelope.ciphertext), decipher.final()]);
    expect(dek.toString('base64')).toBe(wrapped.plaintext);

    // And the other way: a DEK sealed by Node per the doc unwraps in the engine.
    const iv = Buffer.alloc(12, 7);
    const header = Buffer.concat([envelope.header.subarray(0, 36), iv]);
    const cipher = createCipheriv('aes-256-gcm', material, iv);
    cipher.setAAD(Buffer.concat([header, documentedAad([])]));
    const mine = Buffer.alloc(32, 0xab);
    const sealed = Buffer.concat([cipher.update(mine), cipher.final(), cipher.getAuthTag()]);
    const opened = await h.engine.unwrap(h.as('reader'), key.id, {
      ciphertext: Buffer.concat([header, sealed]).toString('base64'),
    });
    expect(opened.plaintext).toBe(mine.toString('base64'));
  });

  it('rotates an imported key with 16-byte material from the same commands', async () => {
    const key = await h.engine.createKey(h.as('writer'), {
      name: 'plain first',
      extractable: false,
      payload: Buffer.alloc(32, 1).toString('base64'),
    });
    h.clock.advance(3_600_000);
    await h.engine.createImportToken(h.as('writer'));
    const token = await h.engine.getImportToken(h.as('writer'));
    writeFileSync(join(dir, IMPORT_FILES.token), token.payload);
    writeFileSync(join(dir, IMPORT_FILES.nonce), Buffer.from(token.nonce, 'base64'));
    for (const step of secureImportCommands(16)) run(step.command);
    const rotated = await h.engine.rotate(h.as('writer'), key.id, {
      payload: text(IMPORT_FILES.payload),
      encryptedNonce: text(IMPORT_FILES.encryptedNonce),
      iv: text(IMPORT_FILES.iv),
      encryptionAlgorithm: 'RSAES_OAEP_SHA_256',
    });
    const wrapped = await h.engine.wrap(h.as('writer'), key.id);
    const envelope = parseDocumentedEnvelope(wrapped.ciphertext);
    expect(envelope.keyVersionId).toBe(rotated.keyVersion.id);
    const material = readFileSync(join(dir, IMPORT_FILES.material));
    const decipher = createDecipheriv('aes-128-gcm', material, envelope.iv);
    decipher.setAAD(Buffer.concat([envelope.header, documentedAad([])]));
    decipher.setAuthTag(envelope.tag);
    const dek = Buffer.concat([decipher.update(envelope.ciphertext), decipher.final()]);
    expect(dek.toString('base64')).toBe(wrapped.plaintext);
  });
});
