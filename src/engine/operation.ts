/**
 * One engine call from start to end: who is acting, what it aims at, the transaction that commits
 * its change together with its audit event, and the event of its outcome. Every public engine
 * method runs inside `perform`, so no call, allowed or denied, goes unaudited.
 */
import type { CallContext } from '../domain/api';
import { EngineError, engineError, invalidField } from '../domain/errors';
import { announcesEvent, type ChangeNotice } from '../domain/notices';
import type { Role } from '../domain/roles';
import type { AccessPolicy, AuditEventItem, User } from '../domain/types';
import type { AuditLog, PendingEvent } from './audit/audit-log';
import type { EventAnnouncer } from './audit/event-notices';
import type { Clock } from './clock';
import { randomUUID } from './crypto/random';
import { isAdministrator, serviceRolesAt, type AccessTarget } from './iam/access';
import type { Directory } from './iam/directory';
import type { Store } from './store/database';
import type { StoreTx } from './store/store-tx';
import type { StorageReserve } from './store/storage-reserve';

export interface EngineContext {
  store: Store;
  clock: Clock;
  audit: AuditLog;
  directory: Directory;
  /** Tells this tab's caches and every other tab what a committed change touched. */
  notify(notice: ChangeNotice): void;
  /** Tells them that a call recorded an event without committing a change (see event-notices). */
  events: EventAnnouncer;
  /** Keeps the last free space for what frees space (SPEC 14; store/storage-reserve.ts). */
  reserve: StorageReserve;
}

/**
 * Calls that free space: they may use the reserve. Every other change is refused once only the
 * reserve is free.
 */
const FREEING_ACTIONS: ReadonlySet<string> = new Set([
  'kms.secrets.delete',
  'kms.secrets.purge',
  'kms.secrets-alias.delete',
  'kms.key-rings.delete',
  'kms.secrets.unsetkeyfordeletion',
  'cloud-object-storage.object.delete',
  'cloud-object-storage.bucket.delete',
  'cloud-object-storage.object-multipart.abort',
  'iam.user.delete',
  'iam.policy.delete',
  'iam.authorization.delete',
  'iam.instance.delete',
]);

export class Operation {
  readonly now: number;
  readonly correlationId: string;
  private actor: { user: User; policies: AccessPolicy[] } | undefined;
  private target: PendingEvent['target'];
  private accessTarget: AccessTarget | undefined;
  private committed = false;
  private items: AuditEventItem[] | undefined;
  private itemRefusal: EngineError | undefined;

  constructor(
    private readonly env: EngineContext,
    readonly ctx: CallContext,
    readonly action: string,
  ) {
    this.now = env.clock.now();
    this.correlationId = ctx.correlationId ?? randomUUID();
    this.target = { crn: '', instanceId: ctx.instanceId };
  }

  /** Resolves the acting user and their policies; unknown users are refused. */
  async signIn(): Promise<{ user: User; policies: AccessPolicy[] }> {
    this.actor ??= await this.env.directory.user(this.ctx.userId);
    return this.actor;
  }

  /** Names what the call acts on, for its audit event. */
  aim(crn: string, access: AccessTarget): void {
    this.target = {
      crn,
      instanceId: access.instanceId,
      ...(access.keyId ? { keyId: access.keyId } : {}),
    };
    this.accessTarget = access;
  }

  /**
   * Runs `fn` in one read-write transaction and appends this call's success event in the same
   * transaction: both are kept or neither is. `notice` null: nothing a console reads changed (a
   * staged upload chunk), so none is sent; the event is written all the same.
   */
  async commit<R>(
    fn: (tx: StoreTx) => Promise<R>,
    notice: ChangeNotice | ((result: R) => ChangeNotice) | null,
  ): Promise<R> {
    let restoreQueue: (() => void) | undefined;
    let result: R;
    const freeing = FREEING_ACTIONS.has(this.action);
    if (!freeing) await this.env.reserve.requireRoom();
    try {
      result = await this.env.store.write(async (tx) => {
        const value = await fn(tx);
        restoreQueue = await this.env.audit.appendInTransaction(tx, [this.event('success')]);
        return value;
      });
    } catch (error) {
      // The transaction did not commit: the queued events it took go back in the queue.
      restoreQueue?.();
      throw error;
    }
    this.committed = true;
    if (freeing) this.env.reserve.forget();
    if (notice) this.env.notify(typeof notice === 'function' ? notice(result) : notice);
    return result;
  }

