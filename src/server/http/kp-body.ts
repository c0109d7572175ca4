/**
 * Key Protect's wire shapes: the collection envelope (`metadata` + `resources`), its error body,
 * and the server's own refusals (bad body, headers, routes, tokens) in the same shape. Engine
 * errors keep their code and status; the server adds codes only for what happens before the
 * engine is reached.
 */
import type { Context } from 'hono';
import { EngineError } from '../../domain/errors';

export const KP_DOCS = 'https://cloud.ibm.com/apidocs/key-protect';

export const COLLECTION = {
  key: 'application/vnd.ibm.kms.key+json',
  keyVersion: 'application/vnd.ibm.kms.key_version+json',
  keyRing: 'application/vnd.ibm.kms.key_ring+json',
  alias: 'application/vnd.ibm.kms.alias+json',
  policy: 'application/vnd.ibm.kms.policy+json',
  registration: 'application/vnd.ibm.kms.registration+json',
  error: 'application/vnd.ibm.kms.error+json',
} as const;

export function envelope(collectionType: string, resources: unknown[], extra: object = {}) {
  return {
    metadata: { collectionType, collectionTotal: resources.length, ...extra },
    resources,
  };
}

/** Refusals raised by the HTTP layer, before any engine call (so nothing is changed). */
export const SERVER_ERROR_STATUS = {
  BAD_BODY_ERR: 400,
  UNSUPPORTED_MEDIA_TYPE_ERR: 415,
  BODY_TOO_LARGE_ERR: 413,
  INVALID_HEADER_ERR: 400,
  INVALID_QUERY_PARAM_ERR: 400,
  NOT_FOUND_ERR: 404,
  METHOD_NOT_ALLOWED_ERR: 405,
  UNAUTHORIZED_ERR: 401,
  BAD_GRANT_ERR: 400,
  // Key Protect's instance policy envelope checks (its error reference, 1, 2 and 15).
  COLLECTION_TOTAL_MISMATCH_ERR: 400,
  BODY_QUERY_PARAM_MISMATCH_ERR: 400,
  NUM_COLLECTION_RESOURCE_ERR: 400,
} as const;

export type ServerErrorCode = keyof typeof SERVER_ERROR_STATUS;

export class HttpError extends Error {
  readonly status: number;
  constructor(
    readonly code: ServerErrorCode,
    message: string,
  ) {
    super(message);
    this.status = SERVER_ERROR_STATUS[code];
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  507: 'Insufficient Storage',
};

/** Key Protect's error body for any error: engine, HTTP layer or unexpected (500, no details). */
export function kpErrorResponse(error: unknown): { status: number; body: object } {
  let status = 500;
  let code = 'INTERNAL_ERR';
  let message = 'Internal error';
  let reasons: string[] | undefined;
  if (error instanceof EngineError) {
    ({ status, code, message } = error);
    reasons = error.reasons;
  } else if (error instanceof HttpError) {
    ({ status, code, message } = error);
  }
  const title = STATUS_TEXT[status] ?? 'Error';
  return {
    status,
    body: envelope(COLLECTION.error, [
      {
        errorMsg: `${title}: ${message}`,
        reasons: [
          {
            code,
            message,
            status,
            moreInfo: KP_DOCS,
            ...(reasons ? { target: { type: 'field', name: reasons.join(', ') } } : {}),
          },
        ],
      },
    ]),
  };
}

export function sendError(c: Context, error: unknown): Response {
  const { status, body } = kpErrorResponse(error);
  if (status === 500 && !(error instanceof EngineError))
    console.error('keyward server: unexpected error', error);
  return c.json(body, status as 400);
}

const JSON_TYPE = /^application\/(json|vnd\.ibm\.kms\.[a-z_]+\+json)\s*(;.*)?$/i;

/**
 * The request's JSON body: `undefined` when there is none, the parsed value otherwise. A body
 * that is not JSON, or is sent under another content type, is refused.
 */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return undefined;
  const type = c.req.header('content-type') ?? '';
  if (!JSON_TYPE.test(type))
    throw new HttpError(
      'UNSUPPORTED_MEDIA_TYPE_ERR',
      `The request body must be sent as application/json (or a Key Protect vnd type), not "${type || 'none'}"`,
    );
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError('BAD_BODY_ERR', 'The request body is not valid JSON');
  }
}

/** The first resource of a Key Protect request envelope, or the body itself when not wrapped. */
export function firstResource(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new HttpError('BAD_BODY_ERR', 'The request body must be a JSON object');
  const resources = (body as { resources?: unknown }).resources;
  if (resources === undefined) return body as Record<string, unknown>;
  if (!Array.isArray(resources) || resources.length !== 1)
    throw new HttpError('BAD_BODY_ERR', 'resources must be a list of exactly one item');
  const first: unknown = resources[0];
  if (typeof first !== 'object' || first === null || Array.isArray(first))
    throw new HttpError('BAD_BODY_ERR', 'resources[0] must be a JSON object');
  return first as Record<string, unknown>;
}

/** Drops Key Protect's `type` member from a request resource (the engine does not take it). */
export function withoutType(resource: Record<string, unknown>): Record<string, unknown> {
  const { type: _type, ...rest } = resource;
  return rest;
}
