/**
 * The passphrase-encrypted backup file (SPEC section 14; the format is docs/backup-format.md).
 *
 * What the file holds of each kind of secret, since a non-extractable CryptoKey cannot leave the
 * browser:
 * - kms key material: deciphered from under its instance master key and carried in the
 *   (encrypted) contents; a restore enciphers it under fresh master keys.
 * - Hyper Protect key material: as stored, enciphered under the customer's master key, which is
 *   never in the file; its crypto units come back with empty registers, and the custodians load
 *   the same master key again (as with the real service).
 * - objects of provider-managed buckets: their data keys, opened with the storage service's key;
 *   a restore seals them under a fresh one.
 * - the audit signing key: not carried; a restore makes a new one, and records so.
 * - import tokens (an RSA private key each): not carried; make a new token after a restore.
 */
import { engineError } from '../../domain/errors';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION } from '../../domain/presenter';
import { decodeEnvelope } from '../../domain/envelope';
import { encodeBase64 } from '../../domain/validation';
import type { Bytes } from '../crypto/aes-gcm';
import {
  BACKUP_ITERATIONS,
  deriveBackupKeys,
  freshBackupIv,
  freshBackupSalt,
  openBackupBody,
  sealBackupBody,
} from '../crypto/backup-cipher';
import { generateSigningKeyPair } from '../crypto/ecdsa';
import { openEnvelope, sealEnvelope } from '../crypto/envelope-crypto';
import { createMasterKey, decipherMaterial, encipherMaterial } from '../crypto/key-material';
import type {
  BucketRecord,
  HpcsRecord,
  KeyRecord,
  KeyVersionRecord,
  MasterKeyRecord,
  ObjectChunkRecord,
  ObjectRecord,
  ServiceInstanceRecord,
} from '../store/records';
import { packEventRecords, unpackEventRecords } from '../store/event-blocks';
import { deleteMeta, setMeta, type AccountData } from './account-data';
import { progressReporter, type Progress } from './progress';

const CONTENTS_FORMAT = 'keyward-backup-contents';
/** The header line is at most this long; anything longer is not a Keyward backup. */
const HEADER_MAX = 16 * 1024;
const ITERATIONS_MAX = 10_000_000;
/** Key material is enciphered and deciphered this many at a time (in parallel, not one by one). */
const CRYPTO_BATCH = 512;

/**
 * Runs `work` over `items`, `CRYPTO_BATCH` at a time in parallel, reporting the share done after
 * each batch.
 */
async function inBatches<T>(
  items: readonly T[],
  work: (item: T) => Promise<void>,
  report: (share: number) => void,
): Promise<void> {
  for (let first = 0; first < items.length; first += CRYPTO_BATCH) {
    await Promise.all(items.slice(first, first + CRYPTO_BATCH).map(work));
    report(Math.min(items.length, first + CRYPTO_BATCH) / items.length);
  }
}

/** What the encrypted body holds (docs/backup-format.md, "Contents"). */
interface Contents {
  format: typeof CONTENTS_FORMAT;
  version: number;
  stores: Record<string, { keys: unknown[]; values: unknown[] }>;
  /** kms key material by `<keyId>/<version number>`, base64. */
  material: Record<string, string>;
  /** Data keys of objects in provider-managed buckets by `<bucket>/<object>`, base64. */
  providerDeks: Record<string, string>;
}

export interface BackupHeader {
  format: string;
  version: number;
  createdAt: string;
  accountId: string;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  check: string;
  cipher: { name: 'AES-256-GCM'; iv: string };
  length: number;
}

function toBytes(b64: string): Bytes {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** JSON with bytes as `{"$bytes": base64}`; a CryptoKey can never be written. */
function encode(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, _key, v: unknown) {
    if (v instanceof Uint8Array) return { $bytes: encodeBase64(v) };
    if (typeof CryptoKey !== 'undefined' && v instanceof CryptoKey)
      throw new Error('a CryptoKey reached the backup file');
    return v;
  });
}

function decode(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const b = (v as { $bytes?: unknown }).$bytes;
      if (keys.length === 1 && typeof b === 'string') return toBytes(b);
    }
    return v;
  });
}

const damaged = (why: string) =>
  engineError(
    'BACKUP_DAMAGED_ERR',
    `This backup file is damaged: ${why}. Nothing was changed. Use an undamaged copy of the file.`,
  );

