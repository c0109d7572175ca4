/**
 * docs/backup-format.md is enough to open a backup: this test follows the document alone, with
 * Node's `node:crypto` (PBKDF2-HMAC-SHA-256 → 64 bytes; AES-256-GCM with the header line as AAD),
 * and finds the account's keys and their material in the contents.
 */
import { createDecipheriv, createHash, pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openHarness } from '../test/harness';

describe('docs/backup-format.md', () => {
  it('opens an exported backup with node:crypto', async () => {
    const h = await openHarness();
    const key = await h.engine.createKey(h.as('manager'), { name: 'doc key', extractable: false });
    // Wraps in flight together: their events are one event block in the store.
    await Promise.all([0, 1, 2].map(() => h.engine.wrap(h.as('reader'), key.id)));
    const file = Buffer.from(
      await h.engine.exportBackup(h.as('admin'), { passphrase: 'a passphrase' }),
    );
    await h.engine.close();

    // Layout: header line, 0x0A, body.
    const newline = file.indexOf(0x0a);
    const headerBytes = file.subarray(0, newline);
    const body = file.subarray(newline + 1);
    const header = JSON.parse(headerBytes.toString('utf8')) as {
      format: string;
      version: number;
      kdf: { name: string; hash: string; iterations: number; salt: string };
      check: string;
      cipher: { name: string; iv: string };
      length: number;
    };
    expect(header).toMatchObject({ format: 'keyward-backup', version: 1 });
    expect(header.kdf.iterations).toBeGreaterThanOrEqual(600_000);
    expect(body.length).toBe(header.length);

    // Keys from the passphrase: 64 bytes; the key, then the check value.
    const bits = pbkdf2Sync(
      Buffer.from('a passphrase', 'utf8'),
      Buffer.from(header.kdf.salt, 'base64'),
      header.kdf.iterations,
      64,
      'sha256',
    );
    const check = createHash('sha256').update(bits.subarray(32)).digest('base64');
    expect(check).toBe(header.check);

    // Body: AES-256-GCM, AAD = the header's bytes, tag = the last 16 bytes.
    const decipher = createDecipheriv(
      'aes-256-gcm',
      bits.subarray(0, 32),
      Buffer.from(header.cipher.iv, 'base64'),
    );
    decipher.setAAD(headerBytes);
    decipher.setAuthTag(body.subarray(body.length - 16));
    const plaintext = Buffer.concat([
      decipher.update(body.subarray(0, body.length - 16)),
      decipher.final(),
    ]);
    const contents = JSON.parse(plaintext.toString('utf8')) as {
      format: string;
      stores: Record<string, { keys: unknown[]; values: { id?: string; name?: string }[] }>;
      material: Record<string, string>;
    };
    expect(contents.format).toBe('keyward-backup-contents');
    expect(contents.stores.keys!.values.map((k) => k.name)).toEqual(['doc key']);
    // The kms key's material, in the clear inside the body: 32 bytes.
    expect(Buffer.from(contents.material[`${key.id}/1`]!, 'base64')).toHaveLength(32);
    expect(contents.stores.events!.values.length).toBeGreaterThan(0);
    // One record per event, keyed by its seq, whatever event blocks the store holds (v9).
    const events = contents.stores.events! as unknown as {
      keys: number[];
      values: { seq: number; hash: string }[];
    };
    expect(events.keys).toEqual(events.values.map((_, i) => i + 1));
    expect(events.values.map((e) => e.seq)).toEqual(events.keys);
    expect(events.values.every((e) => typeof e.hash === 'string' && !('events' in e))).toBe(true);
  });
});
