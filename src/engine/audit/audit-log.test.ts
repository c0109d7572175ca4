/**
 * SPEC.md section 12: every call appends an event (allowed or denied, successful or failed),
 * events form a hash chain that pinpoints tampering and deletion, and listing filters.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallContext } from '../../domain/api';
import { DAY, HOUR, MINUTE } from '../../domain/time';
import type { AuditEvent, Key } from '../../domain/types';
import type { Engine } from '../engine';
import { sha256Hex } from '../crypto/hash';
import { expectError } from '../test/expect-error';
import { StoreTx } from '../store/store-tx';
import { openHarness, type Harness } from '../test/harness';
import { inOneFlush } from '../test/one-flush';
import { eventsOfRecord, type EventRecord } from '../store/event-blocks';
import {
  deleteEvent,
  putRecords,
  rawEvents,
  readAll,
  updateEvent,
  updateRecord,
} from '../test/raw-db';
import { eventDigestInput, FLUSH_DELAY_MS, GENESIS_HASH } from './audit-log';

let h: Harness;
beforeEach(async () => {
  h = await openHarness();
});

async function events(): Promise<AuditEvent[]> {
  await h.engine.flushEvents();
  return rawEvents(h);
}

describe('every call appends one event', () => {
  it('for each API call, allowed or denied, successful or failed, with its reason', async () => {
    const e = h.engine;
    const m = h.as('manager');
    const key = await e.createKey(m, { name: 'audited', extractable: false, aliases: ['aud'] });
    const std = await e.createKey(m, { name: 'standard', extractable: true });
    const { ciphertext } = await e.wrap(m, key.id);
    type Call = [string, () => Promise<unknown>, string?];
    const calls: Call[] = [
      ['kms.secrets.create', () => e.createKey(m, { name: 'another', extractable: false })],
      [
        'kms.secrets.create',
        () => e.createKey(h.as('reader'), { name: 'x1', extractable: false }),
        'UNAUTHORIZED_ERR',
      ],
      [
        'kms.secrets.create',
        () => e.createKey(m, { name: 'x', extractable: false }),
        'INVALID_FIELD_ERR',
      ],
      ['kms.secrets.list', () => e.listKeys(h.as('reader'))],
      ['kms.secrets.list', () => e.listKeys(m, { limit: 0 }), 'INVALID_FIELD_ERR'],
      ['kms.secrets.read', () => e.getKey(m, std.id)],
      ['kms.secrets.read', () => e.getKey(h.as('reader'), std.id), 'UNAUTHORIZED_ERR'],
      ['kms.secrets-metadata.read', () => e.getKeyMetadata(m, 'aud')],
      ['kms.secrets-metadata.read', () => e.getKeyMetadata(m, 'nope'), 'KEY_NOT_FOUND_ERR'],
      ['kms.secrets-key-versions.list', () => e.getKeyVersions(m, key.id)],
      ['kms.secrets-alias.create', () => e.createAlias(m, key.id, 'aud-2')],
      ['kms.secrets-alias.delete', () => e.deleteAlias(m, key.id, 'aud-2')],
      [
        'kms.secrets-alias.delete',
        () => e.deleteAlias(m, key.id, 'aud-2'),
        'KEY_ALIAS_NOT_FOUND_ERR',
      ],
      ['kms.secrets.wrap', () => e.wrap(h.as('reader'), key.id)],
      ['kms.secrets.unwrap', () => e.unwrap(h.as('reader'), key.id, { ciphertext })],
      [
        'kms.secrets.unwrap',
        () => e.unwrap(h.as('reader'), key.id, { ciphertext, aad: ['x'] }),
        'UNPROCESSABLE_CIPHERTEXT_ERR',
      ],
      ['kms.secrets.rewrap', () => e.rewrap(h.as('reader'), key.id, { ciphertext })],
      ['kms.secrets.rotate', () => e.rotate(m, key.id)],
      ['kms.secrets.rotate', () => e.rotate(m, key.id), 'KEY_ROTATION_NOT_PERMITTED'],
      [
        'kms.policies.write',
        () => e.putKeyPolicies(m, key.id, { dualAuthDelete: { enabled: true } }),
      ],
      ['kms.policies.read', () => e.getKeyPolicies(m, key.id)],
      ['kms.secrets.setkeyfordeletion', () => e.setKeyForDeletion(h.as('writer'), key.id)],
      ['kms.secrets.unsetkeyfordeletion', () => e.unsetKeyForDeletion(h.as('writer'), key.id)],
      ['kms.secrets.delete', () => e.deleteKey(m, key.id), 'AUTHORIZATIONS_NOT_MET'],
      ['kms.secrets.disable', () => e.disableKey(m, key.id)],
      ['kms.secrets.enable', () => e.enableKey(m, key.id), 'REQ_TOO_EARLY_ERR'],
      ['kms.secrets.delete', () => e.deleteKey(m, std.id)],
      ['kms.secrets.restore', () => e.restoreKey(m, std.id), 'REQ_TOO_EARLY_ERR'],
      [
        'kms.secrets.purge',
        () => e.purgeKey(h.as('admin'), key.id),
        'KEY_ACTION_INVALID_STATE_ERR',
      ],
      ['keyward.clock.advance', () => e.advanceTime(h.as('admin'), MINUTE)],
      ['keyward.clock.advance', () => e.advanceTime(h.as('admin'), -1), 'INVALID_FIELD_ERR'],
      ['keyward.events.list', () => e.listEvents(h.as('reader'))],
      ['keyward.events.verify', () => e.verifyEvents(h.as('reader'))],
    ];
    for (const [action, call, code] of calls) {
      const before = (await events()).length;
      if (code) await expect(call()).rejects.toMatchObject({ code });
      else await call();
      const after = await events();
      expect([action, after.length]).toEqual([action, before + 1]);
      const last = after.at(-1);
      expect(last?.action).toBe(action);
      expect(last?.outcome).toBe(code ? 'failure' : 'success');
      if (code)
        expect(last?.reason).toMatchObject({
          code,
          status: expect.any(Number),
          message: expect.any(String),
        });
      else expect(last).not.toHaveProperty('reason');
    }
    // Console metadata is not audited.
    const before = (await events()).length;
    await e.getSession();
    await e.getPermissions(m);
    await e.getPermissions(m, key.id);
    expect((await events()).length).toBe(before);
  });

  it('an event names who did what to which key, when, with the correlation id', async () => {
    const correlationId = 'corr-1234';
    const ctx: CallContext = { ...h.as('writer'), correlationId };
    const key = await h.engine.createKey(ctx, { name: 'named', extractable: false });
    const [event] = await events();
    expect(event).toEqual({
      seq: 1,
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      time: new Date(h.clock.now).toISOString(),
      action: 'kms.secrets.create',
      initiator: { id: 'user-writer', name: 'Wren Writer', roles: ['Writer'] },
      target: { crn: key.crn, keyId: key.id, instanceId: h.instanceId },
      outcome: 'success',
      correlationId,
      prevHash: GENESIS_HASH,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    await h.engine.wrap(h.as('admin'), key.id);
    const wrapped = (await events()).at(-1);
    expect([...(wrapped?.initiator.roles ?? [])].sort()).toEqual([
      'Administrator',
      'KeyPurge',
      'Reader',
    ]);
    expect(wrapped?.initiator.roles[0]).toBe('Administrator');
    expect(wrapped?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(wrapped?.correlationId).not.toBe(correlationId);
  });

  it('a state change commits its event in the same transaction (no flush needed)', async () => {
    const key = await h.engine.createKey(h.as('writer'), { name: 'k1', extractable: false });
    await h.engine.disableKey(h.as('manager'), key.id);
    const stored = await rawEvents(h);
    expect(stored.map((e) => e.action)).toEqual(['kms.secrets.create', 'kms.secrets.disable']);
  });

  it('events of read-only calls are written within about 50 ms without a flush', async () => {
    const key = await h.engine.createKey(h.as('writer'), { name: 'k1', extractable: false });
    await h.engine.wrap(h.as('reader'), key.id);
    await expectError(h.engine.rotate(h.as('reader'), key.id), 401, 'UNAUTHORIZED_ERR');
    await new Promise((resolve) => setTimeout(resolve, FLUSH_DELAY_MS * 3));
    expect((await rawEvents(h)).map((e) => `${e.action} ${e.outcome}`)).toEqual([
      'kms.secrets.create success',
      'kms.secrets.wrap success',
      'kms.secrets.rotate failure',
    ]);
  });

  it('events queued before a state change keep their order in the chain', async () => {
    const key = await h.engine.createKey(h.as('writer'), { name: 'k1', extractable: false });
    await h.engine.wrap(h.as('reader'), key.id);
    await h.engine.disableKey(h.as('manager'), key.id);
    const stored = await rawEvents(h);
    expect(stored.map((e) => [e.seq, e.action])).toEqual([
      [1, 'kms.secrets.create'],
      [2, 'kms.secrets.wrap'],
      [3, 'kms.secrets.disable'],
    ]);
  });
});

describe('the hash chain', () => {
  let key: Key;
  beforeEach(async () => {
    key = await h.engine.createKey(h.as('writer'), { name: 'chained', extractable: false });
    // Four wraps in flight together: their events 2–5 are one record (an event block), so the
    // tamperings below edit and delete events inside a block.
    const wrap = () => h.engine.wrap(h.as('reader'), key.id);
    await inOneFlush(h.engine, [wrap, wrap, wrap, wrap]);
    await expectError(h.engine.rotate(h.as('reader'), key.id), 401, 'UNAUTHORIZED_ERR');
    await h.engine.disableKey(h.as('manager'), key.id);
    await h.engine.flushEvents();
  });

  it('links every event to the one before and verifies', async () => {
    const stored = await rawEvents(h);
    expect(stored.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const records = await readAll<EventRecord>(h, 'events');
    expect(records.map((r) => eventsOfRecord(r).map((e) => e.seq))).toEqual([
      [1],
      [2, 3, 4, 5],
      [6],
      [7],
    ]);
    stored.forEach((e, i) => {
      expect(e.prevHash).toBe(i === 0 ? GENESIS_HASH : stored[i - 1]?.hash);
      const { hash, ...rest } = e;
      expect(sha256Hex(eventDigestInput(rest))).toBe(hash);
    });
    expect(await h.engine.verifyEvents(h.as('reader'))).toEqual({ ok: true, verified: 7 });
    // Verification itself is audited, after the verified events.
    expect(await h.engine.verifyEvents(h.as('reader'))).toEqual({ ok: true, verified: 8 });
  });

  const tamperings: [string, (e: AuditEvent) => AuditEvent][] = [
    ['action', (e) => ({ ...e, action: 'kms.secrets.read' })],
    ['time', (e) => ({ ...e, time: '2020-01-01T00:00:00.000Z' })],
    ['outcome', (e) => ({ ...e, outcome: e.outcome === 'success' ? 'failure' : 'success' })],
    ['initiator id', (e) => ({ ...e, initiator: { ...e.initiator, id: 'user-manager' } })],
    ['initiator roles', (e) => ({ ...e, initiator: { ...e.initiator, roles: ['Manager'] } })],
    ['target CRN', (e) => ({ ...e, target: { ...e.target, crn: 'crn:v1:other' } })],
    ['target key', (e) => ({ ...e, target: { ...e.target, keyId: 'another' } })],
    ['correlation id', (e) => ({ ...e, correlationId: 'forged' })],
    ['event id', (e) => ({ ...e, id: '00000000-0000-4000-8000-000000000000' })],
  ];

  it.each(tamperings)('pinpoints a changed %s', async (_field, tamper) => {
    await updateEvent(h, 4, tamper);
    const stored = await rawEvents(h);
    expect(await h.engine.verifyEvents(h.as('reader'))).toEqual({
      ok: false,
      verified: 3,
      brokenAt: {
        seq: 4,
        id: stored[3]?.id,
        problem: 'its content does not match its hash: it was altered',
      },
    });
  });

  it.each([
    ['key ids emptied (hiding its events from the key history)', { keyIds: [] }],
    ['key ids of another key', { keyIds: ['another'] }],
    ['last seq', { last: 4 }],
    ['a field added', { note: 'injected' }],
  ])('pinpoints an event block whose %s', async (_what, change) => {
    await updateRecord<EventRecord>(h, 'events', 2, (r) => ({ ...r, ...change }));
    const stored = await rawEvents(h);
    expect(await h.engine.verifyEvents(h.as('reader'))).toEqual({
      ok: false,
      verified: 1,
      brokenAt: {
        seq: 2,
        id: stored[1]?.id,
        problem:
          'the record holding it does not describe its events (its seqs or key ids were altered)',
      },
    });
  });

  it('pinpoints a changed failure reason', async () => {
    const failed = (await rawEvents(h)).find((e) => e.outcome === 'failure');
    expect(failed?.seq).toBe(6);
    await updateEvent(h, 6, (e) => ({
      ...e,
      reason: { status: 401, code: 'UNAUTHORIZED_ERR', message: 'nothing to see' },
    }));
    expect((await h.engine.verifyEvents(h.as('reader'))).brokenAt?.seq).toBe(6);
  });

  it('an altered event given a fresh hash breaks the next link', async () => {
    await updateEvent(h, 3, (e) => {
      const { hash: _old, ...rest } = { ...e, action: 'kms.secrets.read' };
      return { ...rest, hash: sha256Hex(eventDigestInput(rest)) };
    });
    const result = await h.engine.verifyEvents(h.as('reader'));
    expect(result).toMatchObject({
      ok: false,
      verified: 3,
      brokenAt: { seq: 4, problem: 'does not link to the event before it' },
    });
  });

  it('detects a deleted event', async () => {
    await deleteEvent(h, 5);
    expect(await h.engine.verifyEvents(h.as('reader'))).toMatchObject({
      ok: false,
      verified: 4,
      brokenAt: { seq: 6, problem: 'sequence jumps from 4 to 6: events are missing' },
    });
  });

  it('detects the newest events removed, before and after new events are appended', async () => {
    const stored = await rawEvents(h);
    const last = stored.length;
    await deleteEvent(h, last);
    await deleteEvent(h, last - 1);
    expect((await h.engine.verifyEvents(h.as('reader'))).brokenAt).toEqual({
      seq: last - 1,
      id: '',
      problem: `the log ends at #${last - 2} but #${last} was written: the newest events were removed`,
    });
    // New events continue from the recorded head, so the hole stays visible.
    await h.engine.flushEvents();
    expect((await h.engine.verifyEvents(h.as('reader'))).brokenAt).toMatchObject({
      seq: last + 1,
      problem: `sequence jumps from ${last - 2} to ${last + 1}: events are missing`,
    });
  });

  it('detects a deleted first event', async () => {
    await deleteEvent(h, 1);
    expect(await h.engine.verifyEvents(h.as('reader'))).toMatchObject({
      ok: false,
      verified: 0,
      brokenAt: { seq: 2, problem: 'sequence jumps from 0 to 2: events are missing' },
    });
  });

  it('detects an event added after the last one, and one inserted into the chain', async () => {
    const stored = await rawEvents(h);
    const last = stored.at(-1) as AuditEvent;
    // A forged event 8 that links correctly, then the real 8th event renumbered to 9.
    const forged = {
      ...last,
      seq: 8,
      id: 'forged',
      action: 'kms.secrets.read',
      prevHash: last.hash,
    };
    const { hash: _h, ...unhashed } = forged;
    await putRecords(h, 'events', [{ ...unhashed, hash: sha256Hex(eventDigestInput(unhashed)) }]);
    // It links, but the chain's recorded head (written with every append) ends at #7.
    expect((await h.engine.verifyEvents(h.as('reader'))).brokenAt).toEqual({
      seq: 8,
      id: '',
      problem: 'events after #7 were not written by the engine',
    });
    // Rewriting history in the middle is caught where it starts.
    await updateEvent(h, 2, (e) => ({
      ...e,
      prevHash: stored[2]?.hash ?? '',
    }));
    expect((await h.engine.verifyEvents(h.as('reader'))).brokenAt).toMatchObject({
      seq: 2,
      problem: 'does not link to the event before it',
    });
  });
});

describe('listing events', () => {
  let e: Engine;
  let a: Key;
  let b: Key;
  let t0: number;
  beforeEach(async () => {
    e = h.engine;
    t0 = h.clock.now;
    a = await e.createKey(h.as('writer'), { name: 'key a', extractable: false }); // 1 @ t0
    h.clock.advance(HOUR);
    b = await e.createKey(h.as('manager'), { name: 'key b', extractable: false }); // 2 @ t0+1h
    h.clock.advance(HOUR);
    await e.wrap(h.as('reader'), a.id); // 3 @ t0+2h
    await expectError(e.rotate(h.as('reader'), b.id), 401, 'UNAUTHORIZED_ERR'); // 4 @ t0+2h
    h.clock.advance(HOUR);
    await e.disableKey(h.as('manager'), a.id); // 5 @ t0+3h
    await expectError(e.enableKey(h.as('manager'), a.id), 409, 'REQ_TOO_EARLY_ERR'); // 6 @ t0+3h
  });
  const seqs = async (query: Parameters<Engine['listEvents']>[1] = {}) => {
    const result = await e.listEvents(h.as('reader'), query);
    return { seqs: result.events.map((ev) => ev.seq), total: result.total };
  };

  it('lists newest first by default, oldest first on request', async () => {
    expect(await seqs()).toEqual({ seqs: [6, 5, 4, 3, 2, 1], total: 6 });
    expect(await seqs({ newestFirst: false })).toMatchObject({ seqs: [1, 2, 3, 4, 5, 6, 7] });
  });
  it('filters by action (prefix)', async () => {
    expect(await seqs({ action: 'kms.secrets.create' })).toEqual({ seqs: [2, 1], total: 2 });
    expect(await seqs({ action: 'kms.secrets.wrap' })).toEqual({ seqs: [3], total: 1 });
    expect((await seqs({ action: 'keyward.events' })).seqs).toEqual([8, 7]);
    expect(await seqs({ action: 'kms.policies' })).toEqual({ seqs: [], total: 0 });
  });
  it('filters by initiator', async () => {
    expect(await seqs({ initiatorId: 'user-manager' })).toEqual({ seqs: [6, 5, 2], total: 3 });
    expect(await seqs({ initiatorId: 'user-writer' })).toEqual({ seqs: [1], total: 1 });
  });
  it('filters by target: key id or CRN', async () => {
    expect(await seqs({ target: a.id })).toEqual({ seqs: [6, 5, 3, 1], total: 4 });
    expect(await seqs({ target: b.crn })).toEqual({ seqs: [4, 2], total: 2 });
  });
  it('filters by outcome', async () => {
    expect(await seqs({ outcome: 'failure' })).toEqual({ seqs: [6, 4], total: 2 });
    const failures = await e.listEvents(h.as('reader'), { outcome: 'failure', target: a.id });
    expect(failures.events.map((ev) => ev.reason?.code)).toEqual(['REQ_TOO_EARLY_ERR']);
  });
  it('filters by time, both ends inclusive', async () => {
    const at = (ms: number) => new Date(t0 + ms).toISOString();
    expect(await seqs({ from: at(HOUR), to: at(2 * HOUR) })).toEqual({ seqs: [4, 3, 2], total: 3 });
    expect(await seqs({ from: at(2 * HOUR + 1), action: 'kms' })).toEqual({
      seqs: [6, 5],
      total: 2,
    });
    expect(await seqs({ to: at(0) })).toEqual({ seqs: [1], total: 1 });
  });
  it('combines filters', async () => {
    expect(await seqs({ target: a.id, initiatorId: 'user-manager', outcome: 'success' })).toEqual({
      seqs: [5],
      total: 1,
    });
  });
  it('pages with offset and limit, counting the total', async () => {
    // `action: 'kms'` leaves out the events of the listing calls themselves.
    const kms = { action: 'kms' };
    expect(await seqs({ ...kms, limit: 2 })).toEqual({ seqs: [6, 5], total: 6 });
    expect(await seqs({ ...kms, limit: 2, offset: 2 })).toEqual({ seqs: [4, 3], total: 6 });
    expect(await seqs({ ...kms, limit: 2, offset: 6 })).toEqual({ seqs: [], total: 6 });
    expect(await seqs({ ...kms, limit: 1, offset: 1, newestFirst: false })).toEqual({
      seqs: [2],
      total: 6,
    });
    expect((await e.listEvents(h.as('reader'))).events.length).toBe(10);
    expect((await e.listEvents(h.as('reader'), { limit: 3 })).total).toBe(11);
  });

  it('refuses bad queries with 400 INVALID_FIELD_ERR', async () => {
    const r = h.as('reader');
    await expectError(e.listEvents(r, { limit: 0 }), 400, 'INVALID_FIELD_ERR');
    await expectError(e.listEvents(r, { limit: 5001 }), 400, 'INVALID_FIELD_ERR');
    await expectError(e.listEvents(r, { offset: -1 }), 400, 'INVALID_FIELD_ERR');
    const bad = await expectError(e.listEvents(r, { from: 'yesterday' }), 400, 'INVALID_FIELD_ERR');
    expect(bad.message).toMatch(/^from: must be an ISO 8601 date/);
    await expectError(e.listEvents(r, { to: 'later' }), 400, 'INVALID_FIELD_ERR');
  });
  it('shows only events of the instance asked about', async () => {
    const stranger = { userId: 'user-manager', instanceId: '00000000-0000-4000-8000-000000000000' };
    await expectError(e.listKeys(stranger), 404, 'INSTANCE_NOT_FOUND_ERR');
    const listed = await e.listEvents(h.as('reader'), { outcome: 'failure' });
    expect(listed.events.every((ev) => ev.target.instanceId === h.instanceId)).toBe(true);
    expect(listed.total).toBe(2);
  });
  it('is open to an Administrator without a role in the instance', async () => {
    await putRecords(h, 'users', [
      { id: 'user-ada-2', name: 'Ada Two', email: 'a2@keyward.example' },
    ]);
    await putRecords(h, 'accessPolicies', [
      { id: 'p-admin-2', userId: 'user-ada-2', role: 'Administrator', scope: {}, createdAt: '' },
    ]);
    const tab = await h.openTab();
    const listed = await tab.listEvents(h.asUser('user-ada-2'), { newestFirst: false, limit: 1 });
    expect(listed.events[0]?.seq).toBe(1);
    expect((await tab.verifyEvents(h.asUser('user-ada-2'))).ok).toBe(true);
    await expectError(tab.listKeys(h.asUser('user-ada-2')), 401, 'UNAUTHORIZED_ERR');
  });
  describe('free-text search', () => {
    // `action: 'kms'` leaves out the events of the listing calls themselves.
    const kms = { action: 'kms' };
    it('matches the action, case-insensitively', async () => {
      expect(await seqs({ ...kms, search: 'WRAP' })).toEqual({ seqs: [3], total: 1 });
      expect(await seqs({ ...kms, search: 'secrets.dis' })).toEqual({ seqs: [5], total: 1 });
    });
    it('matches the initiator by name or id', async () => {
      expect(await seqs({ ...kms, search: 'rhea' })).toEqual({ seqs: [4, 3], total: 2 });
      expect(await seqs({ ...kms, search: 'user-writer' })).toEqual({ seqs: [1], total: 1 });
    });
    it('matches the target by CRN or key id', async () => {
      expect(await seqs({ ...kms, search: b.crn.toUpperCase() })).toEqual({
        seqs: [4, 2],
        total: 2,
      });
      expect(await seqs({ ...kms, search: a.id.slice(0, 8) })).toEqual({
        seqs: [6, 5, 3, 1],
        total: 4,
      });
      expect(await seqs({ ...kms, search: ':key:' })).toEqual({
        seqs: [6, 5, 4, 3, 2, 1],
        total: 6,
      });
    });
    it('matches the outcome and the reason code', async () => {
      expect(await seqs({ ...kms, search: 'Failure' })).toEqual({ seqs: [6, 4], total: 2 });
      expect(await seqs({ ...kms, search: 'too_early' })).toEqual({ seqs: [6], total: 1 });
      expect(await seqs({ ...kms, search: 'unauthorized_err' })).toEqual({ seqs: [4], total: 1 });
    });
    it('does not look in the reason message, nor across two fields', async () => {
      // Refusal messages name the role needed ("… needs the Manager role"); only codes count.
      expect(await seqs({ ...kms, search: 'role' })).toEqual({ seqs: [], total: 0 });
      expect(await seqs({ ...kms, search: 'create wren' })).toEqual({ seqs: [], total: 0 });
    });
    it('combines with the other filters and with paging', async () => {
      expect(await seqs({ search: 'manager', outcome: 'success', action: 'kms' })).toEqual({
        seqs: [5, 2],
        total: 2,
      });
      expect(await seqs({ ...kms, search: 'secrets', limit: 2, offset: 1 })).toEqual({
        seqs: [5, 4],
        total: 6,
      });
      expect(await seqs({ search: 'wrap', target: a.id })).toEqual({ seqs: [3], total: 1 });
    });
    it('ignores a blank search and refuses one that is not text', async () => {
      expect(await seqs({ ...kms, search: '  ' })).toEqual({ seqs: [6, 5, 4, 3, 2, 1], total: 6 });
      const bad = { search: 42 } as unknown as { search: string };
      const error = await expectError(e.listEvents(h.as('reader'), bad), 400, 'INVALID_FIELD_ERR');
      expect(error.message).toMatch(/^search:/);
    });
  });

  describe('a key id target is answered from the byKeyId index', () => {
    afterEach(() => vi.restoreAllMocks());

    it('without visiting every event', async () => {
      const scan = vi.spyOn(StoreTx.prototype, 'eachEvent');
      expect(await seqs({ target: a.id })).toEqual({ seqs: [6, 5, 3, 1], total: 4 });
      expect(scan).not.toHaveBeenCalled();
      // A CRN target still scans.
      expect(await seqs({ target: a.crn })).toEqual({ seqs: [6, 5, 3, 1], total: 4 });
      expect(scan).toHaveBeenCalledTimes(1);
    });

    it('with the same results and order as a full scan, for any filter and page', async () => {
      // More history: several keys, wraps, refusals, events of the listing calls themselves.
      for (let i = 0; i < 3; i++) {
        h.clock.advance(HOUR);
        await e.wrap(h.as('reader'), b.id);
        await e.wrap(h.as('writer'), b.id);
        await expectError(e.wrap(h.as('reader'), a.id), 409, 'KEY_ACTION_INVALID_STATE_ERR');
        await expectError(e.rotate(h.as('reader'), a.id), 401, 'UNAUTHORIZED_ERR');
        await e.listEvents(h.as('manager'), { action: 'kms' });
      }
      const queries: Parameters<Engine['listEvents']>[1][] = [
        {},
        { newestFirst: false },
        { limit: 2, offset: 1 },
        { limit: 3, offset: 2, newestFirst: false },
        { outcome: 'failure' },
        { initiatorId: 'user-reader', action: 'kms.secrets.wrap' },
        { search: 'manager' },
        { from: new Date(t0 + 2 * HOUR).toISOString(), to: new Date(t0 + 4 * HOUR).toISOString() },
        { limit: 1, offset: 100 },
      ];
      for (const key of [a, b]) {
        for (const query of queries) {
          const byIndex = await e.listEvents(h.as('reader'), { ...query, target: key.id });
          // The same query by hand over the full list (no target, so it scans).
          const scanned = await e.listEvents(h.as('reader'), {
            ...query,
            offset: 0,
            limit: 5000,
            newestFirst: true,
          });
          const expected = scanned.events.filter((ev) => ev.target.keyId === key.id);
          if (query?.newestFirst === false) expected.reverse();
          const offset = query?.offset ?? 0;
          expect([key.name, query, byIndex.total]).toEqual([key.name, query, expected.length]);
          expect(byIndex.events.map((ev) => ev.seq)).toEqual(
            expected.slice(offset, offset + (query?.limit ?? 200)).map((ev) => ev.seq),
          );
        }
      }
    });

    it('an unknown or differently cased key id matches nothing', async () => {
      expect(await seqs({ target: a.id.toUpperCase() })).toEqual({ seqs: [], total: 0 });
      expect(await seqs({ target: '00000000-0000-4000-8000-000000000000' })).toEqual({
        seqs: [],
        total: 0,
      });
    });
  });

  it('time filters follow the engine clock, also when advanced', async () => {
    await e.advanceTime(h.as('admin'), 10 * DAY);
    await e.wrap(h.as('reader'), b.id);
    const later = await e.listEvents(h.as('reader'), {
      from: new Date(t0 + 5 * DAY).toISOString(),
    });
    // The advance itself happened at the old time; the wrap after it at the new one.
    expect(later.events.map((ev) => ev.action)).toEqual(['kms.secrets.wrap']);
    expect(later.events[0]?.time).toBe(new Date(t0 + 3 * HOUR + 10 * DAY).toISOString());
    const advance = await e.listEvents(h.as('reader'), { action: 'keyward.clock.advance' });
    expect(advance.events[0]?.time).toBe(new Date(t0 + 3 * HOUR).toISOString());
  });
});
