/**
 * The items of one batch call (SPEC section 5: wrapBatch, unwrapBatch, rewrapBatch), each
 * checked exactly as its own call would be, in the same order: its key in the instance, the
 * caller's role on that key, root key, state, then the request (body, AAD, plaintext or
 * ciphertext), the key version, then the cryptography. One outcome per item, in order.
 *
 * Why in phases rather than one async chain per item: what an item's checks depend on is shared
 * by every item naming the same key, so each key reference is resolved and checked once per call
 * (not once per item), each key version's material is looked up once per call, and then every
 * item is one WebCrypto call. On a batch of 1,000 items the per-item lookups, awaits and
 * promises of the one-chain-per-item version cost more than the AES-GCM itself.
 */
import type { BatchUnwrapItem, BatchWrapItem } from '../../domain/api';
import { engineError, EngineError, invalidField, keyNotFound } from '../../domain/errors';
import type { AccessPolicy, User } from '../../domain/types';
import { checkAad, decodeBase64, encodeBase64, LIMITS } from '../../domain/validation';
import type { Bytes } from '../crypto/aes-gcm';
import { envelopeVersionOf, type VersionEnvelopes } from '../crypto/envelope-crypto';
import { randomBytes } from '../crypto/random';
import { requireAllowed } from '../iam/access';
import { toEngineError } from '../operation';
import type { KeyRecord } from '../store/records';
import type { KeyCache } from './key-cache';
import { requireRootKey, requireState } from './key-guards';
import { accessTargetOf } from './key-view';

export type BatchKind = 'wrap' | 'unwrap' | 'rewrap';

/** One item's outcome: its result and the key version it used, or its error. */
export interface BatchOutcome<R> {
  keyId: string;
  key?: KeyRecord;
  versionId?: string;
  result?: R;
  error?: EngineError;
}

export interface BatchCaller {
  user: User;
  policies: AccessPolicy[];
  instanceId: string;
  now: number;
  /** What refuses every item's own call before its key is looked at (e.g. no role at all). */
  refusedAll: unknown;
}

export const GENERATED_DEK_BYTES = 32;

const WHAT: Record<BatchKind, string> = {
  wrap: 'Wrapping',
  unwrap: 'Unwrapping',
  rewrap: 'Rewrapping',
};

export function unprocessable(): EngineError {
  return engineError(
    'UNPROCESSABLE_CIPHERTEXT_ERR',
    'The ciphertext could not be unwrapped with this key: it was made by another key, was altered, or the AAD differs.',
  );
}

export function lostCurrentVersion(key: KeyRecord): EngineError {
  return engineError('INTERNAL_ERR', `Key ${key.id} has lost its current version.`);
}

/** A key reference's checks, done once per call: the key, or the error every item of it gets. */
interface KeyCheck {
  key?: KeyRecord;
  error?: EngineError;
}

/** A key version's material, looked up once per call: its envelopes, none, or the error. */
interface VersionLookup {
  envelopes?: VersionEnvelopes;
  error?: unknown;
}

/** An item that passed its checks up to the key version: what its cryptography needs. */
interface Job {
  index: number;
  key: KeyRecord;
  aad: readonly string[];
  /** wrap: the DEK to seal, and whether the engine made it. */
  dek?: Bytes;
  generated?: boolean;
  /** unwrap, rewrap: the envelope's bytes and the version it names. */
  envelope?: Uint8Array;
  versionId?: string;
}

export async function batchOutcomes<R>(
  cache: KeyCache,
  caller: BatchCaller,
  kind: BatchKind,
  items: readonly (BatchWrapItem | BatchUnwrapItem)[],
): Promise<BatchOutcome<R>[]> {
  // Phase 1: each key reference once.
  const checks = new Map<string, Promise<KeyCheck>>();
  const refs = items.map((item) => {
    const ref = typeof item?.keyId === 'string' ? item.keyId : '';
    if (!checks.has(ref)) checks.set(ref, checkKey(cache, caller, kind, ref));
    return ref;
  });
  const checked = new Map<string, KeyCheck>();
  for (const [ref, check] of checks) checked.set(ref, await check);

  // Phase 2: each item's own request, synchronously; and the key versions the items need.
  const outcomes: (BatchOutcome<R> | Promise<BatchOutcome<R>>)[] = new Array(items.length);
  const versions = new Map<string, Promise<VersionLookup>>();
  const need = (key: KeyRecord, versionId: string) => {
    const id = `${key.id}/${versionId}`;
    if (!versions.has(id)) versions.set(id, lookUp(cache, key, versionId));
  };
  const jobs: Job[] = [];
  items.forEach((item, index) => {
    const ref = refs[index] ?? '';
    const { key, error } = checked.get(ref) ?? {};
    if (error || !key) {
      outcomes[index] = { keyId: key?.id ?? ref, key, error: error ?? keyNotFound(ref) };
      return;
    }
    try {
      const job =
        kind === 'wrap' ? wrapJob(index, key, item) : openJob(index, key, item as BatchUnwrapItem);
      need(key, key.currentVersion.id);
      if (job.versionId !== undefined) need(key, job.versionId);
      jobs.push(job);
    } catch (failure) {
      outcomes[index] = { keyId: key.id, key, error: toEngineError(failure) };
    }
  });

  // Phase 3: the versions' material (once each), then every item's cryptography at once.
  const loaded = new Map<string, VersionLookup>();
  for (const [id, lookup] of versions) loaded.set(id, await lookup);
  const version = (key: KeyRecord, versionId: string) => loaded.get(`${key.id}/${versionId}`) ?? {};
  for (const job of jobs) {
    const current = version(job.key, job.key.currentVersion.id);
    const opened = job.versionId === undefined ? undefined : version(job.key, job.versionId);
    outcomes[job.index] = crypt<R>(kind, job, current, opened).then(
      ({ result, versionId }) => ({ keyId: job.key.id, key: job.key, versionId, result }),
      (failure: unknown) => ({ keyId: job.key.id, key: job.key, error: toEngineError(failure) }),
    );
  }
  return Promise.all(outcomes);
}

