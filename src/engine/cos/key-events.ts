/**
 * The storage side of key lifecycle notifications (SPEC section 10): acknowledges every
 * notification about a bucket's key (audited on the bucket as
 * `kms.secrets-event.ack`), forgets imported DEKs when the key
 * changes, and on rotation rewraps the bucket's DEKs to the new key version in the background.
 * The rewrap's progress is persisted per bucket (`rewrapJobs`), so a job cut short by a reload
 * resumes when an engine opens; a job stopped by the key's state (disabled midway) resumes when
 * the key is enabled or restored. A job is claimed by one engine (tab) at a time (a claim record
 * on the job, renewed at each step; Web Locks are not in every runtime the engine runs in), so
 * two tabs never both run it; a claim left by a closed tab lapses and another tab takes over.
 */
import { parseCrn } from '../../domain/crn';
import { EngineError, engineError } from '../../domain/errors';
import { dekAad } from '../../domain/object-format';
import type { ServiceInstance } from '../../domain/types';
import type { PendingEvent } from '../audit/audit-log';
import { randomUUID } from '../crypto/random';
import type {
  Acknowledgement,
  KeyChangeNotification,
  ResourceOwner,
} from '../kms/key-notifications';
import { toEngineError } from '../operation';
import type { Bytes } from '../crypto/aes-gcm';
import type { BucketRecord, ObjectRecord, RewrapJobRecord } from '../store/records';
import type { StoreTx } from '../store/store-tx';
import type { ObjectService } from './objects';
import type { StorageContext } from './storage-context';

export interface RewrapOptions {
  /** Awaited before each step is rewrapped: pacing in the console, control in tests. */
  beforeStep?: () => Promise<void>;
  /** Objects rewrapped a step, in one batch rewrap call (default 100). */
  batchSize?: number;
}

const REWRAP_BATCH = 100;

/** How often rewrap progress is announced to consoles. */
const PROGRESS_NOTICE_MS = 1000;
/** How long a tab's claim on a rewrap job lasts without a step (real time). */
export const REWRAP_CLAIM_MS = 30_000;
/** How often a tab waiting on another tab's claim looks whether that tab is still there. */
const CLAIM_RECHECK_MS = 2_000;

export class StorageKeyEvents implements ResourceOwner {
  private lastProgressNotice = 0;