function values<T>(data: AccountData, name: keyof AccountData): T[] {
  return data[name].values as T[];
}

/** Builds the file from the account's stores (read in one transaction by the caller). */
export async function writeBackup(
  data: AccountData,
  passphrase: string,
  createdAt: string,
  accountId: string,
  report: Progress = progressReporter(undefined),
): Promise<ArrayBuffer> {
  const instances = new Map(values<ServiceInstanceRecord>(data, 'instances').map((i) => [i.id, i]));
  const masterKeys = new Map(
    values<MasterKeyRecord>(data, 'masterKeys').map((m) => [m.instanceId, m.key]),
  );
  const keyInstance = new Map(values<KeyRecord>(data, 'keys').map((k) => [k.id, k.instanceId]));
  const material: Record<string, string> = {};
  const kmsVersions = values<KeyVersionRecord>(data, 'keyVersions').filter((v) => {
    const instanceId = keyInstance.get(v.keyId);
    return instanceId !== undefined && instances.get(instanceId)?.kind === 'kms';
  });
  await inBatches(
    kmsVersions,
    async (v) => {
      const masterKey = masterKeys.get(keyInstance.get(v.keyId)!);
      if (!masterKey) return;
      const plain = await decipherMaterial(masterKey, v.keyId, v.id, v.material);
      material[`${v.keyId}/${v.number}`] = encodeBase64(plain);
      plain.fill(0);
    },
    report.span(0, 0.5),
  );
  const buckets = new Map(values<BucketRecord>(data, 'buckets').map((b) => [b.name, b]));
  const providerDeks: Record<string, string> = {};
  const objectIds = new Set<string>();
  for (const o of values<ObjectRecord>(data, 'objects')) {
    objectIds.add(o.objectId);
    const bucket = buckets.get(o.bucket);
    if (bucket?.encryption.type !== 'provider') continue;
    const key = masterKeys.get(bucket.instanceId);
    const envelope = decodeEnvelope(o.wrappedDek);
    const dek = key && envelope ? await openEnvelope(key, envelope, [o.bucket, o.name]) : undefined;
    if (dek) providerDeks[`${o.bucket}/${o.name}`] = encodeBase64(dek);
  }
  const stores: Contents['stores'] = {};
  for (const [name, records] of Object.entries(data) as [
    keyof AccountData,
    AccountData[keyof AccountData],
  ][]) {
    if (name === 'masterKeys' || name === 'importTokens' || name === 'uploads') continue;
    let { keys, values: vals } = records;
    if (name === 'keyVersions') {
      vals = (vals as KeyVersionRecord[]).map((v) =>
        material[`${v.keyId}/${v.number}`] !== undefined
          ? { ...v, material: new Uint8Array(0) }
          : v,
      );
    } else if (name === 'objectChunks') {
      const kept = (vals as ObjectChunkRecord[]).map((c) => objectIds.has(c.objectId));
      keys = keys.filter((_k, i) => kept[i]);
      vals = vals.filter((_v, i) => kept[i]);
    } else if (name === 'hpcs') {
      vals = (vals as HpcsRecord[]).map(emptyRegisters);
    } else if (name === 'events') {
      // The file keeps one record per event, keyed by seq, whatever blocks the store holds.
      ({ keys, values: vals } = unpackEventRecords(records));
    }
    stores[name] = { keys, values: vals };
  }
  const meta = stores.meta;
  if (meta) {
    const copy = { keys: [...meta.keys], values: [...meta.values] } as AccountData['meta'];
    deleteMeta({ meta: copy }, 'auditSigningKey');
    stores.meta = copy;
  }
  const contents: Contents = {
    format: CONTENTS_FORMAT,
    version: BACKUP_FORMAT_VERSION,
    stores,
    material,
    providerDeks,
  };
  const plaintext = new TextEncoder().encode(encode(contents));
  report(0.6);
  const salt = freshBackupSalt();
  const iv = freshBackupIv();
  const keys = await deriveBackupKeys(passphrase, salt, BACKUP_ITERATIONS);
  report(0.85);
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_FORMAT_VERSION,
    createdAt,
    accountId,
    kdf: {
      name: 'PBKDF2',
      hash: 'SHA-256',
      iterations: BACKUP_ITERATIONS,
      salt: encodeBase64(salt),
    },
    check: encodeBase64(keys.checkDigest),
    cipher: { name: 'AES-256-GCM', iv: encodeBase64(iv) },
    length: plaintext.length + 16,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const body = await sealBackupBody(keys.key, iv, plaintext as Bytes, headerBytes as Bytes);
  plaintext.fill(0);
  const file = new Uint8Array(headerBytes.length + 1 + body.length);
  file.set(headerBytes);
  file[headerBytes.length] = 0x0a;
  file.set(body, headerBytes.length + 1);
  report(1);
  return file.buffer;
}

