/**
 * Per-request context of the Key Protect routes: the acting user (from the bearer token), the
 * instance (`Bluemix-Instance`), the correlation id (`Correlation-Id`, echoed back), the key ring
 * header, `Prefer`, and query parameters parsed strictly.
 */
import type { Context } from 'hono';
import type { CallContext } from '../../domain/api';
import { HttpError } from './kp-body';

export interface ServerEnv {
  Variables: { userId: string };
}

export type KpContext = Context<ServerEnv>;

const MAX_HEADER = 200;

export function callContext(c: KpContext): CallContext {
  const instanceId = c.req.header('bluemix-instance');
  if (!instanceId)
    throw new HttpError('INVALID_HEADER_ERR', 'The Bluemix-Instance header is required');
  if (instanceId.length > MAX_HEADER)
    throw new HttpError('INVALID_HEADER_ERR', 'The Bluemix-Instance header is too long');
  const correlationId = c.req.header('correlation-id');
  if (
    correlationId !== undefined &&
    (correlationId.length === 0 || correlationId.length > MAX_HEADER)
  )
    throw new HttpError('INVALID_HEADER_ERR', 'The Correlation-Id header must be 1–200 characters');
  if (correlationId) c.header('Correlation-Id', correlationId);
  return { userId: c.get('userId'), instanceId, ...(correlationId ? { correlationId } : {}) };
}

export function keyRingHeader(c: KpContext): string | undefined {
  return c.req.header('x-kms-key-ring') || undefined;
}

/** `Prefer: return=representation` asks for the resource in the answer. */
export function wantsRepresentation(c: KpContext): boolean {
  return /return=representation/i.test(c.req.header('prefer') ?? '');
}

export function intQuery(c: KpContext, name: string): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,9}$/.test(raw))
    throw new HttpError('INVALID_QUERY_PARAM_ERR', `${name} must be a whole number (got "${raw}")`);
  return Number(raw);
}

export function boolQuery(c: KpContext, name: string): boolean | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  if (raw !== 'true' && raw !== 'false')
    throw new HttpError('INVALID_QUERY_PARAM_ERR', `${name} must be true or false (got "${raw}")`);
  return raw === 'true';
}

export function stringQuery(c: KpContext, name: string, max = 500): string | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  if (raw.length > max)
    throw new HttpError('INVALID_QUERY_PARAM_ERR', `${name} is longer than ${max} characters`);
  return raw;
}

export function pageQuery(c: KpContext): { offset?: number; limit?: number } {
  const offset = intQuery(c, 'offset');
  const limit = intQuery(c, 'limit');
  return { ...(offset !== undefined ? { offset } : {}), ...(limit !== undefined ? { limit } : {}) };
}
