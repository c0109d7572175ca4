/**
 * The engine's boundary: every API method's arguments are checked once, against the shape
 * declared in ./api-schema.ts, before the method runs. A call that does not fit is refused with
 * `400 INVALID_FIELD_ERR` naming the field and recorded as one failure event (under the method's
 * audit action, with the caller's context cut to bounded strings), and nothing else happens.
 */
import type * as z from 'zod';
import { API_METHODS, type CallContext } from '../../domain/api';
import { EngineError, engineError, invalidField } from '../../domain/errors';
import { Operation, type EngineContext } from '../operation';
import { API_SHAPES, BOUNDS, type MethodShape } from './api-schema';

type Method = (...args: unknown[]) => Promise<unknown>;

/** Replaces each API method of `target` by one that checks its arguments first. */
export function guardApi(target: object, env: EngineContext): void {
  const methods = target as Record<string, Method>;
  const shapes = API_SHAPES as Partial<Record<string, MethodShape>>;
  for (const name of API_METHODS) {
    const original = methods[name];
    if (typeof original !== 'function') continue;
    const shape = shapes[name];
    Object.defineProperty(target, name, {
      configurable: true,
      writable: true,
      enumerable: false,
      value: async (...args: unknown[]) => {
        if (!shape)
          throw engineError(
            'INTERNAL_ERR',
            `Internal error: ${name} has no declared argument shape; add it to API_SHAPES in src/engine/boundary/api-schema.ts`,
          );
        const result = shape.args.safeParse(args, { error: describe });
        if (!result.success) {
          const error = refusal(shape, args, result.error.issues);
          await recordRefusal(env, shape.action, args[0], error);
          throw error;
        }
        return original.apply(target, args);
      },
    });
  }
}

/** The first problem, as `400 INVALID_FIELD_ERR` naming the field. */
export function refusal(
  shape: MethodShape,
  args: readonly unknown[],
  issues: readonly z.core.$ZodIssue[],
): EngineError {
  const issue = issues[0];
  if (!issue) return invalidField('arguments', 'do not match this method');
  const [index, ...rest] = issue.path;
  if (index === undefined) {
    // The argument list itself: too few or too many.
    if (issue.code === 'too_small') {
      const missing = shape.params[args.length] ?? 'arguments';
      return invalidField(missing, 'is required');
    }
    return invalidField('arguments', `give at most ${shape.params.length} arguments`);
  }
  const param = shape.params[Number(index)] ?? `argument ${String(index)}`;
  const base = rest.length === 0 ? param : fieldPath(rest);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
    return invalidField(
      rest.length === 0 ? shown : `${base}.${shown}`,
      'is not a field of this request',
    );
  }
  return invalidField(base, issue.message);
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/** The message of each kind of problem, unless the schema gives its own. */
function describe(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      if (issue.expected === 'boolean') return 'must be true or false';
      return `must be ${article(issue.expected)}`;
    case 'too_big':
      if (issue.origin === 'string') return `use at most ${String(issue.maximum)} characters`;
      if (issue.origin === 'array') return `give at most ${String(issue.maximum)} items`;
      return `must be at most ${String(issue.maximum)}`;
    case 'too_small':
      if (issue.origin === 'string') return 'is required';
      return `must be at least ${String(issue.minimum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return 'has the wrong shape';
    default:
      return 'is not valid';
  }
}

function article(expected: string): string {
  if (expected === 'int') return 'a whole number';
  if (expected === 'array') return 'a list';
  if (expected === 'object') return 'an object';
  if (expected === 'string') return 'text';
  return `a ${expected}`;
}

/** A call context safe to record: each field a bounded string, or "(invalid)". */
function recordableContext(raw: unknown): CallContext {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const field = (name: string): string | undefined => {
    const value = r[name];
    if (value === undefined) return undefined;
    return typeof value === 'string' && value.length > 0 && value.length <= BOUNDS.id
      ? value
      : '(invalid)';
  };
  const correlationId = field('correlationId');
  return {
    userId: field('userId') ?? '(invalid)',
    instanceId: field('instanceId') ?? '(invalid)',
    ...(correlationId && correlationId !== '(invalid)' ? { correlationId } : {}),
  };
}

async function recordRefusal(
  env: EngineContext,
  action: string,
  rawCtx: unknown,
  error: EngineError,
): Promise<void> {
  const op = new Operation(env, recordableContext(rawCtx), action);
  // Name the caller where the id is a known user; an unknown one stays "unknown user".
  await op.signIn().catch(() => undefined);
  // Answered once recorded (SPEC 14); storage full still answers with the refusal itself.
  await env.audit.queueDurable(op.event('failure', error), true).catch(() => undefined);
}
