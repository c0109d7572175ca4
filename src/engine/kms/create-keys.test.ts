/**
 * createKeys, the bulk path: each item is checked as its own createKey, one result or error per
 * item in order, every item audited by its own event in the chain, a refused item writes nothing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CreateKeyRequest } from '../../domain/api';
import { expectError } from '../test/expect-error';
import { openHarness, type Harness } from '../test/harness';
import { addKeyRing, rawEvents, rawKeys, rawVersions, readAll, snapshot } from '../test/raw-db';
import { failLateOn } from '../test/storage-full';
import type { AliasRecord } from '../store/records';

let h: Harness;
beforeEach(async () => {
  h = await openHarness();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const req = (name: string, more: Partial<CreateKeyRequest> = {}): CreateKeyRequest => ({
  name,
  extractable: false,
  ...more,
});

describe('createKeys', () => {
  it('creates every item, in order, each audited by its own create event', async () => {
    const before = (await rawEvents(h)).length;
    const results = await h.engine.createKeys(
      { ...h.as('writer'), correlationId: 'seed-1' },
      Array.from({ length: 25 }, (_, i) => req(`key-${i}`, { extractable: i % 2 === 0 })),
    );
    expect(results.map((r) => (r.ok ? r.value.name : r.error.code))).toEqual(
      Array.from({ length: 25 }, (_, i) => `key-${i}`),
    );
    const keys = await rawKeys(h);
    expect(keys).toHaveLength(25);
    expect(await rawVersions(h)).toHaveLength(25);
    const events = (await rawEvents(h)).slice(before);
    const creates = events.filter((e) => e.action === 'kms.secrets.create');
    expect(creates.map((e) => e.target.keyId)).toEqual(
      results.map((r) => (r.ok ? r.value.id : '')),
    );
    expect(creates.every((e) => e.outcome === 'success' && e.correlationId === 'seed-1')).toBe(
      true,
    );
    expect(creates.every((e) => e.initiator.id === 'user-writer')).toBe(true);
    // Counted before verifying: the verification's own read event is written after it answers.
    const stored = (await rawEvents(h)).length;
    expect(await h.engine.verifyEvents(h.as('manager'))).toEqual({ ok: true, verified: stored });
    // The keys list sees them at once (the cache learnt them).
    expect((await h.engine.listKeys(h.as('reader'))).total).toBe(25);
  });

  it('refuses an item exactly as createKey would, stores the others, and writes nothing for it', async () => {
    await h.engine.createKey(h.as('writer'), req('owner', { aliases: ['taken'] }));
    await addKeyRing(h, 'ring-a');
    const results = await h.engine.createKeys(h.as('writer'), [
      req('first', { aliases: ['one'] }),
      req('x'), // name too short
      req('third', { aliases: ['taken', 'fresh'] }), // alias in use: "fresh" must not be kept
      req('fourth', { keyRingID: 'no-such-ring' }),
      req('fifth', { aliases: ['one'] }), // taken by the first item of this batch
      req('sixth', { keyRingID: 'ring-a' }),
      req('seventh', { policies: { dualAuthDelete: { enabled: true } } }), // Manager only
    ]);
    expect(results.map((r) => (r.ok ? r.value.name : r.error.code))).toEqual([
      'first',
      'INVALID_FIELD_ERR',
      'KEY_ALIAS_NOT_UNIQUE_ERR',
      'KEY_RING_NOT_FOUND_ERR',
      'KEY_ALIAS_NOT_UNIQUE_ERR',
      'sixth',
      'UNAUTHORIZED_ERR',
    ]);
    const refused = results[2];
    expect(refused?.ok === false && refused.error.status).toBe(409);
    expect((await rawKeys(h)).map((k) => k.name).sort()).toEqual(['first', 'owner', 'sixth']);
    const aliases = await readAll<AliasRecord>(h, 'aliases');
    expect(aliases.map((a) => a.alias).sort()).toEqual(['one', 'taken']);
    const creates = (await rawEvents(h)).filter((e) => e.action === 'kms.secrets.create').slice(1);
    expect(creates.map((e) => [e.outcome, e.reason?.code ?? null])).toEqual([
      ['success', null],
      ['failure', 'INVALID_FIELD_ERR'],
      ['failure', 'KEY_ALIAS_NOT_UNIQUE_ERR'],
      ['failure', 'KEY_RING_NOT_FOUND_ERR'],
      ['failure', 'KEY_ALIAS_NOT_UNIQUE_ERR'],
      ['success', null],
      ['failure', 'UNAUTHORIZED_ERR'],
    ]);
    expect((await h.engine.verifyEvents(h.as('manager'))).ok).toBe(true);
  });

  it('keeps the instance rules: create access policy, dual authorization default', async () => {
    await h.engine.putInstancePolicies(h.as('manager'), {
      dualAuthDelete: { enabled: true },
      keyCreateImportAccess: { enabled: true, attributes: { create_standard_key: false } },
    });
    const results = await h.engine.createKeys(h.as('manager'), [
      req('root'),
      req('standard', { extractable: true }),
    ]);
    expect(results.map((r) => (r.ok ? r.value.dualAuthDelete.enabled : r.error.code))).toEqual([
      true,
      'KEY_CREATE_IMPORT_ACCESS_ERR',
    ]);
  });

  it('refuses every item of a user without write access, and stores nothing', async () => {
    const results = await h.engine.createKeys(h.as('reader'), [req('a-key'), req('b-key')]);
    expect(results.map((r) => !r.ok && r.error.code)).toEqual([
      'UNAUTHORIZED_ERR',
      'UNAUTHORIZED_ERR',
    ]);
    expect(await rawKeys(h)).toHaveLength(0);
  });

  it('takes 1–1,000 requests', async () => {
    await expectError(h.engine.createKeys(h.as('writer'), []), 400, 'INVALID_FIELD_ERR');
    await expectError(
      h.engine.createKeys(
        h.as('writer'),
        Array.from({ length: 1001 }, (_, i) => req(`k-${i}`)),
      ),
      400,
      'INVALID_FIELD_ERR',
    );
    expect(await rawKeys(h)).toHaveLength(0);
  });
});

/**
 * The same state in a harness: a ring, an alias taken, and the instance 9 aliases short of its
 * quota (1 + 198 × 5 = 991 of 1,000); standard keys may not be created, and new keys take dual
 * authorization by default.
 */
