/**
 * Asserting "a failed operation changes nothing": every store but the events is as it was, and
 * the events gained exactly the call's failure event (with its code), the chain still whole.
 */
import { expect } from 'vitest';
import type { ErrorCode } from '../../domain/errors';
import type { AuditEvent } from '../../domain/types';
import type { Engine } from '../engine';
import type { Harness } from './harness';
import { snapshot, type StoreName } from './raw-db';

export type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/** `engine`: the tab that made the call, when it is not the harness's own engine. */
export async function expectUnchanged(
  h: Harness,
  before: Snapshot,
  code: ErrorCode,
  engine: Engine = h.engine,
): Promise<void> {
  await engine.flushEvents();
  const after = await snapshot(h);
  for (const name of Object.keys(before) as StoreName[]) {
    if (name === 'events' || name === 'meta') continue;
    expect([name, after[name]]).toEqual([name, before[name]]);
  }
  // meta changes only where the audit chain's head moved on by the one failure event.
  const withoutHead = (snap: Snapshot) =>
    snap.meta.keys.map((k, i) => [k, snap.meta.values[i]]).filter(([k]) => k !== 'auditHead');
  expect(withoutHead(after)).toEqual(withoutHead(before));
  const was = before.events.values as AuditEvent[];
  const now = after.events.values as AuditEvent[];
  expect(now.slice(0, was.length)).toEqual(was);
  expect(now.length).toBe(was.length + 1);
  expect(now.at(-1)).toMatchObject({ outcome: 'failure', reason: { code } });
  expect((await engine.verifyEvents(h.as('reader'))).ok).toBe(true);
  await engine.flushEvents();
}
