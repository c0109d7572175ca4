/** The server key-encryption key: its file, its environment variable, and what a wrong one does. */
import { mkdtempSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateAesKey } from '../../engine/crypto/aes-gcm';
import { KekError, KeySealer, loadKekBytes } from './kek';

const dir = () => mkdtempSync(path.join(tmpdir(), 'kw-kek-'));

describe('server key-encryption key', () => {
  it('is created on first start in a file of mode 0600, and read back the same', () => {
    const file = path.join(dir(), 'sub', 'server.kek');
    const first = loadKekBytes(file, {});
    expect(first.length).toBe(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(loadKekBytes(file, {})).equals(Buffer.from(first))).toBe(true);
    expect(readFileSync(file, 'utf8').trim()).toBe(Buffer.from(first).toString('base64'));
  });

  it('comes from KEYWARD_KEK when set, and refuses a value of the wrong length', () => {
    const kek = Buffer.alloc(32, 9).toString('base64');
    const file = path.join(dir(), 'unused.kek');
    expect(Buffer.from(loadKekBytes(file, { KEYWARD_KEK: kek })).toString('base64')).toBe(kek);
    expect(() => loadKekBytes(file, { KEYWARD_KEK: 'c2hvcnQ=' })).toThrow(KekError);
  });

  it('refuses a key file other users can read', () => {
    const file = path.join(dir(), 'open.kek');
    writeFileSync(file, Buffer.alloc(32, 1).toString('base64'));
    chmodSync(file, 0o644);
    expect(() => loadKekBytes(file, {})).toThrow(/chmod 600/);
  });

  it('seals a non-extractable key so that only the same KEK opens it', async () => {
    const key = await generateAesKey(false);
    const sealer = await KeySealer.fromBytes(new Uint8Array(32).fill(1));
    const sealed = await sealer.seal(key, (a) => a);
    const same = await KeySealer.fromBytes(new Uint8Array(32).fill(1));
    const opened = await same.open(sealed, { name: 'AES-GCM' });
    expect(opened.extractable).toBe(false);
    const other = await KeySealer.fromBytes(new Uint8Array(32).fill(2));
    await expect(other.open(sealed, { name: 'AES-GCM' })).rejects.toThrow(KekError);
  });
});