async function prepareInstance(t: Harness): Promise<void> {
  await addKeyRing(t, 'ring-a');
  await t.engine.createKey(t.as('writer'), req('owner', { aliases: ['taken'] }));
  const filler = await t.engine.createKeys(
    t.as('writer'),
    Array.from({ length: 198 }, (_, i) =>
      req(`filler-${i}`, { aliases: [0, 1, 2, 3, 4].map((j) => `f-${i}-${j}`) }),
    ),
  );
  expect(filler.every((r) => r.ok)).toBe(true);
  await t.engine.putInstancePolicies(t.as('manager'), {
    dualAuthDelete: { enabled: true },
    keyCreateImportAccess: { enabled: true, attributes: { create_standard_key: false } },
  });
  await t.engine.flushEvents();
}

/** Every item rule at once: refused in preparation, in the transaction, and inside the batch. */
const mixed = (): CreateKeyRequest[] => [
  req('alpha', { aliases: ['a-1', 'a-2'] }), // 993 aliases
  req('x'), // name too short
  req('beta', { aliases: ['a-1'] }), // taken by alpha, inside the batch
  req('gamma', { aliases: ['g-1', 'taken'] }), // taken before: g-1 stays free
  req('delta', { keyRingID: 'no-such-ring' }),
  req('epsilon', { keyRingID: 'ring-a', aliases: ['e-1', 'e-2', 'e-3', 'e-4', 'e-5'] }), // 998
  req('zeta', { aliases: ['z-1', 'z-2', 'z-3'] }), // 1,001: over the quota
  req('eta', { aliases: ['g-1', 'h-2'] }), // g-1 is free: 1,000
  req('theta', { aliases: ['t-1'] }), // the quota is reached
  req('iota', { policies: { dualAuthDelete: { enabled: false } } }), // Manager only
  req('kappa', { expirationDate: '2025-06-01T00:00:00Z' }), // refused field: in the past
  req('lambda', { extractable: true }), // the instance policy refuses standard keys
  req('mu-key', { aliases: ['a-2'] }), // taken by alpha
  req('nu-key', { expirationDate: '2027-01-01T00:00:00Z', description: 'last one' }),
];

/** A value with each key's id named after the key; the instance, account and other ids masked. */
function normalized(t: Harness, value: unknown, keys: { id: string; name: string }[]): unknown {
  let text = JSON.stringify(value);
  for (const k of keys) text = text.split(k.id).join(`<key ${k.name}>`);
  text = text
    .split(t.instanceId)
    .join('<instance>')
    .replace(/a\/[0-9a-f]{32}/g, 'a/<account>');
  return JSON.parse(
    text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>'),
  );
}

/** The stored keys, versions, aliases and events since `since`, comparable across harnesses. */
async function stored(t: Harness, since: number) {
  const keys = (await rawKeys(t)).sort((a, b) => a.name.localeCompare(b.name));
  const byId = new Map(keys.map((k) => [k.id, k.name]));
  const versions = (await rawVersions(t))
    .map(({ material: _m, ...v }) => ({ ...v, key: byId.get(v.keyId) }))
    .sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''));
  const aliases = (await readAll<AliasRecord>(t, 'aliases'))
    .map((a) => [a.alias, byId.get(a.keyId)])
    .sort();
  const events = (await rawEvents(t))
    .filter((e) => e.seq > since)
    .map(({ id: _i, hash: _h, prevHash: _p, correlationId: _c, ...e }) => e);
  return normalized(t, { keys, versions, aliases, events }, keys);
}