/** A Hyper Protect record with its registers emptied: no master key travels in the file. */
function emptyRegisters(record: HpcsRecord): HpcsRecord {
  const {
    newRegister: _n,
    recovery: _r,
    currentVerificationPattern: _c,
    activeSince: _a,
    ...rest
  } = record;
  void _n;
  void _r;
  void _c;
  void _a;
  return rest;
}

/** Reads the header line; refuses what is not a backup of a version this engine reads. */
function readHeader(file: Uint8Array): { header: BackupHeader; headerBytes: Bytes; body: Bytes } {
  const end = file.subarray(0, HEADER_MAX).indexOf(0x0a);
  if (end < 0) {
    if (file.length < HEADER_MAX && file.length > 0 && file[0] === 0x7b)
      throw engineError(
        'BACKUP_TRUNCATED_ERR',
        'This backup file is incomplete: it ends inside its header. Nothing was changed. Use the whole file.',
      );
    throw damaged('it does not start with a Keyward backup header');
  }
  const headerBytes = file.slice(0, end) as Bytes;
  let header: BackupHeader;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(headerBytes),
    ) as BackupHeader;
  } catch {
    throw damaged('its header is not readable');
  }
  if (typeof header !== 'object' || header === null || header.format !== BACKUP_FORMAT)
    throw damaged('it is not a Keyward backup file');
  if (typeof header.version !== 'number' || !Number.isInteger(header.version) || header.version < 1)
    throw damaged('its format version is not readable');
  if (header.version > BACKUP_FORMAT_VERSION)
    throw engineError(
      'BACKUP_VERSION_ERR',
      `This backup was written by a newer Keyward (format version ${header.version}; this one reads version ${BACKUP_FORMAT_VERSION}). Nothing was changed. Restore it with a newer Keyward.`,
    );
  const kdf = header.kdf;
  if (
    kdf?.name !== 'PBKDF2' ||
    kdf.hash !== 'SHA-256' ||
    !Number.isInteger(kdf.iterations) ||
    kdf.iterations < BACKUP_ITERATIONS ||
    kdf.iterations > ITERATIONS_MAX ||
    typeof kdf.salt !== 'string' ||
    header.cipher?.name !== 'AES-256-GCM' ||
    typeof header.cipher.iv !== 'string' ||
    typeof header.check !== 'string' ||
    !Number.isInteger(header.length)
  )
    throw damaged('its header is not complete');
  const body = file.slice(end + 1) as Bytes;
  if (body.length < header.length)
    throw engineError(
      'BACKUP_TRUNCATED_ERR',
      `This backup file is incomplete: it holds ${body.length} of its ${header.length} encrypted bytes. Nothing was changed. Use the whole file (a download may have stopped early).`,
    );
  if (body.length > header.length) throw damaged('it has bytes after its end');
  return { header, headerBytes, body };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** What a backup restores: the stores to write, and what the console should be told. */
export interface OpenedBackup {
  data: Partial<AccountData>;
  masterKeysToLoad: string[];
  notes: string[];
}

/**
 * Opens and checks the file, then rebuilds the stores with fresh master keys, provider keys and
 * audit signing key (crypto first: the caller writes them in one transaction).
 */
