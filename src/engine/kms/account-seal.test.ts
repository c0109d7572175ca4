/**
 * The account seal (issue 14): off by default; an Administrator puts it on with a passphrase;
 * while sealed no key material can be used (503 ACCOUNT_SEALED_ERR) and nothing in IndexedDB
 * alone opens a kms key; unsealing needs the passphrase (a wrong one is refused, nothing
 * changed); "seal now" seals every tab; removing the seal needs the passphrase too.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decipherMaterial } from '../crypto/key-material';
import type { Engine } from '../engine';
import type { KeyVersionRecord, MasterKeyRecord } from '../store/records';
import { expectError } from '../test/expect-error';
import { expectUnchanged } from '../test/expect-unchanged';
import { openHarness, type Harness } from '../test/harness';
import { rawEvents, readAll, snapshot } from '../test/raw-db';

// PBKDF2 with 600,000 iterations takes a while on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

const PASSPHRASE = 'correct horse battery staple';

let h: Harness;
const tabs: Engine[] = [];
const admin = () => h.as('admin');
const manager = () => h.as('manager');

async function kmsMasterKey(): Promise<CryptoKey | undefined> {
  const records = await readAll<MasterKeyRecord>(h, 'masterKeys');
  return records.find((r) => r.instanceId === h.instanceId)?.key;
}

/** Whether `master` opens every stored version of the demo kms instance's keys. */
async function opensEveryVersion(master: CryptoKey): Promise<boolean> {
  const versions = await readAll<KeyVersionRecord>(h, 'keyVersions');
  expect(versions.length).toBeGreaterThan(0);
  for (const v of versions)
    if (!(await decipherMaterial(master, v.keyId, v.id, v.material).catch(() => undefined)))
      return false;
  return true;
}

beforeEach(async () => {
  h = await openHarness({ linked: true });
});
afterEach(async () => {
  for (const tab of tabs.splice(0)) await tab.close();
  await h.engine.close();
});

