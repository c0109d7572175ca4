/**
 * createKeys, the bulk path: each item is checked as its own createKey, one result or error per
 * item in order, every item audited by its own event in the chain, a refused item writes nothing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CreateKeyRequest } from '../../domain/api';
import { expectError } from '../test/expect-error';
import { openHarness, type Harness } from '../test/harness';
import { addKeyRing, rawEvents, rawKeys, rawVersions, readAll } from '../test/raw-db';
import type { AliasRecord } from '../store/records';

let h: Harness;
beforeEach(async () => {
  h = await openHarness();
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
