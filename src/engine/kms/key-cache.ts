/**
 * What the engine keeps in memory about keys so the hot path (wrap, unwrap) needs no IndexedDB
 * round trip and lists need no full scan: key records by id and alias (all of an instance's, once
 * listed), and each version's material as a non-extractable CryptoKey. Every write of this tab updates it; a change notice from another tab clears it.
 *
 * Why this is safe enough: a state change in another tab reaches this tab's engine through
 * BroadcastChannel within milliseconds; until then this tab may serve a wrap under the state it
 * last saw. Every state change re-reads the key inside its own transaction.
 */
import { engineError } from '../../domain/errors';
import { KeyState } from '../../domain/key-state';
import { isUuid } from '../../domain/validation';
import type { Bytes } from '../crypto/aes-gcm';
import { decipherMaterial, rootKeyFromMaterial } from '../crypto/key-material';
import { VersionEnvelopes } from '../crypto/envelope-crypto';
import type { Store } from '../store/database';
import type { KeyRecord, KeyVersionRecord } from '../store/records';

/**
 * Whether a key has what any notification needs (insights/notifications.ts): an expiration date,
 * a rotation due date, a deletion scheduled, or deleted with a deletion date. A key without any
 * of these yields no notification whatever the time, so the header need not look at it.
 */
export function mayNotify(k: KeyRecord): boolean {
  return (
    k.expirationDate !== undefined ||
    k.rotationDueAt !== undefined ||
    k.deletionSetAt !== undefined ||
    (k.state === KeyState.Destroyed && k.deletionDate !== undefined)
  );
}

export interface LoadedVersion {
  id: string;
  number: number;
  key: CryptoKey;
  /** Seals and opens this version's envelopes (its header prefix encoded once, when loaded). */
  envelopes: VersionEnvelopes;
}

export class KeyCache {
  private records = new Map<string, KeyRecord>();
  private aliases = new Map<string, string>();
  private versions = new Map<string, Promise<Map<string, LoadedVersion>>>();
  private masterKeys = new Map<string, Promise<CryptoKey>>();
  /** Instances whose every key is in `records` (but for `stale` ones), so lists need no scan. */
  private complete = new Set<string>();
  /** Keys changed by another tab since they were cached: re-read before the next list. */
  private stale = new Set<string>();
  private rereading: Promise<void> | undefined;
  /**
   * The ids of cached keys that carry a date or a state a notification can come from (an
   * expiration date, a rotation due, a deletion scheduled, deleted): `notableKeys` lists these
   * without scanning every key. Kept with `records`, so it is exactly as current.
   */
  private notable = new Set<string>();

  /**
   * Asked before new key material is enciphered (create, import, rotate): an hpcs instance
   * refuses while a master key rotation is pending (set by the engine's composition).
   */
  newMaterialCheck: (instanceId: string) => Promise<void> = () => Promise.resolve();
  /**
   * The account seal (account-seal.ts): an unsealed master key from memory, undefined to read
   * the stored one, or a refusal while the account is sealed.
   */
  sealedMasterKey: (instanceId: string) => Promise<CryptoKey | undefined> = () =>
    Promise.resolve(undefined);

  constructor(private readonly store: Store) {}

  /** A key of the instance by id or alias, or undefined. */
  async find(instanceId: string, idOrAlias: string): Promise<KeyRecord | undefined> {
    const id = isUuid(idOrAlias)
      ? idOrAlias.toLowerCase()
      : this.aliases.get(`${instanceId}/${idOrAlias}`);
    const cached = id === undefined ? undefined : this.records.get(id);
    if (cached) return cached.instanceId === instanceId ? cached : undefined;
    const record = await this.store.read(async (tx) => {
      if (isUuid(idOrAlias)) return tx.getKey(idOrAlias.toLowerCase());
      const alias = await tx.getAlias(instanceId, idOrAlias);
      return alias ? tx.getKey(alias.keyId) : undefined;
    });
    if (!record || record.instanceId !== instanceId) return undefined;
    this.remember(record);
    return record;
  }

  /** The key as this cache holds it, without reading the store (current after `allKeys`). */
  peek(keyId: string): KeyRecord | undefined {
    return this.records.get(keyId);
  }

  remember(record: KeyRecord): void {
    const previous = this.records.get(record.id);
    for (const alias of previous?.aliases ?? [])
      this.aliases.delete(`${record.instanceId}/${alias}`);
    this.records.set(record.id, record);
    if (mayNotify(record)) this.notable.add(record.id);
    else this.notable.delete(record.id);
    for (const alias of record.aliases)
      this.aliases.set(`${record.instanceId}/${alias}`, record.id);
  }

  /**
   * Every key of the instance. The first call reads them all from the store; after that the list
   * is kept in memory, current with this tab's writes, and keys that other tabs changed are
   * re-read first. Why: the keys page asks for pages of 100,000 keys, and reading every record
   * from IndexedDB for each page would take seconds.
   */
  async allKeys(instanceId: string): Promise<KeyRecord[]> {
    if (!this.complete.has(instanceId)) {
      const records = await this.store.read((tx) => tx.keysOfInstance(instanceId));
      for (const record of records) this.remember(record);
      this.complete.add(instanceId);
    }
    // Concurrent callers wait for the same re-read: one that found `stale` already emptied by
    // another must not list before the fresh records are in (it would miss another tab's key).
    while (this.stale.size > 0 || this.rereading) {
      if (!this.rereading) {
        const ids = [...this.stale];
        this.stale.clear();
        this.rereading = this.store
          .read((tx) => Promise.all(ids.map((id) => tx.getKey(id))))
          .then((fresh) => {
            for (const record of fresh) if (record) this.remember(record);
          })
          .catch((error: unknown) => {
            for (const id of ids) this.stale.add(id);
            throw error;
          })
          .finally(() => {
            this.rereading = undefined;
          });
      }
      await this.rereading;
    }
    const keys: KeyRecord[] = [];
    for (const record of this.records.values())
      if (record.instanceId === instanceId) keys.push(record);
    return keys;
  }

