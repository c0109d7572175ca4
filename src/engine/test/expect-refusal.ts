/**
 * One refusal, asserted whole: the call fails with this status and code, and storage is as it
 * was but for the call's one failure event (`expectUnchanged`). For the conformance tests.
 */
import type { EngineError, ErrorCode } from '../../domain/errors';
import { expectError } from './expect-error';
import { expectUnchanged } from './expect-unchanged';
import type { Harness } from './harness';
import { snapshot } from './raw-db';

export async function expectRefusal(
  h: Harness,
  call: () => Promise<unknown>,
  status: number,
  code: ErrorCode,
): Promise<EngineError> {
  await h.engine.flushEvents();
  const before = await snapshot(h);
  const error = await expectError(call(), status, code);
  await expectUnchanged(h, before, code);
  return error;
}