describe('createKeys is createKey, item by item', () => {
  it('a mixed batch answers, stores and records exactly what the same requests do one by one', async () => {
    const single = await openHarness();
    await prepareInstance(h);
    await prepareInstance(single);
    const since = (await rawEvents(h)).length;
    expect((await rawEvents(single)).length).toBe(since);

    const batch = await h.engine.createKeys({ ...h.as('writer'), correlationId: 'mixed' }, mixed());
    const oneByOne = [];
    for (const request of mixed())
      oneByOne.push(
        await single.engine.createKey(single.as('writer'), request).then(
          (value) => ({ ok: true as const, value }),
          (error: { body?: unknown; code?: string; status?: number; message?: string }) => ({
            ok: false as const,
            error: { status: error.status, code: error.code, message: error.message },
          }),
        ),
      );
    await h.engine.flushEvents();
    await single.engine.flushEvents();

    expect(batch.map((r) => (r.ok ? r.value.name : r.error.code))).toEqual([
      'alpha',
      'INVALID_FIELD_ERR',
      'KEY_ALIAS_NOT_UNIQUE_ERR',
      'KEY_ALIAS_NOT_UNIQUE_ERR',
      'KEY_RING_NOT_FOUND_ERR',
      'epsilon',
      'KEY_ALIAS_QUOTA_ERR',
      'eta',
      'KEY_ALIAS_QUOTA_ERR',
      'UNAUTHORIZED_ERR',
      'INVALID_FIELD_ERR',
      'KEY_CREATE_IMPORT_ACCESS_ERR',
      'KEY_ALIAS_NOT_UNIQUE_ERR',
      'nu-key',
    ]);
    const batchKeys = await rawKeys(h);
    const singleKeys = await rawKeys(single);
    const answers = (t: Harness, results: unknown, keys: { id: string; name: string }[]) =>
      normalized(
        t,
        (results as { ok: boolean; value?: unknown; error?: Record<string, unknown> }[]).map((r) =>
          r.ok
            ? r
            : {
                ok: false,
                error: { status: r.error?.status, code: r.error?.code, message: r.error?.message },
              },
        ),
        keys,
      );
    expect(answers(h, batch, batchKeys)).toEqual(answers(single, oneByOne, singleKeys));
    const created = batch.filter((r) => r.ok).map((r) => r.ok && r.value);
    expect(created.map((k) => k && k.dualAuthDelete.enabled)).toEqual([true, true, true, true]);

    const fromBatch = await stored(h, since);
    expect(fromBatch).toEqual(await stored(single, since));
    // Every item has its own event, in order, all under the call's correlation id.
    const events = (await rawEvents(h)).filter((e) => e.seq > since);
    expect(events.map((e) => e.outcome)).toEqual(batch.map((r) => (r.ok ? 'success' : 'failure')));
    expect(events.every((e) => e.correlationId === 'mixed')).toBe(true);
    expect((await h.engine.verifyEvents(h.as('manager'))).ok).toBe(true);
  });

  it('a later item sees the quota and aliases as an earlier item of the same batch left them', async () => {
    await prepareInstance(h);
    const results = await h.engine.createKeys(h.as('writer'), [
      req('first', { aliases: ['p-1', 'p-2', 'p-3', 'p-4', 'p-5'] }), // 996
      req('second', { aliases: ['p-1'] }),
      req('third', { aliases: ['q-1', 'q-2', 'q-3', 'q-4'] }), // 1,000
      req('fourth', { aliases: ['q-5'] }),
      req('fifth'), // no alias: the quota does not concern it
    ]);
    expect(results.map((r) => (r.ok ? r.value.aliases.length : r.error.code))).toEqual([
      5,
      'KEY_ALIAS_NOT_UNIQUE_ERR',
      4,
      'KEY_ALIAS_QUOTA_ERR',
      0,
    ]);
    expect(await readAll<AliasRecord>(h, 'aliases')).toHaveLength(1000);
  });

  it('a write that fails inside the batch leaves storage exactly as it was, events apart', async () => {
    await prepareInstance(h);
    const before = await snapshot(h);
    // The first version put fails after it was issued (as a quota error at commit would).
    failLateOn('keyVersions');
    const results = await h.engine.createKeys(h.as('writer'), mixed());
    vi.restoreAllMocks();
    expect(results.every((r) => !r.ok)).toBe(true);
    const after = await snapshot(h);
    const { events: _e, meta: _m, ...kept } = after;
    const { events: _eb, meta: _mb, ...was } = before;
    expect(kept).toEqual(was);
    // Each item's refusal is recorded afterwards, in a chain still whole.
    await h.engine.flushEvents();
    const creates = (await rawEvents(h)).slice(before.events.keys.length);
    expect(creates.map((e) => e.outcome)).toEqual(mixed().map(() => 'failure'));
    expect((await h.engine.verifyEvents(h.as('manager'))).ok).toBe(true);
  });
});