  /**
   * The keys of the instance a notification may come from (see `mayNotify`), current as
   * `allKeys` is (the same first read and re-reads): the header's notifications at 100,000 keys
   * look at these, not at every key.
   */
  async notableKeys(instanceId: string): Promise<KeyRecord[]> {
    await this.allKeys(instanceId);
    const keys: KeyRecord[] = [];
    for (const id of this.notable) {
      const record = this.records.get(id);
      if (record?.instanceId === instanceId) keys.push(record);
    }
    return keys;
  }

  /** Another tab changed this key: drop what we know of it and re-read it when needed. */
  invalidate(keyId: string): void {
    this.forget(keyId);
    this.stale.add(keyId);
  }

  /** Forgets a key entirely (purged here). */
  forget(keyId: string): void {
    const previous = this.records.get(keyId);
    for (const alias of previous?.aliases ?? [])
      this.aliases.delete(`${previous?.instanceId}/${alias}`);
    this.records.delete(keyId);
    this.notable.delete(keyId);
    this.versions.delete(keyId);
  }

  clear(): void {
    this.records.clear();
    this.notable.clear();
    this.aliases.clear();
    this.versions.clear();
    // An hpcs instance's master key changes with its ceremony (kms master keys never change).
    this.masterKeys.clear();
    this.complete.clear();
    this.stale.clear();
  }

  /** The version of a key with this id, as a CryptoKey; undefined if the key has no such version. */
  async version(
    key: KeyRecord,
    versionId: string,
    reloaded = false,
  ): Promise<LoadedVersion | undefined> {
    let loaded = this.versions.get(key.id);
    if (!loaded) {
      loaded = this.loadVersions(key);
      this.versions.set(key.id, loaded);
      loaded.catch(() => this.versions.delete(key.id));
    }
    const versions = await loaded;
    const found = versions.get(versionId);
    if (found || reloaded || versionId !== key.currentVersion.id) return found;
    // A rotation committed after we loaded: reload once (only once: a version that is not
    // stored at all must not make this loop).
    this.versions.delete(key.id);
    return this.version(key, versionId, true);
  }

  /** A standard key's payload (current version), deciphered. */
  async payload(key: KeyRecord): Promise<Bytes> {
    const stored = await this.store.read((tx) => tx.getVersion(key.id, key.currentVersion.number));
    if (!stored) throw new Error(`key ${key.id} has no stored material`);
    return decipherMaterial(
      await this.masterKey(key.instanceId),
      key.id,
      stored.id,
      stored.material,
    );
  }

  /** The master key for enciphering new material, after `newMaterialCheck`. */
  async masterKeyForNewMaterial(instanceId: string): Promise<CryptoKey> {
    await this.newMaterialCheck(instanceId);
    return this.masterKey(instanceId);
  }

  /**
   * The instance's master key changed (hpcs ceremony: activated, rotated, zeroized): forget it
   * and the versions deciphered under it, so nothing is served from memory after a zeroize.
   */
  forgetMasterKey(instanceId: string): void {
    this.masterKeys.delete(instanceId);
    // Versions are cached by key id; dropping all of them is simplest and only costs re-reads.
    this.versions.clear();
  }

  /** Whether the instance's master key is loaded (an hpcs instance's may not be). */
  masterKeyLoaded(instanceId: string): Promise<boolean> {
    return this.masterKey(instanceId).then(
      () => true,
      () => false,
    );
  }

  masterKey(instanceId: string): Promise<CryptoKey> {
    let found = this.masterKeys.get(instanceId);
    if (!found) {
      found = this.sealedMasterKey(instanceId).then(async (unsealed) => {
        if (unsealed) return unsealed;
        return this.readMasterKey(instanceId);
      });
      this.masterKeys.set(instanceId, found);
      found.catch(() => this.masterKeys.delete(instanceId));
    }
    return found;
  }

  private readMasterKey(instanceId: string): Promise<CryptoKey> {
    return this.store.read(async (tx) => {
      const record = await tx.getMasterKey(instanceId);
      if (!record)
        throw engineError(
          'MASTER_KEY_NOT_LOADED_ERR',
          'This instance has no master key loaded, so it cannot hold keys yet (a Hyper Protect Crypto Services instance needs its master key loaded by its custodians first).',
        );
      return record.key;
    });
  }

  private async loadVersions(key: KeyRecord): Promise<Map<string, LoadedVersion>> {
    const stored: KeyVersionRecord[] = await this.store.read((tx) => tx.versionsOfKey(key.id));
    const master = await this.masterKey(key.instanceId);
    const loaded = new Map<string, LoadedVersion>();
    for (const v of stored) {
      const root = await rootKeyFromMaterial(master, key.id, v.id, v.material);
      loaded.set(v.id, {
        id: v.id,
        number: v.number,
        key: root,
        envelopes: new VersionEnvelopes(root, key.id, v.id),
      });
    }
    return loaded;
  }
}