  /**
   * A batch call's items for its one event. Where some were refused, the event's outcome is
   * failure, with `refusal` (the first refused item's error, counted) as its reason.
   */
  itemize(items: AuditEventItem[], refusal?: EngineError): void {
    this.items = items;
    this.itemRefusal = refusal;
  }

  get hasCommitted(): boolean {
    return this.committed;
  }

  /** What the call's event names: its instance and key, for an `events` notice. */
  get eventTarget(): { instanceId?: string; keyId?: string } {
    return this.target;
  }

  event(outcome: 'success' | 'failure', error?: EngineError): PendingEvent {
    const roles: Role[] = [];
    if (this.actor) {
      if (isAdministrator(this.actor.policies)) roles.push('Administrator');
      if (this.accessTarget) roles.push(...serviceRolesAt(this.actor.policies, this.accessTarget));
    }
    const event: PendingEvent = {
      id: randomUUID(),
      time: new Date(this.now).toISOString(),
      action: this.action,
      initiator: {
        id: this.ctx.userId,
        name: this.actor?.user.name ?? 'unknown user',
        roles,
      },
      target: this.target,
      outcome,
      correlationId: this.correlationId,
    };
    if (this.items) event.items = this.items;
    const refusal = error ?? this.itemRefusal;
    if (refusal) event.outcome = 'failure';
    if (refusal)
      event.reason = { status: refusal.status, code: refusal.code, message: refusal.message };
    return event;
  }
}

export function toEngineError(error: unknown): EngineError {
  if (error instanceof EngineError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return engineError('INTERNAL_ERR', `Internal error: ${message}`);
}

const MAX_CONTEXT_FIELD = 200;

/**
 * A call context that is safe to record: every field a bounded string. Anything else (a number, an
 * object, a huge string) is replaced, and the problem returned so the call can be refused.
 */
function safeContext(ctx: unknown): { ctx: CallContext; problem?: string } {
  const raw = (typeof ctx === 'object' && ctx !== null ? ctx : {}) as Record<string, unknown>;
  const field = (name: string, optional: boolean): [string | undefined, string | undefined] => {
    const value = raw[name];
    if (value === undefined && optional) return [undefined, undefined];
    if (typeof value === 'string' && value.length > 0 && value.length <= MAX_CONTEXT_FIELD)
      return [value, undefined];
    return ['(invalid)', `${name} must be a text of 1–${MAX_CONTEXT_FIELD} characters`];
  };
  const [userId = '', userProblem] = field('userId', false);
  const [instanceId = '', instanceProblem] = field('instanceId', false);
  const [correlationId, correlationProblem] = field('correlationId', true);
  const safe: CallContext = { userId, instanceId, ...(correlationId ? { correlationId } : {}) };
  const problem = userProblem ?? instanceProblem ?? correlationProblem;
  return problem ? { ctx: safe, problem } : { ctx: safe };
}

/** Runs one engine call: the body, then its audit event (success or failure). */
export async function perform<T>(
  env: EngineContext,
  ctx: CallContext,
  action: string,
  body: (op: Operation) => Promise<T>,
): Promise<T> {
  const { ctx: checked, problem } = safeContext(ctx);
  const op = new Operation(env, checked, action);
  let result: T;
  try {
    if (problem) throw invalidField('context', problem);
    result = await body(op);
  } catch (error) {
    const engineError = toEngineError(error);
    // The refusal is answered once its event is written; if even that cannot be (storage
    // full), the caller still hears the refusal itself.
    const recorded = env.audit.queueDurable(op.event('failure', engineError), true);
    // A refusal commits nothing, so no other notice tells consoles about its event.
    if (announcesEvent(action, 'failure')) env.events.announce(op.eventTarget);
    await recorded.catch(() => undefined);
    throw engineError;
  }
  if (!op.hasCommitted) {
    // SPEC 14: a call is answered only once its event is durable. One exception, also SPEC 14:
    // with storage full, reads still answer (the console must list what to free even when the
    // log cannot grow); their events stay queued and are written once space is freed.
    const recorded = env.audit.queueDurable(op.event('success'), true);
    if (announcesEvent(action, 'success')) env.events.announce(op.eventTarget);
    try {
      await recorded;
    } catch (error) {
      const engineError = toEngineError(error);
      if (engineError.code !== 'STORAGE_FULL_ERR') throw engineError;
    }
  }
  return result;
}
