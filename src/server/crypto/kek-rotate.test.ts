/** KEK rotation: every sealed key moves to the new KEK in one transaction; data made before opens. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startServer } from '../server';
import { freshPglite } from '../test/stores';
import { rotateKek } from './kek-rotate';

vi.setConfig({ testTimeout: 120_000 });

const kek = (fill: number) => new Uint8Array(32).fill(fill);
const env = (bytes: Uint8Array) => ({ KEYWARD_KEK: Buffer.from(bytes).toString('base64') });

describe('npm run kek:rotate', () => {
  it('re-enciphers every sealed key under the new KEK; what was wrapped before still unwraps', async () => {
    const db = await freshPglite();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kw-kek-rotate-'));
    const start = (bytes: Uint8Array) =>
      startServer({ database: db, dataDir, port: 0, env: env(bytes) });
    const first = await start(kek(1));
    const session = await first.engine.getSession();
    const ctx = {
      userId: 'user-manager',
      instanceId: session.instances.find((i) => i.kind === 'kms')!.id,
    };
    const key = await first.engine.createKey(ctx, { name: 'kept', extractable: false });
    const wrapped = await first.engine.wrap(ctx, key.id, {});
    await first.close();

    // A wrong old KEK changes nothing.
    await expect(rotateKek(db, kek(9), kek(2))).rejects.toThrow(/nothing was changed/);
    const resealed = await rotateKek(db, kek(1), kek(2));
    expect(resealed).toBeGreaterThan(0);

    const second = await start(kek(2));
    const unwrapped = await second.engine.unwrap(ctx, key.id, { ciphertext: wrapped.ciphertext });
    expect(unwrapped.plaintext).toBe(wrapped.plaintext);
    await second.close();
    // The old KEK opens nothing any more.
    await expect(rotateKek(db, kek(1), kek(3))).rejects.toThrow(/does not open/);
    await db.close();
  });
});