async function checkKey(
  cache: KeyCache,
  caller: BatchCaller,
  kind: BatchKind,
  ref: string,
): Promise<KeyCheck> {
  let key: KeyRecord | undefined;
  try {
    if (caller.refusedAll) throw caller.refusedAll;
    if (ref.length === 0) throw invalidField('keyId', 'a key id or alias is required');
    key = await cache.find(caller.instanceId, ref);
    if (!key) throw keyNotFound(ref);
    requireAllowed(caller.user, caller.policies, accessTargetOf(key), 'wrap');
    requireRootKey(key, WHAT[kind]);
    requireState(key, caller.now, kind);
    return { key };
  } catch (error) {
    return { key, error: toEngineError(error) };
  }
}

async function lookUp(cache: KeyCache, key: KeyRecord, versionId: string): Promise<VersionLookup> {
  try {
    const found = await cache.version(key, versionId);
    return found ? { envelopes: found.envelopes } : {};
  } catch (error) {
    return { error };
  }
}

/** A wrap item's request, checked as `wrap` checks it. */
function wrapJob(index: number, key: KeyRecord, req: BatchWrapItem): Job {
  if (typeof req !== 'object' || req === null)
    throw invalidField('body', 'give an object with optional plaintext and aad');
  const aad = checkAad(req.aad);
  if (req.plaintext === undefined)
    return { index, key, aad, dek: randomBytes(GENERATED_DEK_BYTES), generated: true };
  const dek = decodeBase64('plaintext', req.plaintext) as Bytes;
  if (dek.length === 0 || dek.length > LIMITS.wrapPlaintextMax)
    throw invalidField(
      'plaintext',
      `must be 1–${LIMITS.wrapPlaintextMax} bytes (this has ${dek.length})`,
    );
  return { index, key, aad, dek, generated: false };
}

/** An unwrap or rewrap item's request, checked as `unwrap` checks it, up to its key version. */
function openJob(index: number, key: KeyRecord, req: BatchUnwrapItem): Job {
  if (typeof req !== 'object' || req === null)
    throw invalidField('body', 'a ciphertext is required');
  const aad = checkAad(req.aad);
  if (typeof req.ciphertext !== 'string' || req.ciphertext.length === 0)
    throw invalidField('ciphertext', 'is required');
  const envelope = decodeBase64('ciphertext', req.ciphertext);
  const versionId = envelopeVersionOf(envelope, key.id, key.currentVersion.id);
  if (versionId === undefined) throw unprocessable();
  return { index, key, aad, envelope, versionId };
}

/** The item's cryptography, with its errors in the order its own call would meet them. */
function crypt<R>(
  kind: BatchKind,
  job: Job,
  current: VersionLookup,
  opened: VersionLookup | undefined,
): Promise<{ result: R; versionId: string }> {
  const { key, aad } = job;
  const currentId = key.currentVersion.id;
  const sealWithCurrent = (dek: Bytes): Promise<string> => {
    if (current.error) return Promise.reject(current.error);
    if (!current.envelopes) return Promise.reject(lostCurrentVersion(key));
    return current.envelopes.seal(dek, aad).then(encodeBase64);
  };
  if (kind === 'wrap') {
    const dek = job.dek as Bytes;
    return sealWithCurrent(dek).then((ciphertext) => {
      const result: { ciphertext: string; keyVersion: { id: string }; plaintext?: string } = {
        ciphertext,
        keyVersion: { id: currentId },
      };
      if (job.generated) result.plaintext = encodeBase64(dek);
      return { result: result as R, versionId: currentId };
    });
  }
  const versionId = job.versionId as string;
  if (opened?.error) return Promise.reject(opened.error);
  if (!opened?.envelopes) return Promise.reject(unprocessable());
  return opened.envelopes.open(job.envelope as Uint8Array, aad).then(async (dek) => {
    if (!dek) throw unprocessable();
    if (kind === 'rewrap') {
      const ciphertext = await sealWithCurrent(dek);
      dek.fill(0);
      const result = {
        ciphertext,
        keyVersion: { id: versionId },
        rewrappedKeyVersion: { id: currentId },
      };
      return { result: result as R, versionId };
    }
    const result: {
      plaintext: string;
      keyVersion: { id: string };
      ciphertext?: string;
      rewrappedKeyVersion?: { id: string };
    } = { plaintext: encodeBase64(dek), keyVersion: { id: versionId } };
    if (versionId !== currentId) {
      result.ciphertext = await sealWithCurrent(dek);
      result.rewrappedKeyVersion = { id: currentId };
    }
    dek.fill(0);
    return { result: result as R, versionId };
  });
}
