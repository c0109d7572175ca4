import { describe, expect, it } from 'vitest';
import { isStaleAfter, keysNamed, noticeKinds, READ_METHODS, STALE_READS } from './stale-reads';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

describe('stale reads table', () => {
  it('a key change reaches reads naming that key, by id or by an alias, not another key', () => {
    const notice = { topic: 'keys', instanceId: 'kms-1', keyId: A } as const;
    const meta = (k: string) =>
      ({ method: 'getKeyMetadata', instanceId: 'kms-1', args: [k] }) as const;
    expect(isStaleAfter(notice, meta(A))).toBe(true);
    expect(isStaleAfter(notice, meta('payroll'))).toBe(true);
    expect(isStaleAfter(notice, meta(B))).toBe(false);
  });

  it('instance reads follow the notice instance; permissions in the instance ignore key changes', () => {
    const notice = { topic: 'keys', instanceId: 'kms-1', keyId: A } as const;
    expect(isStaleAfter(notice, { method: 'listKeys', instanceId: 'kms-1', args: [{}] })).toBe(
      true,
    );
    expect(isStaleAfter(notice, { method: 'listKeys', instanceId: 'kms-2', args: [{}] })).toBe(
      false,
    );
    expect(isStaleAfter(notice, { method: 'getPermissions', instanceId: 'kms-1', args: [] })).toBe(
      false,
    );
    expect(isStaleAfter(notice, { method: 'getPermissions', instanceId: 'kms-1', args: [A] })).toBe(
      true,
    );
  });

  it('an events notice reaches the events page and that key history only', () => {
    const notice = { topic: 'events', instanceId: 'kms-1', keyId: A } as const;
    const events = (q: object) =>
      ({ method: 'listEvents', instanceId: 'kms-1', args: [q] }) as const;
    expect(isStaleAfter(notice, events({}))).toBe(true);
    expect(isStaleAfter(notice, events({ target: A }))).toBe(true);
    expect(isStaleAfter(notice, events({ target: B }))).toBe(false);
    expect(isStaleAfter(notice, { method: 'listKeys', instanceId: 'kms-1', args: [{}] })).toBe(
      false,
    );
  });

  it('a wrap or refusal (events) refreshes the dashboard, not the notifications', () => {
    const notice = { topic: 'events', instanceId: 'kms-1', keyId: A } as const;
    const read = (method: 'getDashboard' | 'getNotifications') =>
      ({ method, instanceId: 'kms-1', args: [] }) as const;
    expect(isStaleAfter(notice, read('getDashboard'))).toBe(true);
    expect(isStaleAfter(notice, read('getNotifications'))).toBe(false);
    // What notifications follow still reaches them.
    for (const topic of ['keys', 'clock', 'account'] as const)
      expect([topic, isStaleAfter({ topic }, read('getNotifications'))]).toEqual([topic, true]);
    expect(isStaleAfter({ topic: 'access', subject: 'policies' }, read('getNotifications'))).toBe(
      true,
    );
  });

  it('an access notice without a subject stands for every kind of directory change', () => {
    expect(noticeKinds({ topic: 'access' })).toHaveLength(5);
    expect(noticeKinds({ topic: 'access', subject: 'users' })).toEqual(['users']);
  });

  it('every change makes the audit trail stale, and nothing makes the chain verification stale', () => {
    for (const row of Object.values(STALE_READS)) {
      expect(row.listEvents).toBe('keyOrUnnamed');
      expect(row.verifyEvents).toBeUndefined();
    }
    // Every read but the verification is refreshed by some notice.
    const reached = new Set(Object.values(STALE_READS).flatMap((row) => Object.keys(row)));
    expect(READ_METHODS.filter((m) => !reached.has(m))).toEqual(['verifyEvents']);
  });

  it('finds the keys a read names', () => {
    expect(keysNamed({ method: 'getKeyPermissions', args: [[A, B]] })).toEqual([A, B]);
    expect(
      keysNamed({ method: 'checkAccess', args: [{ userId: 'u', instanceId: 'i', keyId: A }] }),
    ).toEqual([A]);
    expect(keysNamed({ method: 'listKeys', args: [{ search: A }] })).toEqual([]);
  });
});