  readonly service = 'cloud-object-storage';
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;
  private readonly retries = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly storage: StorageContext,
    private readonly objects: ObjectService,
    private readonly options: RewrapOptions = {},
  ) {}

  private get env() {
    return this.storage.env;
  }

  /** This engine's name in job claims. */
  private get id(): string {
    return this.storage.presence.id;
  }

  /**
   * Acknowledges a notification inside kms's delivery transaction (one transaction: the
   * acknowledgement and the rewrap job it starts are written with the delivery, exactly once).
   */
  async onKeyChange(tx: StoreTx, n: KeyChangeNotification): Promise<Acknowledgement> {
    const name = parseCrn(n.resourceCrn)?.resource ?? '';
    const bucket = await tx.getBucket(name);
    if (!bucket || bucket.crn !== n.resourceCrn)
      throw engineError('BUCKET_NOT_FOUND_ERR', `No bucket ${n.resourceCrn}.`);
    this.objects.forgetBucket(bucket.name);
    let start = false;
    const job = await tx.getRewrapJob(bucket.name);
    // A sync asks the service to bring itself up to date: the same as after a rotation.
    if (n.change === 'rotated' || n.change === 'synced') {
      const objects = await tx.objectsOfBucket(bucket.name);
      const total = objects.filter((o) => o.keyVersionId !== n.keyVersionId).length;
      await tx.putRewrapJob({
        bucket: bucket.name,
        keyId: n.keyId,
        targetKeyVersionId: n.keyVersionId,
        state: 'running',
        total,
        done: 0,
        startedAt: this.env.clock.now(),
      });
      start = true;
    } else if ((n.change === 'enabled' || n.change === 'restored') && job?.state === 'failed') {
      const { error: _e, ...rest } = job;
      await tx.putRewrapJob({ ...rest, state: 'running' });
      start = true;
    }
    return {
      events: [this.event(bucket, 'kms.secrets-event.ack', n)],
      afterCommit: () => {
        this.env.notify({ topic: 'storage', instanceId: bucket.instanceId });
        if (start) this.start(bucket.name, n.correlationId);
      },
    };
  }

  /** Starts every persisted job still running (after a reload). */
  resume(): void {
    void this.env.store
      .read((tx) => tx.listRewrapJobs())
      .then((jobs) => {
        for (const job of jobs) if (job.state === 'running') this.start(job.bucket, randomUUID());
      })
      .catch(() => undefined);
  }

  /** Resolves once no rewrap is running in this engine. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /** Stops the jobs at their next step (the engine is closing); progress stays persisted. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.retries) clearTimeout(timer);
    await Promise.allSettled(this.running.values());
    // Let go of this tab's claims, so another tab (or this one reopened) resumes at once.
    await this.env.store
      .write(async (tx) => {
        for (const job of await tx.listRewrapJobs())
          if (job.claim?.by === this.id) {
            const { claim: _released, ...rest } = job;
            await tx.putRewrapJob(rest);
          }
      })
      .catch(() => undefined);
  }

  private start(bucket: string, correlationId: string): void {
    if (this.running.has(bucket) || this.stopped) return;
    const run = this.claim(bucket)
      .then((heldBy) => {
        if (heldBy === undefined) return this.run(bucket, correlationId);
        // Another tab runs it: look again shortly (should that tab close, its lock goes at
        // once), or once its claim would lapse, whichever comes first.
        const timer = setTimeout(
          () => {
            this.retries.delete(timer);
            this.start(bucket, correlationId);
          },
          Math.min(Math.max(0, heldBy - this.env.clock.realNow()), CLAIM_RECHECK_MS) + 100,
        );
        this.retries.add(timer);
      })
      .catch(() => undefined)
      .finally(() => this.running.delete(bucket));
    this.running.set(bucket, run);
  }

  /**
   * Claims the job for this engine in one transaction; returns undefined when claimed, or until
   * when another engine's live claim holds it.
   */
  private async claim(bucket: string): Promise<number | undefined> {
    const now = this.env.clock.realNow();
    // A claim by an engine that is gone (its tab closed or was killed) is taken over at once.
    const live = await this.storage.presence.live();
    return this.env.store.write(async (tx) => {
      const job = await tx.getRewrapJob(bucket);
      if (!job || job.state !== 'running') return undefined;
      if (
        job.claim &&
        job.claim.by !== this.id &&
        job.claim.until > now &&
        (live === undefined || live.has(job.claim.by))
      )
        return job.claim.until;
      await tx.putRewrapJob({ ...job, claim: { by: this.id, until: now + REWRAP_CLAIM_MS } });
      return undefined;
    });
  }

  private ownedElsewhere(job: RewrapJobRecord): boolean {
    return (
      job.claim !== undefined &&
      job.claim.by !== this.id &&
      job.claim.until > this.env.clock.realNow()
    );
  }

  private async run(bucketName: string, correlationId: string): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const batchSize = this.options.batchSize ?? REWRAP_BATCH;
      const { bucket, job, next } = await this.env.store.read(async (tx) => {
        const job = await tx.getRewrapJob(bucketName);
        const bucket = await tx.getBucket(bucketName);
        const objects = bucket ? await tx.objectsOfBucket(bucketName) : [];
        const next = job
          ? objects.filter((o) => o.keyVersionId !== job.targetKeyVersionId).slice(0, batchSize)
          : [];
        return { bucket, job, next };
      });
      if (!bucket || !job || job.state !== 'running' || this.ownedElsewhere(job)) return;
      const instance = (await this.env.directory.get()).instances.get(bucket.instanceId);
      if (!instance) return;
      if (next.length === 0) {
        await this.finish(bucket, job, correlationId);
        return;
      }
      await this.options.beforeStep?.();
      if (this.stopped) return;
      try {
        const protection = await this.storage.protection(instance, bucket, 'read');
        if (protection.kind !== 'customer') return;
        // One batch rewrap for the step's objects (one event listing each of them), committed
        // with the DEKs it rewrapped: a tab closed in between redoes the step, and the log
        // never shows an object rewrapped twice.
        let rewrapEvent: PendingEvent | undefined;
        const outcomes = await this.storage.gate.rewrapBatch(
          instance,
          protection.key,
          next.map((o) => ({ wrapped: o.wrappedDek, aad: dekAad(bucket.name, o.name) })),
          correlationId,
          (event) => (rewrapEvent = event),
        );
        let restoreQueue: (() => void) | undefined;
        await this.env.store
          .write(async (tx) => {
            restoreQueue = await this.env.audit.appendInTransaction(
              tx,
              rewrapEvent ? [rewrapEvent] : [],
            );
            await this.storeStep(tx, bucketName, job, next, outcomes);
          })
          .catch((error: unknown) => {
            restoreQueue?.();
            if (rewrapEvent) this.env.audit.queue(rewrapEvent);
            throw error;
          });
        const refused = outcomes.find((o) => o instanceof EngineError);
        if (refused) throw refused;
        // Progress reaches consoles at most once a second (each notice refreshes every tab's
        // queries); the end of the rewrap is always announced by `finish`.
        const now = this.env.clock.realNow();
        if (now - this.lastProgressNotice >= PROGRESS_NOTICE_MS) {
          this.lastProgressNotice = now;
          this.env.notify({ topic: 'storage', instanceId: bucket.instanceId });
        }
      } catch (error) {
        if (this.stopped) return;
        await this.fail(bucket, job, instance, toEngineError(error), correlationId);
        return;
      }
    }
  }

  /** In the step's transaction: the rewrapped DEKs of objects unchanged meanwhile, progress. */
  private async storeStep(
    tx: StoreTx,
    bucketName: string,
    job: RewrapJobRecord,
    next: ObjectRecord[],
    outcomes: readonly ({ wrapped: Bytes; keyVersionId: string } | EngineError)[],
  ): Promise<void> {
    const current = await tx.getRewrapJob(bucketName);
    if (!current || current.targetKeyVersionId !== job.targetKeyVersionId) return;
    if (this.ownedElsewhere(current)) return;
    let rewrapped = 0;
    for (const [i, object] of next.entries()) {
      const outcome = outcomes[i];
      if (!outcome || outcome instanceof EngineError) continue;
      rewrapped++;
      const fresh = await tx.getObject(object.bucket, object.name);
      if (fresh && fresh.objectId === object.objectId && fresh.keyVersionId === object.keyVersionId)
        await tx.putObject({
          ...fresh,
          wrappedDek: outcome.wrapped,
          keyVersionId: outcome.keyVersionId,
        });
    }
    await tx.putRewrapJob({
      ...current,
      done: Math.min(current.total, current.done + rewrapped),
      claim: { by: this.id, until: this.env.clock.realNow() + REWRAP_CLAIM_MS },
    });
  }

  private async finish(bucket: BucketRecord, job: RewrapJobRecord, correlationId: string) {
    const now = this.env.clock.now();
    const event = this.event(bucket, 'cloud-object-storage.bucket-key-state.update', {
      keyId: job.keyId,
      correlationId,
    });
    let restoreQueue: (() => void) | undefined;
    try {
      await this.env.store.write(async (tx) => {
        const current = await tx.getRewrapJob(bucket.name);
        if (!current || current.targetKeyVersionId !== job.targetKeyVersionId) return;
        await tx.putRewrapJob({ ...current, state: 'done', done: current.total, finishedAt: now });
        // The registration now names the key version in use.
        if (bucket.encryption.type === 'customer' && (await tx.getKey(bucket.encryption.keyId)))
          await this.storage.gate.registerIn(
            tx,
            bucket.encryption.keyId,
            bucket.crn,
            bucket.retentionDays !== undefined,
            now,
          );
        restoreQueue = await this.env.audit.appendInTransaction(tx, [event]);
      });
    } catch (error) {
      restoreQueue?.();
      throw error;
    }
    this.env.notify({ topic: 'storage', instanceId: bucket.instanceId });
  }

  private async fail(
    bucket: BucketRecord,
    job: RewrapJobRecord,
    _instance: ServiceInstance,
    error: EngineError,
    correlationId: string,
  ): Promise<void> {
    await this.env.store.write(async (tx) => {
      const current = await tx.getRewrapJob(bucket.name);
      if (!current || current.targetKeyVersionId !== job.targetKeyVersionId) return;
      await tx.putRewrapJob({ ...current, state: 'failed', error: error.message });
    });
    this.env.audit.queue({
      ...this.event(bucket, 'cloud-object-storage.bucket-key-state.update', {
        keyId: job.keyId,
        correlationId,
      }),
      outcome: 'failure',
      reason: { status: error.status, code: error.code, message: error.message },
    });
    this.env.notify({ topic: 'storage', instanceId: bucket.instanceId });
  }

  private event(
    bucket: BucketRecord,
    action: string,
    about: { keyId: string; correlationId: string; change?: string },
  ): PendingEvent {
    return {
      id: randomUUID(),
      time: new Date(this.env.clock.now()).toISOString(),
      action,
      initiator: {
        id: 'system',
        name: about.change
          ? `Cloud Object Storage (key ${about.change})`
          : 'Cloud Object Storage (service)',
        roles: [],
      },
      // The key id makes the event part of the key's history too: both sides on the key page.
      target: { crn: bucket.crn, keyId: about.keyId, instanceId: bucket.instanceId },
      outcome: 'success',
      correlationId: about.correlationId,
    };
  }
}