export async function openBackup(
  file: ArrayBuffer,
  passphrase: string,
  now: number,
  report: Progress = progressReporter(undefined),
): Promise<OpenedBackup> {
  const { header, headerBytes, body } = readHeader(new Uint8Array(file));
  let salt: Bytes;
  let iv: Bytes;
  let check: Bytes;
  try {
    salt = toBytes(header.kdf.salt);
    iv = toBytes(header.cipher.iv);
    check = toBytes(header.check);
  } catch {
    throw damaged('its header is not readable');
  }
  const keys = await deriveBackupKeys(passphrase, salt, header.kdf.iterations);
  report(0.3);
  if (!sameBytes(keys.checkDigest, check))
    throw engineError(
      'BACKUP_PASSPHRASE_ERR',
      'The passphrase does not open this backup. Nothing was changed. Type the passphrase the backup was exported with.',
    );
  const plaintext = await openBackupBody(keys.key, iv, body, headerBytes);
  if (!plaintext) throw damaged('its contents or header were altered');
  let contents: Contents;
  try {
    contents = decode(new TextDecoder().decode(plaintext)) as Contents;
  } catch {
    throw damaged('its contents are not readable');
  } finally {
    plaintext.fill(0);
  }
  if (contents?.format !== CONTENTS_FORMAT || typeof contents.stores !== 'object')
    throw damaged('its contents are not a Keyward account');
  report(0.45);
  return rebuild(contents, now, report.span(0.45, 0.9));
}

async function rebuild(
  contents: Contents,
  now: number,
  report: (share: number) => void,
): Promise<OpenedBackup> {
  const data = contents.stores as unknown as Partial<AccountData>;
  const instances = (data.instances?.values ?? []) as ServiceInstanceRecord[];
  const masterKeys: MasterKeyRecord[] = [];
  const kmsKeys = new Map<string, CryptoKey>();
  for (const i of instances) {
    if (i.kind === 'hpcs') continue;
    const key = await createMasterKey();
    masterKeys.push({ instanceId: i.id, key, createdAt: now });
    kmsKeys.set(i.id, key);
  }
  const keyInstance = new Map(
    ((data.keys?.values ?? []) as KeyRecord[]).map((k) => [k.id, k.instanceId]),
  );
  const versions = ((data.keyVersions?.values ?? []) as KeyVersionRecord[]).filter(
    (v) => contents.material[`${v.keyId}/${v.number}`] !== undefined,
  );
  for (const v of versions)
    if (!kmsKeys.has(keyInstance.get(v.keyId) ?? ''))
      throw damaged(`key ${v.keyId} belongs to no Key Protect instance`);
  await inBatches(
    versions,
    async (v) => {
      const masterKey = kmsKeys.get(keyInstance.get(v.keyId)!)!;
      const plain = toBytes(contents.material[`${v.keyId}/${v.number}`]!);
      v.material = await encipherMaterial(masterKey, v.keyId, v.id, plain);
      plain.fill(0);
    },
    report,
  );
  const buckets = new Map(((data.buckets?.values ?? []) as BucketRecord[]).map((b) => [b.name, b]));
  for (const o of (data.objects?.values ?? []) as ObjectRecord[]) {
    const b64 = contents.providerDeks[`${o.bucket}/${o.name}`];
    const bucket = buckets.get(o.bucket);
    if (b64 === undefined || bucket?.encryption.type !== 'provider') continue;
    const key = kmsKeys.get(bucket.instanceId);
    if (!key) continue;
    const dek = toBytes(b64);
    o.wrappedDek = (await sealEnvelope(key, bucket.instanceId, bucket.instanceId, dek, [
      o.bucket,
      o.name,
    ])) as Bytes;
    dek.fill(0);
  }
  data.masterKeys = { keys: masterKeys.map((m) => m.instanceId), values: masterKeys };
  const signing = await generateSigningKeyPair();
  setMeta(data, 'auditSigningKey', {
    privateKey: signing.privateKey,
    publicKeySpki: signing.publicKeySpki,
  });
  const hpcs = (data.hpcs?.values ?? []) as HpcsRecord[];
  const masterKeysToLoad = hpcs
    .filter((r) => r.keysVerificationPattern !== undefined)
    .map((r) => r.instanceId);
  for (const r of hpcs) if (r.keysVerificationPattern !== undefined) r.zeroizedAt = now;
  const notes = [
    'Keys, versions, policies, rings, aliases, buckets, objects, users, access and the audit trail are as they were at the backup.',
    'The audit trail is signed by a new signing key from now on: digests downloaded before the restore verify the chain but not against this key.',
    'Import tokens are not in a backup: make a new one before importing keys.',
  ];
  if (masterKeysToLoad.length > 0)
    notes.push(
      'Hyper Protect keys came back enciphered under their master key: the custodians load it again (from their parts) before those keys can be used.',
    );
  // One record per event in the file; the store takes them as event blocks (schema v9).
  if (data.events) data.events = packEventRecords(data.events);
  return { data, masterKeysToLoad, notes };
}
