/**
 * Asserting engine refusals exactly: the promise must reject with an `EngineError` of this status
 * and code. Returns the error for further checks (message, reasons).
 */
import { expect } from 'vitest';
import type { ErrorCode } from '../../domain/errors';
import { EngineError } from '../../domain/errors';

export async function expectError(
  promise: Promise<unknown>,
  status: number,
  code: ErrorCode,
): Promise<EngineError> {
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await promise };
  } catch (error) {
    outcome = { ok: false, error };
  }
  if (outcome.ok)
    throw new Error(
      `expected ${status} ${code}, but the call succeeded: ${JSON.stringify(outcome.value)}`,
    );
  expect(outcome.error).toBeInstanceOf(EngineError);
  const error = outcome.error as EngineError;
  expect({ status: error.status, code: error.code, message: error.message }).toMatchObject({
    status,
    code,
  });
  return error;
}
