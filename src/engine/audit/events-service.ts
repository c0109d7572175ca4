/**
 * The events area of the API (SPEC section 12): the audit history as the acting user may read
 * it, its verification, and signed digests of its head. Readable by anyone with a role in the
 * instance, and by Administrators.
 */
import type { CallContext, EventList, ListEventsQuery } from '../../domain/api';
import { auditPermission } from '../../domain/audit-access';
import { denied, invalidField } from '../../domain/errors';
import type { AccessPolicy, AuditEvent, ChainVerification, EventsDigest } from '../../domain/types';
import { checkPage } from '../../domain/validation';
import type { KeyCache } from '../kms/key-cache';
import { perform, type EngineContext, type Operation } from '../operation';
import { GENESIS_HASH } from './audit-log';
import { signDigest } from './digest';
import { eventVisibleTo, keyNamesOf } from './event-scope';

export class EventsService {
  constructor(
    private readonly env: EngineContext,
    private readonly cache: KeyCache,
  ) {}

  listEvents(ctx: CallContext, query: ListEventsQuery = {}): Promise<EventList> {
    return perform(this.env, ctx, 'keyward.events.list', async (op) => {
      const { policies } = await this.requireAuditor(op);
      const { offset, limit } = checkPage(query.offset, query.limit);
      for (const field of ['from', 'to'] as const) {
        const value = query[field];
        if (value !== undefined && Number.isNaN(Date.parse(value)))
          throw invalidField(field, 'must be an ISO 8601 date such as 2030-01-31T00:00:00Z');
      }
      // Events another service recorded about this instance's keys (object storage acknowledging
      // a key's notification, rewrapping under it) belong to the keys' history too.
      const keys = await this.cache.allKeys(ctx.instanceId);
      const ringOfKey = new Map(keys.map((k) => [k.id, k.keyRingID]));
      const inInstance = (e: AuditEvent) =>
        !e.target.instanceId ||
        e.target.instanceId === ctx.instanceId ||
        (e.target.keyId !== undefined && ringOfKey.has(e.target.keyId));
      // SPEC 12: only the events of what this user may read.
      const mayRead = eventVisibleTo(policies, ctx.instanceId, ringOfKey);
      const list = await this.env.audit.list(
        { ...query, offset, limit },
        (e) => inInstance(e) && mayRead(e),
      );
      return { ...list, keyNames: keyNamesOf(list.events, keys) };
    });
  }

  verifyEvents(ctx: CallContext, digests?: EventsDigest[]): Promise<ChainVerification> {
    return perform(this.env, ctx, 'keyward.events.verify', async (op) => {
      await this.requireAuditor(op);
      return this.env.audit.verify(digests);
    });
  }

  getEventsDigest(ctx: CallContext): Promise<EventsDigest> {
    return perform(this.env, ctx, 'keyward.events.digest', async (op) => {
      await this.requireAuditor(op);
      await this.env.audit.flush();
      const head = (await this.env.store.read((tx) => tx.getMeta('auditHead'))) ?? {
        seq: 0,
        hash: GENESIS_HASH,
      };
      const account = (await this.env.directory.get()).account;
      return signDigest(this.env.store, account.id, head, new Date(op.now).toISOString());
    });
  }

  /** Events are readable by anyone with a role in the instance, and by Administrators. */
  private async requireAuditor(op: Operation): Promise<{ policies: AccessPolicy[] }> {
    const { user, policies } = await op.signIn();
    const instance = await this.env.directory.kmsInstance(op.ctx.instanceId);
    op.aim(instance.crn, { instanceId: instance.id });
    const permission = auditPermission(user, policies, instance.id);
    if (!permission.allowed) throw denied(permission.reason ?? 'Not allowed.');
    return { policies };
  }
}