describe('account seal', () => {
  it('is off by default, and only an Administrator may put it on', async () => {
    expect(await h.engine.getSealStatus(h.as('reader'))).toEqual({
      enabled: false,
      sealed: false,
    });
    const before = await snapshot(h);
    await expectError(
      h.engine.sealAccount(manager(), { passphrase: PASSPHRASE }),
      401,
      'UNAUTHORIZED_ERR',
    );
    await expectUnchanged(h, before, 'UNAUTHORIZED_ERR');
    await expectError(
      h.engine.sealAccount(admin(), { passphrase: 'too short' }),
      400,
      'INVALID_FIELD_ERR',
    );
    await expectError(
      h.engine.unsealAccount(admin(), { passphrase: PASSPHRASE }),
      409,
      'SEAL_STATE_ERR',
    );
  });

  it('sealed: key material is refused, and nothing stored opens a kms key', async () => {
    const key = await h.engine.createKey(manager(), { name: 'sealed-root', extractable: false });
    const wrapped = await h.engine.wrap(h.as('reader'), key.id);
    const oldMaster = await kmsMasterKey();
    expect(oldMaster && (await opensEveryVersion(oldMaster))).toBe(true);

    const status = await h.engine.sealAccount(admin(), { passphrase: PASSPHRASE });
    expect(status).toMatchObject({ enabled: true, sealed: true, sealedBy: 'user-admin' });
    // Stored: no kms master key record; every version re-enciphered, so the old master key
    // (had it been copied) opens nothing; the seal record holds only ciphertext.
    expect(await kmsMasterKey()).toBeUndefined();
    expect(await opensEveryVersion(oldMaster!)).toBe(false);
    for (const r of await readAll<MasterKeyRecord>(h, 'masterKeys'))
      expect(await opensEveryVersion(r.key)).toBe(false);

    await expectError(h.engine.wrap(h.as('reader'), key.id), 503, 'ACCOUNT_SEALED_ERR');
    await expectError(
      h.engine.unwrap(h.as('reader'), key.id, { ciphertext: wrapped.ciphertext }),
      503,
      'ACCOUNT_SEALED_ERR',
    );
    const refused = await expectError(
      h.engine.createKey(manager(), { name: 'new-root', extractable: false }),
      503,
      'ACCOUNT_SEALED_ERR',
    );
    expect(refused.message).toContain('unseal with the passphrase');
    // Metadata stays readable.
    expect((await h.engine.getKeyMetadata(h.as('reader'), key.id)).name).toBe('sealed-root');
    // Another tab, and a reopened engine, start sealed.
    const other = await h.openTab();
    tabs.push(other);
    expect(await other.getSealStatus(h.as('reader'))).toMatchObject({ sealed: true });
    await expectError(other.wrap(h.as('reader'), key.id), 503, 'ACCOUNT_SEALED_ERR');
    // A backup (every key under its own passphrase) waits until the seal is off.
    await expectError(
      h.engine.exportBackup(admin(), { passphrase: 'a backup passphrase' }),
      409,
      'SEAL_STATE_ERR',
    );
  });

  it('unsealing needs the passphrase: a wrong one changes nothing; the right one opens the keys', async () => {
    const key = await h.engine.createKey(manager(), { name: 'kept-root', extractable: false });
    const wrapped = await h.engine.wrap(h.as('reader'), key.id);
    await h.engine.sealAccount(admin(), { passphrase: PASSPHRASE });

    const before = await snapshot(h);
    await expectError(
      h.engine.unsealAccount(admin(), { passphrase: 'not the passphrase' }),
      400,
      'SEAL_PASSPHRASE_ERR',
    );
    await expectUnchanged(h, before, 'SEAL_PASSPHRASE_ERR');
    expect(await h.engine.getSealStatus(admin())).toMatchObject({ sealed: true });
    await expectError(
      h.engine.unsealAccount(manager(), { passphrase: PASSPHRASE }),
      401,
      'UNAUTHORIZED_ERR',
    );

    expect(await h.engine.unsealAccount(admin(), { passphrase: PASSPHRASE })).toMatchObject({
      enabled: true,
      sealed: false,
    });
    // What was wrapped before the seal unwraps; new keys can be made.
    const opened = await h.engine.unwrap(h.as('reader'), key.id, {
      ciphertext: wrapped.ciphertext,
    });
    expect(opened.plaintext).toBe(wrapped.plaintext);
    await h.engine.createKey(manager(), { name: 'after-unseal', extractable: false });
    // Unsealed in this tab only: another tab is still sealed.
    const other = await h.openTab();
    tabs.push(other);
    await expectError(other.wrap(h.as('reader'), key.id), 503, 'ACCOUNT_SEALED_ERR');

    await h.engine.flushEvents();
    const actions = (await rawEvents(h)).map((e) => `${e.action} ${e.outcome}`);
    expect(actions).toContain('keyward.seal.seal success');
    expect(actions).toContain('keyward.seal.unseal failure');
    expect(actions).toContain('keyward.seal.unseal success');
  });

  it('“seal now” in one tab seals every tab', async () => {
    const key = await h.engine.createKey(manager(), { name: 'shared-root', extractable: false });
    await h.engine.sealAccount(admin(), { passphrase: PASSPHRASE });
    const other = await h.openTab();
    tabs.push(other);
    await other.unsealAccount(admin(), { passphrase: PASSPHRASE });
    await other.wrap(h.as('reader'), key.id);
    // Sealing again needs the passphrase.
    await expectError(
      h.engine.sealAccount(admin(), { passphrase: 'not the passphrase' }),
      400,
      'SEAL_PASSPHRASE_ERR',
    );
    await h.engine.sealAccount(admin(), { passphrase: PASSPHRASE });
    await h.settle();
    await expectError(other.wrap(h.as('reader'), key.id), 503, 'ACCOUNT_SEALED_ERR');
    expect(await other.getSealStatus(admin())).toMatchObject({ enabled: true, sealed: true });
  });

  it('removing the seal needs the passphrase and stores the master keys as before', async () => {
    const key = await h.engine.createKey(manager(), { name: 'freed-root', extractable: false });
    const wrapped = await h.engine.wrap(h.as('reader'), key.id);
    await h.engine.sealAccount(admin(), { passphrase: PASSPHRASE });
    await expectError(
      h.engine.removeSeal(admin(), { passphrase: 'not the passphrase' }),
      400,
      'SEAL_PASSPHRASE_ERR',
    );
    expect(await h.engine.removeSeal(admin(), { passphrase: PASSPHRASE })).toEqual({
      enabled: false,
      sealed: false,
    });
    const master = await kmsMasterKey();
    expect(master?.extractable).toBe(false);
    expect(await opensEveryVersion(master!)).toBe(true);
    // A fresh tab needs no unseal.
    const other = await h.openTab();
    tabs.push(other);
    const opened = await other.unwrap(h.as('reader'), key.id, { ciphertext: wrapped.ciphertext });
    expect(opened.plaintext).toBe(wrapped.plaintext);
  });
});
