/**
 * Signed digests of the audit chain (SPEC section 12, after CloudTrail's digest files): the
 * engine signs the chain's head with its own ECDSA P-256 key, whose private half is
 * non-extractable and never leaves the engine; an auditor keeps the digests outside the browser.
 * Verifying the chain later against them detects any rewrite of history before each digest's
 * head — even one that rehashes the whole chain and fixes the stored head, since the rewriter
 * cannot make the old head hash come out again, nor sign a new digest offline.
 */
import { digestSignedText, type EventsDigest } from '../../domain/types';
import { generateSigningKeyPair, signText, verifyText } from '../crypto/ecdsa';
import type { Store } from '../store/database';

export const DIGEST_FORMAT = 'keyward-audit-digest';

/** The engine's signing key, made on first use (crypto first, then one short transaction). */
async function signingKey(store: Store): Promise<{ privateKey: CryptoKey; publicKeySpki: string }> {
  const stored = await store.read((tx) => tx.getMeta('auditSigningKey'));
  if (stored) return stored;
  const made = await generateSigningKeyPair();
  // Another tab may have made one meanwhile: the first one written is the engine's key.
  return store.write(async (tx) => {
    const raced = await tx.getMeta('auditSigningKey');
    if (raced) return raced;
    const record = { privateKey: made.privateKey, publicKeySpki: made.publicKeySpki };
    await tx.putMeta('auditSigningKey', record);
    return record;
  });
}

export async function signDigest(
  store: Store,
  accountId: string,
  head: { seq: number; hash: string },
  time: string,
): Promise<EventsDigest> {
  const key = await signingKey(store);
  const unsigned = {
    format: DIGEST_FORMAT,
    version: 1,
    accountId,
    seq: head.seq,
    hash: head.hash,
    time,
  } as const;
  return {
    ...unsigned,
    publicKey: key.publicKeySpki,
    signature: await signText(key.privateKey, digestSignedText(unsigned)),
  };
}

/** Why a digest cannot be trusted at all (not signed by this engine's key), or undefined. */
export async function digestSignatureProblem(
  store: Store,
  digest: EventsDigest,
): Promise<string | undefined> {
  const key = await store.read((tx) => tx.getMeta('auditSigningKey'));
  if (!key || key.publicKeySpki !== digest.publicKey)
    return 'this digest was not signed by this engine’s key';
  const ok = await verifyText(digest.publicKey, digestSignedText(digest), digest.signature);
  return ok ? undefined : 'the digest’s signature does not verify: it was altered';
}
