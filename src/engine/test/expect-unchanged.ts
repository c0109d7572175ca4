/**
 * All-or-nothing check for engine unit tests: after a refused call every store is as it was,
 * except that the audit trail gained exactly the call's failure event (and its head moved on).
 */
import { expect } from 'vitest';
import type { ErrorCode } from '../../domain/errors';
import type { AuditEvent } from '../../domain/types';
import type { Engine } from '../engine';
import type { Harness } from './harness';
import { snapshot, type StoreName } from './raw-db';

export type Snapshot = Awaited<ReturnType<typeof snapshot>>;

export async function expectUnchanged(
  h: Harness,
  engine: Engine,
  before: Snapshot,
  code: ErrorCode,
): Promise<void> {
  await engine.flushEvents();
  const after = await snapshot(h);
  for (const name of Object.keys(before) as StoreName[]) {
    if (name === 'events' || name === 'meta') continue;
    expect([name, after[name]]).toEqual([name, before[name]]);
  }
  const withoutHead = (snap: Snapshot) =>
    snap.meta.keys.map((k, i) => [k, snap.meta.values[i]]).filter(([k]) => k !== 'auditHead');
  expect(withoutHead(after)).toEqual(withoutHead(before));
  const was = before.events.values as AuditEvent[];
  const now = after.events.values as AuditEvent[];
  expect(now.slice(0, was.length)).toEqual(was);
  expect(now.length).toBe(was.length + 1);
  expect(now.at(-1)).toMatchObject({ outcome: 'failure', reason: { code } });
}
