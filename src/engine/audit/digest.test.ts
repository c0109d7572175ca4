/**
 * Signed digests and what verification detects (SPEC section 12): a digest verifies offline with
 * Node's crypto as docs/audit-digest.md says; a rewrite after a digest is found even when the
 * whole chain was rehashed and its stored head fixed; truncation, forged digests and fields
 * outside the hash are found; what an event keeps of caller input is bounded.
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestSignedText, type AuditEvent, type EventsDigest } from '../../domain/types';
import { sha256Hex } from '../crypto/hash';
import { openHarness, type Harness } from '../test/harness';
import { deleteEvent, putRecords, rawEvents, readAll, updateEvent } from '../test/raw-db';
import { eventDigestInput, GENESIS_HASH } from './audit-log';
import { CUT_MARKER } from './bounds';

async function withHistory(): Promise<{ h: Harness; digest: EventsDigest }> {
  const h = await openHarness();
  const m = h.as('manager');
  const key = await h.engine.createKey(m, { name: 'audited', extractable: false });
  await h.engine.wrap(h.as('reader'), key.id);
  await h.engine.disableKey(m, key.id);
  const digest = await h.engine.getEventsDigest(h.as('reader'));
  await h.engine.createKey(m, { name: 'later', extractable: false });
  return { h, digest };
}

/** Rewrites history as someone with the database would: edit, rehash everything, fix the head. */
async function rehashFrom(h: Harness, edit: (events: AuditEvent[]) => AuditEvent[]) {
  await h.engine.flushEvents();
  const original = await rawEvents(h);
  for (const e of original) await deleteEvent(h, e.seq);
  let prevHash = GENESIS_HASH;
  const rewritten = edit(original).map((e, i) => {
    const unhashed = { ...e, seq: i + 1, prevHash };
    const event = { ...unhashed, hash: sha256Hex(eventDigestInput(unhashed)) };
    prevHash = event.hash;
    return event;
  });
  await putRecords(h, 'events', rewritten);
  const last = rewritten.at(-1);
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = h.factory.open(h.dbName);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction('meta', 'readwrite');
    tx.objectStore('meta').put(
      { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH },
      'auditHead',
    );
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

describe('signed digests of the audit chain', () => {
  it('sign the head with a non-extractable P-256 key, and verify offline with Node crypto', async () => {
    const { h, digest } = await withHistory();
    expect(digest).toMatchObject({ format: 'keyward-audit-digest', version: 1 });
    expect(digest.seq).toBeGreaterThan(2);
    // The offline check of docs/audit-digest.md.
    const publicKey = createPublicKey({
      key: Buffer.from(digest.publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    });
    const text = JSON.stringify([
      digest.format,
      digest.version,
      digest.accountId,
      digest.seq,
      digest.hash,
      digest.time,
    ]);
    expect(text).toBe(digestSignedText(digest));
    const signature = Buffer.from(digest.signature, 'base64');
    expect(
      nodeVerify(
        'sha256',
        Buffer.from(text),
        { key: publicKey, dsaEncoding: 'ieee-p1363' },
        signature,
      ),
    ).toBe(true);
    expect(
      nodeVerify(
        'sha256',
        Buffer.from(text.replace(String(digest.seq), String(digest.seq + 1))),
        { key: publicKey, dsaEncoding: 'ieee-p1363' },
        signature,
      ),
    ).toBe(false);
    // The digest names the chain's head at that moment.
    const events = await rawEvents(h);
    expect(events.find((e) => e.seq === digest.seq)?.hash).toBe(digest.hash);
    // The private key is stored, but cannot be exported.
    const meta = await readAll<unknown>(h, 'meta');
    const stored = meta.find(
      (v): v is { privateKey: CryptoKey } =>
        typeof v === 'object' && v !== null && 'privateKey' in v,
    );
    expect(stored?.privateKey.extractable).toBe(false);
    expect((await h.engine.verifyEvents(h.as('reader'), [digest])).ok).toBe(true);
  });

  it('a rewrite after the digest is detected even when the chain was fully rehashed', async () => {
    const { h, digest } = await withHistory();
    await rehashFrom(h, (events) =>
      events.map((e) => (e.action === 'kms.secrets.disable' ? { ...e, outcome: 'failure' } : e)),
    );
    // The chain alone now looks whole: that is what the digest is for.
    expect((await h.engine.verifyEvents(h.as('reader'))).ok).toBe(true);
    const result = await h.engine.verifyEvents(h.as('reader'), [digest]);
    expect(result.ok).toBe(false);
    expect(result.digests?.[0]).toMatchObject({ ok: false, seq: digest.seq });
    expect(result.brokenAt?.problem).toMatch(/history was rewritten after it/);
  });

  it('a truncation with the head fixed is detected against a digest', async () => {
    const { h, digest } = await withHistory();
    await rehashFrom(h, (events) => events.slice(0, 2));
    expect((await h.engine.verifyEvents(h.as('reader'))).ok).toBe(true);
    const result = await h.engine.verifyEvents(h.as('reader'), [digest]);
    expect(result.ok).toBe(false);
    // (The verify call itself appends an event, so the place is taken again, by other content.)
    expect(result.brokenAt?.problem).toMatch(/events were removed|history was rewritten/);
  });

  it('a forged or altered digest is refused', async () => {
    const { h, digest } = await withHistory();
    const altered = { ...digest, seq: 1, hash: (await rawEvents(h))[0]!.hash };
    const result = await h.engine.verifyEvents(h.as('reader'), [altered]);
    expect(result.ok).toBe(false);
    expect(result.digests?.[0]?.problem).toMatch(/signature does not verify/);
    const other = await withHistory();
    const foreign = await h.engine.verifyEvents(h.as('reader'), [other.digest]);
    expect(foreign.digests?.[0]?.problem).toMatch(/not signed by this engine/);
  });

  it('a field added outside the hash is detected', async () => {
    const { h } = await withHistory();
    await updateEvent(h, 1, (first) => ({ ...first, note: 'injected' }) as AuditEvent);
    const result = await h.engine.verifyEvents(h.as('reader'));
    expect(result).toMatchObject({ ok: false, brokenAt: { seq: 1 } });
    expect(result.brokenAt?.problem).toMatch(/fields the engine never writes/);
  });
});

describe('bounded events', () => {
  it('no event keeps more than its bounds of caller input, whatever reaches the log', async () => {
    const h = await openHarness();
    const huge = 'x'.repeat(1_000_000);
    h.engine.env.audit.queue({
      id: huge,
      time: new Date(h.clock.now).toISOString(),
      action: huge,
      initiator: { id: huge, name: huge, roles: [] },
      target: { crn: huge, keyId: huge, instanceId: huge },
      outcome: 'failure',
      reason: { status: 404, code: 'KEY_NOT_FOUND_ERR', message: huge },
      correlationId: huge,
    });
    await h.engine.flushEvents();
    const last = (await rawEvents(h)).at(-1)!;
    expect(JSON.stringify(last).length).toBeLessThan(4096);
    expect(last.reason?.message.endsWith(CUT_MARKER)).toBe(true);
    expect((await h.engine.verifyEvents(h.as('reader'))).ok).toBe(true);
  });

  it('a 10 MB key id is refused at the boundary, with a small event', async () => {
    const h = await openHarness();
    await h.engine.flushEvents();
    const before = (await rawEvents(h)).length;
    await expect(
      h.engine.getKeyMetadata(h.as('reader'), 'k'.repeat(10_000_000)),
    ).rejects.toMatchObject({ status: 400, code: 'INVALID_FIELD_ERR' });
    await h.engine.flushEvents();
    const added = (await rawEvents(h)).slice(before);
    expect(added).toHaveLength(1);
    expect(JSON.stringify(added).length).toBeLessThan(2048);
  });
});
