/**
 * The insights API (issue 11): `getDashboard`, `getKeyUsage`, `getNotifications`, each one audited
 * engine call that gathers its inputs (key records from the key cache, the event digest, usage
 * records, buckets, the directory) and hands them to the pure modules beside it. Also gives
 * `listKeys` its additional filters.
 */
import type { CallContext } from '../../domain/api';
import { invalidField } from '../../domain/errors';
import type { Dashboard, DashboardRange, KeyUsage, NotificationList } from '../../domain/insights';
import { NOTIFICATIONS_LIMIT, NOTIFICATIONS_LIMIT_MAX } from '../../domain/insights';
import { DEFAULT_INSTANCE_POLICIES } from '../../domain/types';
import { allows, allowsAnywhereIn, denial } from '../iam/access';
import { accessTargetOf } from '../kms/key-view';
import type { KeyCache } from '../kms/key-cache';
import type { KeyService } from '../kms/keys';
import { perform, type EngineContext } from '../operation';
import { computeDashboard } from './dashboard';
import { EventDigest } from './event-digest';
import { extraKeyFilter, usesExtraFilters, type FilterUsage } from './key-filters';
import { KeyUsageTracker } from './key-usage';
import { notificationsFor } from './notifications';

const RANGES: readonly DashboardRange[] = ['24h', '7d', '30d'];

export class InsightsService {
  readonly usage: KeyUsageTracker;
  private readonly digest: EventDigest;

  constructor(
    private readonly env: EngineContext,
    private readonly cache: KeyCache,
    private readonly keys: KeyService,
  ) {
    this.usage = new KeyUsageTracker(env);
    this.digest = new EventDigest(env.store);
    keys.listFilter = async (query, now, instanceId) => {
      const uses = usesExtraFilters(query);
      if (!uses.any) return () => true;
      return extraKeyFilter(
        query,
        now,
        uses.usage ? await this.filterUsage(instanceId) : undefined,
      );
    };
  }

  start(): Promise<void> {
    return this.usage.start();
  }

  /** The account was replaced (issue 12): forget what was read of the old one, start again. */
  async restart(): Promise<void> {
    this.usage.invalidate();
    this.digest.reset();
    await this.usage.start();
  }

  private async filterUsage(instanceId: string): Promise<FilterUsage> {
    return { records: await this.usage.ofInstance(instanceId), trackingSince: this.usage.since };
  }

  getDashboard(ctx: CallContext, options: { range?: DashboardRange } = {}): Promise<Dashboard> {
    return perform(this.env, ctx, 'keyward.dashboard.read', async (op) => {
      const { user, policies } = await op.signIn();
      const instance = await this.env.directory.kmsInstance(ctx.instanceId);
      op.aim(instance.crn, { instanceId: instance.id });
      // As the keys list: whoever may read some key or ring here sees the dashboard of what they
      // may read (a ring- or key-scoped user, those keys and their events).
      if (!allowsAnywhereIn(policies, instance.id, 'read'))
        throw denial(user, 'read', { instanceId: instance.id });
      if (typeof options !== 'object' || options === null)
        throw invalidField('options', 'give an object with an optional range');
      const range = options.range ?? '7d';
      if (!RANGES.includes(range)) throw invalidField('range', 'use 24h, 7d or 30d');
      // Events queued by this tab count too.
      await this.env.audit.flush();
      const [all, usage, snapshot, instanceRecord, buckets] = await Promise.all([
        this.cache.allKeys(instance.id),
        this.filterUsage(instance.id),
        this.env.directory.get(),
        this.env.store.read((tx) => tx.getInstanceRecord(instance.id)),
        this.bucketsOfKeys(),
        this.digest.refresh(),
      ]);
      const wholeInstance = allows(policies, { instanceId: instance.id }, 'read');
      const keys = wholeInstance
        ? all
        : all.filter((k) => allows(policies, accessTargetOf(k), 'read'));
      return computeDashboard({
        instanceId: instance.id,
        now: op.now,
        range,
        keys,
        wholeInstance,
        hourly: this.digest.hourly({
          policies,
          instanceId: instance.id,
          keys: all,
          keyOf: (id) => this.cache.peek(id),
        }),
        usage,
        buckets,
        dualAuthDefault: (instanceRecord?.policies ?? DEFAULT_INSTANCE_POLICIES).dualAuthDelete
          .enabled,
        users: [...snapshot.users.values()],
        policiesOf: (id) => snapshot.policiesByUser.get(id) ?? [],
      });
    });
  }

  getKeyUsage(ctx: CallContext, idOrAlias: string): Promise<KeyUsage> {
    return perform(this.env, ctx, 'keyward.key-usage.read', async (op) => {
      const { key } = await this.keys.resolve(op, idOrAlias, 'read');
      await this.env.audit.flush();
      return this.usage.ofKey(key.id, key.creationDate);
    });
  }

  getNotifications(ctx: CallContext, options: { limit?: number } = {}): Promise<NotificationList> {
    return perform(this.env, ctx, 'keyward.notifications.list', async (op) => {
      const { user, policies } = await op.signIn();
      const instance = await this.env.directory.kmsInstance(ctx.instanceId);
      op.aim(instance.crn, { instanceId: instance.id });
      if (!policies.some((p) => p.scope.instanceId === instance.id))
        throw denial(user, 'read', { instanceId: instance.id });
      if (typeof options !== 'object' || options === null)
        throw invalidField('options', 'give an object with an optional limit');
      const limit = options.limit ?? NOTIFICATIONS_LIMIT;
      if (!Number.isInteger(limit) || limit < 1 || limit > NOTIFICATIONS_LIMIT_MAX)
        throw invalidField('limit', `must be a whole number, 1–${NOTIFICATIONS_LIMIT_MAX}`);
      await this.env.audit.flush();
      // Only the keys that may notify (an index the key cache keeps), not all 100,000 (issue 16).
      const [keys] = await Promise.all([
        this.cache.notableKeys(instance.id),
        this.digest.refresh(),
      ]);
      return notificationsFor({
        userId: user.id,
        policies,
        keys,
        keyOf: (id) => {
          const key = this.cache.peek(id);
          return key?.instanceId === instance.id ? key : undefined;
        },
        ackFailures: this.digest.failedAcknowledgements(instance.id),
        now: op.now,
        limit,
      });
    });
  }

  /** Every customer-managed bucket (any storage instance); the dashboard keeps this instance's. */
  private async bucketsOfKeys() {
    return this.env.store.read(async (tx) => {
      const instances = await tx.listInstances();
      const all = await Promise.all(
        instances.filter((i) => i.kind === 'cos').map((i) => tx.bucketsOfInstance(i.id)),
      );
      return all.flat();
    });
  }
}
