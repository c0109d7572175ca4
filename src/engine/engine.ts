/**
 * The engine: composes the areas (iam, kms, audit) over one store and one clock into the single
 * `KeywardApi` object. Its dependencies are plain values (an IndexedDB factory, a time source, a
 * change channel), so the same engine runs in a Web Worker and under Node in unit tests.
 */
import type {
  CallContext,
  AccessCheck,
  AccessCheckRequest,
  AddUserRequest,
  AuthorizationList,
  CreateAuthorizationRequest,
  CreateInstanceRequest,
  BatchItem,
  BatchUnwrapItem,
  BatchWrapItem,
  CreateKeyRequest,
  DeleteAuthorizationOptions,
  GrantAccessRequest,
  InstanceUsage,
  DeleteKeyOptions,
  DeleteKeyRingOptions,
  EventList,
  KeyList,
  KeywardApi,
  ListEventsQuery,
  ListKeysQuery,
  ListRegistrationsQuery,
  PageQuery,
  RewrapResult,
  Session,
  UnwrapRequest,
  UnwrapResult,
  WrapRequest,
  WrapResult,
  CreateImportTokenRequest,
  ImportToken,
  ImportTokenMetadata,
  InstancePoliciesUpdate,
  RotateKeyRequest,
} from '../domain/api';
import { ImportTokenService } from './kms/import-tokens';
import { InstancePolicyService } from './kms/instance-policies';
import { denied, EngineError, invalidField, keyNotFound } from '../domain/errors';
import { CHANGE_CHANNEL, type ChangeNotice } from '../domain/notices';
import { DAY } from '../domain/time';
import { checkPage } from '../domain/validation';
import type {
  AccessPolicy,
  AuditEvent,
  ChainVerification,
  EventsDigest,
  Key,
  KeyPolicies,
  KeyRing,
  KeyVersion,
  KeyWithPayload,
  Permissions,
  Registration,
  InstancePolicies,
  ServiceAuthorization,
  ServiceInstance,
  User,
} from '../domain/types';
import type {
  Bucket,
  CreateBucketRequest,
  EncryptionKeyChoice,
  ProtectedBucket,
  StoragePermissions,
  StoredObject,
  UploadTicket,
} from '../domain/storage';
import { AuditLog, GENESIS_HASH } from './audit/audit-log';
import { signDigest } from './audit/digest';
import { Clock } from './clock';
import {
  administratorRequired,
  isAdministrator,
  permissionsAt,
  permissionsInInstance,
} from './iam/access';
import { AuthorizationService } from './iam/authorizations';
import { InstanceService } from './iam/instances';
import { UserService } from './iam/users';
import { bootstrapAccount } from './iam/bootstrap';
import { Directory } from './iam/directory';
import { KeyCache } from './kms/key-cache';
import { KeyPolicyService } from './kms/key-policies';
import { KeyRingService } from './kms/key-rings';
import { eventVisibleTo, keyNamesOf } from './audit/event-scope';
import { browserEstimate, StorageReserve, type SpaceEstimate } from './store/storage-reserve';
import { auditPermission } from '../domain/audit-access';
import { KeyNotifier } from './kms/key-notifications';
import { KeyGate } from './kms/service-gate';
import { StorageArea, storageDependents, type StorageOptions } from './cos/storage-area';
import { accessTargetOf } from './kms/key-view';
import { KeyService } from './kms/keys';
import { KeyExpiry } from './kms/key-expiry';
import { RotationSchedule } from './kms/rotation-schedule';
import { WrapService } from './kms/wrap';
import { EventAnnouncer } from './audit/event-notices';
import { perform, toEngineError, type EngineContext, type Operation } from './operation';
import { IdbStore, type Store } from './store/database';
import { guardApi } from './boundary/guard';
// Hyper Protect Crypto Services (SPEC section 11)
import type { CeremonySignature, HpcsState } from '../domain/hpcs';
import type { PasswordFile } from '../domain/hpcs-api';
import { HpcsService } from './hpcs/ceremony';
import type { RotationFaults } from './hpcs/master-key-rotation';
import type { Dashboard, DashboardRange, KeyUsage, KeywardNotification } from '../domain/insights';
import { InsightsService } from './insights/insights-service';
// Presenter kit and backup (issue 12)
import type {
  CheckpointInfo,
  ProgressListener,
  RestoreSummary,
  ScenarioId,
  ScenarioResult,
  WalkthroughState,
} from '../domain/presenter';
import { PresenterService } from './presenter/presenter-service';
import { seedScenario, type SeedOptions } from './presenter/scenarios';
// The account seal (issue 14)
import type { SealRequest, SealStatus } from '../domain/seal';
import { AccountSeal } from './kms/account-seal';

/** The part of BroadcastChannel the engine uses. */
export interface ChangeChannel {
  postMessage(message: ChangeNotice): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ChangeNotice>) => void): void;
  close(): void;
}

export interface EngineDeps {
  /** The browser's storage (and fake-indexeddb in unit tests); ignored when `store` is given. */
  indexedDB?: IDBFactory;
  /** Another store implementation (the server's PostgreSQL); default IndexedDB. */
  store?: Store;
  /** Base time source; the persisted demo offset is added to it. Default: Date.now. */
  now?: () => number;
  dbName?: string;
  /** Where change notices go; default a BroadcastChannel named CHANGE_CHANNEL; null for none. */
  channel?: ChangeChannel | null;
  /**
   * Tells this engine's own console about every change, its own or another tab's — the latter
   * only after this engine has dropped what the change made stale, so a refresh it triggers can
   * never be answered from an old cache.
   */
  onChange?: (notice: ChangeNotice) => void;
  /** Object storage: rewrap pacing (the console paces it so progress shows), chunk size. */
  storage?: StorageOptions;
  /** Hyper Protect: fault injection for tests of the all-or-nothing master key rotation. */
  hpcsFaults?: RotationFaults;
  /**
   * The engine stopped for good (another tab upgraded the database): the worker tells its page,
   * which asks the user to reload.
   */
  onStopped?: (error: EngineError) => void;
  /** How long opening waits for older tabs to close before it gives up (tests: short). */
  blockedTimeoutMs?: number;
  /** Free space, for the storage reserve; default navigator.storage.estimate; null: none. */
  storageEstimate?: SpaceEstimate | null;
}

const MAX_ADVANCE_MS = 3650 * DAY;

function requireFactory(factory: IDBFactory | undefined): IDBFactory {
  if (!factory) throw new Error('Engine.open needs an IndexedDB factory or a store');
  return factory;
}

export class Engine implements KeywardApi {
  // Key rings, key policies and rotation on the clock (issue 4).
  private readonly rotations: RotationSchedule;
  /** Records each key's expiry as its `kms.secrets.expire` event (SPEC section 4). */
  private readonly expiry: KeyExpiry;
  private readonly rings: KeyRingService;
  private readonly keyPolicies: KeyPolicyService;
  // Hyper Protect Crypto Services (issue 10); set by `open`.
  private hpcs!: HpcsService;
  // Presenter kit and backup (issue 12); set by `open`.
  private presenter!: PresenterService;
  // The account seal (issue 14); set by `open`.
  private seal!: AccountSeal;
  /** Scenario seeding options (tests seed fewer than 10,000 keys). */
  scenarioOptions: SeedOptions = {};

  private constructor(
    private readonly env: EngineContext,
    private readonly keys: KeyService,
    private readonly wraps: WrapService,
    private readonly cache: KeyCache,
    private readonly channel: ChangeChannel | null,
    /** Service authorizations; `authorizationAllows` is what object storage asks before using a key. */
    readonly authorizations: AuthorizationService,
    private readonly instances: InstanceService,
    private readonly users: UserService,
    /** Object storage (SPEC section 10). */
    readonly storage: StorageArea,
    private readonly keyNotifier: KeyNotifier,
    /** Dashboard, last used, notifications (issue 11). */
    private readonly insights: InsightsService,
  ) {
    // A scheduled rotation reaches the resources registered with the key like a manual one.
    this.rotations = new RotationSchedule(env, cache, () =>
      keyNotifier.deliverPending().catch(() => undefined),
    );
    this.expiry = new KeyExpiry(env, cache);
    this.rings = new KeyRingService(env, keys, cache);
    this.keyPolicies = new KeyPolicyService(env, keys, this.rotations);
  }

  static async open(deps: EngineDeps): Promise<Engine> {
    // Queued events are written before another tab's upgrade closes this connection.
    let flushBeforeClose: () => Promise<void> = () => Promise.resolve();
    const store =
      deps.store ??
      (await IdbStore.open(requireFactory(deps.indexedDB), deps.dbName, {
        beforeVersionChange: () => flushBeforeClose(),
        ...(deps.onStopped ? { onClosed: deps.onStopped } : {}),
        ...(deps.blockedTimeoutMs !== undefined ? { blockedTimeoutMs: deps.blockedTimeoutMs } : {}),
      }));
    const clock = new Clock(deps.now ?? Date.now);
    await bootstrapAccount(store, clock.now());
    clock.setOffset((await store.read((tx) => tx.getMeta('clockOffsetMs'))) ?? 0);
    const channel =
      deps.channel === undefined
        ? (new BroadcastChannel(CHANGE_CHANNEL) as ChangeChannel)
        : deps.channel;
    const notify = (notice: ChangeNotice) => {
      channel?.postMessage(notice);
      deps.onChange?.(notice);
    };
    const audit = new AuditLog(store);
    flushBeforeClose = () => audit.flush();
    const env: EngineContext = {
      store,
      clock,
      audit,
      directory: new Directory(store),
      notify,
      events: new EventAnnouncer(notify),
      reserve: new StorageReserve(
        deps.storageEstimate === undefined
          ? browserEstimate()
          : (deps.storageEstimate ?? undefined),
        () => clock.realNow(),
      ),
    };
    const cache = new KeyCache(store);
    const keys = new KeyService(env, cache);
    const insights = new InsightsService(env, cache, keys);
    await insights.start();
    // After this tab changes access: drop its directory and keys, as another tab's notice would.
    const accessChanged = () => {
      env.directory.invalidate();
      cache.clear();
    };
    // What depends on instances and authorizations: object storage's buckets.
    const authorizations = new AuthorizationService(env, storageDependents);
    // Object storage uses keys only through the gate (authorization, state, wrap/unwrap), and
    // hears of key changes through the notifier.
    const gate = new KeyGate(env, cache, authorizations, insights.usage);
    const storage = new StorageArea(env, gate, keys, deps.storage);
    const keyNotifier = new KeyNotifier(env);
    keyNotifier.subscribe(storage.keyEvents);
    const hpcs = new HpcsService(env, cache, deps.hpcsFaults);
    cache.newMaterialCheck = (instanceId) => hpcs.requireNoPendingRotation(instanceId);
    const engine = new Engine(
      env,
      keys,
      new WrapService(env, cache, keys, insights.usage),
      cache,
      channel,
      authorizations,
      new InstanceService(env, storageDependents, accessChanged),
      new UserService(env, accessChanged),
      storage,
      keyNotifier,
      insights,
    );
    engine.hpcs = hpcs;
    engine.seal = new AccountSeal(env, cache);
    cache.sealedMasterKey = (instanceId) => engine.seal.masterKeyFor(instanceId);
    engine.presenter = new PresenterService(env, {
      accountReplaced: () => engine.accountReplaced(),
    });
    // Every API method checks its arguments against its declared shape first (SPEC 14).
    guardApi(engine, env);
    storage.start();
    // Notifications a closed tab (or this one, last time) committed but never delivered.
    await keyNotifier.deliverPending().catch(() => undefined);
    channel?.addEventListener('message', (event) => {
      engine.onNotice(event.data);
      deps.onChange?.(event.data);
    });
    // Rotations that fell due while the app was closed happen now. A failure is not fatal here:
    // the same check runs before every call, which reports it.
    await engine.rotations.rotateDue().catch(() => undefined);
    return engine;
  }

  /** A change committed by another tab: drop what it may have made stale. */
  private onNotice(notice: ChangeNotice): void {
    switch (notice.topic) {
      case 'keys':
        if (notice.keyId) this.cache.invalidate(notice.keyId);
        else this.cache.clear();
        this.keys.resetPurgeSchedule();
        this.rotations.reset();
        this.expiry.reset();
        // Should that tab close before delivering its key change's notifications, this one does.
        this.keyNotifier.deliverSoon();
        break;
      case 'clock':
        if (notice.clockOffsetMs !== undefined) this.env.clock.setOffset(notice.clockOffsetMs);
        break;
      case 'access':
        this.env.directory.invalidate();
        this.cache.clear();
        break;
      case 'usage':
        this.insights.usage.invalidate(notice.instanceId);
        break;
      case 'importToken':
        this.importTokens.forgetSchedule();
        break;
      case 'account':
        void this.accountReplaced().catch(() => undefined);
        break;
    }
  }

  /**
   * The whole account was replaced (a checkpoint or backup restored, a reset, a scenario; here or
   * in another tab): forget everything read of the old one.
   */
  private async accountReplaced(): Promise<void> {
    this.env.directory.invalidate();
    this.cache.clear();
    this.keys.resetPurgeSchedule();
    this.rotations.reset();
    this.expiry.reset();
    this.importTokens.forgetSchedule();
    this.storage.forget();
    // A restored account brings its own seal (or none): keys unsealed here are of the old one.
    this.seal.reset();
    const offset = await this.env.store.read((tx) => tx.getMeta('clockOffsetMs'));
    this.env.clock.setOffset(offset ?? 0);
    await this.insights.restart();
  }

  /** Writes queued audit events, closes the database and the change channel. */
  async close(): Promise<void> {
    this.rotations.stop();
    this.env.events.stop();
    // Both stop at once: a rewrap stops at its next step, no delivery starts.
    await Promise.all([this.storage.stop(), this.keyNotifier.stop()]);
    await this.env.audit.flush();
    this.channel?.close();
    await this.env.store.close();
  }

  /** Writes queued audit events now (they are otherwise written within ~50 ms). */
  flushEvents(): Promise<void> {
    return this.env.audit.flush();
  }

  /** Registers a resource protected by a key; for the integrated storage service. */
  registerResource(keyId: string, resourceCrn: string, preventKeyDeletion: boolean): Promise<void> {
    return this.keys.register(keyId, resourceCrn, preventKeyDeletion);
  }

  /**
   * Runs a key lifecycle change (which writes its notification to the resources registered with
   * the key in its own transaction, under its correlation id so the events view links both
   * sides), then delivers it to their owners (object storage) before answering. Should the
   * delivery fail (storage full), the notification stays in the outbox and the next engine run
   * delivers it; the change itself stands.
   */
  private async notifying(call: () => Promise<Key>): Promise<Key> {
    const key = await this.housekept(call);
    await this.keyNotifier.deliverPending().catch(() => undefined);
    return key;
  }

  /** Resolves once no background rewrap of bucket DEKs is running (for tests and benches). */
  storageIdle(): Promise<void> {
    return this.storage.keyEvents.idle();
  }

  private async housekept<T>(call: () => Promise<T>): Promise<T> {
    try {
      await this.expiry.expireDue();
      await this.keys.purgeDue();
      await this.rotations.rotateDue();
      await this.importTokens.eraseExpired();
    } catch (error) {
      throw toEngineError(error);
    }
    return call();
  }

  async getSession(): Promise<Session> {
    await this.expiry.expireDue();
    await this.keys.purgeDue();
    await this.rotations.rotateDue();
    const snap = await this.env.directory.get();
    return {
      account: snap.account,
      users: [...snap.users.values()],
      instances: [...snap.instances.values()],
      policies: snap.policies,
      now: new Date(this.env.clock.now()).toISOString(),
      clockOffsetMs: this.env.clock.offset,
    };
  }

  async getPermissions(ctx: CallContext, keyIdOrAlias?: string): Promise<Permissions> {
    const { user, policies } = await this.env.directory.user(ctx.userId);
    const instance = await this.env.directory.kmsInstance(ctx.instanceId);
    if (keyIdOrAlias === undefined) return permissionsInInstance(user, policies, instance.id);
    const key = await this.cache.find(instance.id, keyIdOrAlias);
    if (!key) throw keyNotFound(keyIdOrAlias);
    return permissionsAt(user, policies, accessTargetOf(key));
  }

  async getKeyPermissions(
    ctx: CallContext,
    keyIds: string[],
  ): Promise<Record<string, Permissions>> {
    const { user, policies } = await this.env.directory.user(ctx.userId);
    const instance = await this.env.directory.kmsInstance(ctx.instanceId);
    if (!Array.isArray(keyIds)) throw invalidField('keyIds', 'must be a list of key ids');
    const result: Record<string, Permissions> = {};
    for (const id of keyIds) {
      const key = await this.cache.find(instance.id, id);
      if (key) result[id] = permissionsAt(user, policies, accessTargetOf(key));
    }
    return result;
  }

  async advanceTime(ctx: CallContext, ms: number): Promise<{ now: string; clockOffsetMs: number }> {
    const offset = await perform(this.env, ctx, 'keyward.clock.advance', async (op) => {
      const { user, policies } = await op.signIn();
      const account = (await this.env.directory.get()).account;
      op.aim(`crn:v1:keyward:public:keyward:global:a/${account.id}:::`, {
        instanceId: ctx.instanceId,
      });
      // Moving the clock closes restore windows, expires keys and purges Deleted ones: an
      // account Administrator's action (SPEC sections 2 and 13).
      if (!isAdministrator(policies)) throw administratorRequired(user, 'advance the clock');
      if (typeof ms !== 'number' || !Number.isInteger(ms) || ms <= 0 || ms > MAX_ADVANCE_MS)
        throw invalidField(
          'ms',
          'advance the clock by a whole number of milliseconds, up to 10 years',
        );
      return op.commit(
        async (tx) => {
          const next = ((await tx.getMeta('clockOffsetMs')) ?? 0) + ms;
          await tx.putMeta('clockOffsetMs', next);
          return next;
        },
        (clockOffsetMs) => ({ topic: 'clock', clockOffsetMs }),
      );
    });
    this.env.clock.setOffset(offset);
    // What falls due at the new time runs now, recorded by its own events; a failure there is
    // not this call's outcome (the advance is committed and audited once), and the same check
    // runs again before the next call.
    await this.expiry.expireDue().catch(() => undefined);
    await this.keys.purgeDue().catch(() => undefined);
    await this.rotations.rotateDue().catch(() => undefined);
    return { now: new Date(this.env.clock.now()).toISOString(), clockOffsetMs: offset };
  }

  createKey(ctx: CallContext, req: CreateKeyRequest): Promise<Key> {
    return this.housekept(async () => {
      const key = await this.keys.createKey(ctx, req);
      // A key that took the instance's rotation default is due an interval from now (issue 4).
      if (key.nextRotationDate) this.rotations.noteDue(Date.parse(key.nextRotationDate));
      if (key.expirationDate) this.expiry.noteExpiration(Date.parse(key.expirationDate));
      return key;
    });
  }
  createKeys(ctx: CallContext, requests: CreateKeyRequest[]): Promise<BatchItem<Key>[]> {
    return this.housekept(async () => {
      const results = await this.keys.createKeys(ctx, requests);
      for (const item of results)
        if (item.ok && item.value.nextRotationDate)
          this.rotations.noteDue(Date.parse(item.value.nextRotationDate));
      return results;
    });
  }
  listKeys(ctx: CallContext, query?: ListKeysQuery): Promise<KeyList> {
    return this.housekept(() => this.keys.listKeys(ctx, query));
  }
  headKeys(ctx: CallContext, query?: ListKeysQuery): Promise<{ total: number }> {
    return this.housekept(() => this.keys.headKeys(ctx, query));
  }
  getKey(ctx: CallContext, idOrAlias: string): Promise<KeyWithPayload> {
    return this.housekept(() => this.keys.getKey(ctx, idOrAlias));
  }
  getKeyMetadata(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return this.housekept(() => this.keys.getKeyMetadata(ctx, idOrAlias));
  }
  getKeyVersions(
    ctx: CallContext,
    idOrAlias: string,
    page?: PageQuery,
  ): Promise<{ versions: KeyVersion[]; total: number }> {
    return this.housekept(() => this.keys.getKeyVersions(ctx, idOrAlias, page));
  }
  listKeyRings(
    ctx: CallContext,
    page?: PageQuery,
  ): Promise<{ keyRings: KeyRing[]; total: number }> {
    return this.housekept(() => this.rings.listKeyRings(ctx, page));
  }
  getRegistrations(
    ctx: CallContext,
    idOrAlias: string,
    page?: PageQuery,
  ): Promise<{ registrations: Registration[]; total: number }> {
    return this.housekept(() => this.keys.getRegistrations(ctx, idOrAlias, page));
  }
  createAlias(ctx: CallContext, idOrAlias: string, alias: string): Promise<Key> {
    return this.housekept(() => this.keys.createAlias(ctx, idOrAlias, alias));
  }
  deleteAlias(ctx: CallContext, idOrAlias: string, alias: string): Promise<Key> {
    return this.housekept(() => this.keys.deleteAlias(ctx, idOrAlias, alias));
  }
  wrap(ctx: CallContext, idOrAlias: string, req?: WrapRequest): Promise<WrapResult> {
    return this.housekept(() => this.wraps.wrap(ctx, idOrAlias, req));
  }
  unwrap(ctx: CallContext, idOrAlias: string, req: UnwrapRequest): Promise<UnwrapResult> {
    return this.housekept(() => this.wraps.unwrap(ctx, idOrAlias, req));
  }
  rewrap(ctx: CallContext, idOrAlias: string, req: UnwrapRequest): Promise<RewrapResult> {
    return this.housekept(() => this.wraps.rewrap(ctx, idOrAlias, req));
  }
  wrapBatch(ctx: CallContext, items: BatchWrapItem[]): Promise<BatchItem<WrapResult>[]> {
    return this.housekept(() => this.wraps.wrapBatch(ctx, items));
  }
  unwrapBatch(ctx: CallContext, items: BatchUnwrapItem[]): Promise<BatchItem<UnwrapResult>[]> {
    return this.housekept(() => this.wraps.unwrapBatch(ctx, items));
  }
  rewrapBatch(ctx: CallContext, items: BatchUnwrapItem[]): Promise<BatchItem<RewrapResult>[]> {
    return this.housekept(() => this.wraps.rewrapBatch(ctx, items));
  }
  rotate(ctx: CallContext, idOrAlias: string, req?: RotateKeyRequest): Promise<Key> {
    return this.notifying(() => this.keys.rotate(ctx, idOrAlias, req));
  }
  listRegistrations(
    ctx: CallContext,
    query?: ListRegistrationsQuery,
  ): Promise<{ registrations: Registration[]; total: number }> {
    return this.housekept(() => this.keys.listRegistrations(ctx, query));
  }
  async syncAssociatedResources(ctx: CallContext, idOrAlias: string): Promise<void> {
    await this.notifying(() => this.keys.syncAssociatedResources(ctx, idOrAlias));
  }
  disableKey(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return this.notifying(() => this.keys.disableKey(ctx, idOrAlias));
  }
  enableKey(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return this.notifying(() => this.keys.enableKey(ctx, idOrAlias));
  }
  setKeyForDeletion(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return this.housekept(() => this.keys.setKeyForDeletion(ctx, idOrAlias));
  }
  unsetKeyForDeletion(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return this.housekept(() => this.keys.unsetKeyForDeletion(ctx, idOrAlias));
  }
  deleteKey(ctx: CallContext, idOrAlias: string, options?: DeleteKeyOptions): Promise<Key> {
    return this.notifying(() => this.keys.deleteKey(ctx, idOrAlias, options));
  }
  restoreKey(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return this.notifying(() => this.keys.restoreKey(ctx, idOrAlias));
  }
  purgeKey(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return this.housekept(() => this.keys.purgeKey(ctx, idOrAlias));
  }
  getKeyPolicies(ctx: CallContext, idOrAlias: string): Promise<KeyPolicies> {
    return this.housekept(() => this.keyPolicies.getKeyPolicies(ctx, idOrAlias));
  }
  putKeyPolicies(
    ctx: CallContext,
    idOrAlias: string,
    policies: Partial<KeyPolicies>,
  ): Promise<KeyPolicies> {
    return this.housekept(() => this.keyPolicies.putKeyPolicies(ctx, idOrAlias, policies));
  }

  // Key rings (issue 4)
  createKeyRing(ctx: CallContext, keyRingID: string): Promise<KeyRing> {
    return this.housekept(() => this.rings.createKeyRing(ctx, keyRingID));
  }
  deleteKeyRing(
    ctx: CallContext,
    keyRingID: string,
    options?: DeleteKeyRingOptions,
  ): Promise<void> {
    return this.housekept(() => this.rings.deleteKeyRing(ctx, keyRingID, options));
  }
  setKeyRing(ctx: CallContext, idOrAlias: string, keyRingID: string): Promise<Key> {
    return this.housekept(() => this.rings.setKeyRing(ctx, idOrAlias, keyRingID));
  }

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

  getSealStatus(ctx: CallContext): Promise<SealStatus> {
    return this.seal.getStatus(ctx);
  }
  sealAccount(ctx: CallContext, req: SealRequest): Promise<SealStatus> {
    return this.seal.seal(ctx, req);
  }
  unsealAccount(ctx: CallContext, req: SealRequest): Promise<SealStatus> {
    return this.seal.unseal(ctx, req);
  }
  removeSeal(ctx: CallContext, req: SealRequest): Promise<SealStatus> {
    return this.seal.remove(ctx, req);
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

  // Bring your own key and instance policies (SPEC.md sections 6 and 7).
  private importTokenService: ImportTokenService | undefined;
  private instancePolicyService: InstancePolicyService | undefined;
  private get importTokens(): ImportTokenService {
    return (this.importTokenService ??= new ImportTokenService(this.env));
  }
  private get instancePolicies(): InstancePolicyService {
    return (this.instancePolicyService ??= new InstancePolicyService(this.env));
  }
  createImportToken(
    ctx: CallContext,
    req?: CreateImportTokenRequest,
  ): Promise<ImportTokenMetadata> {
    return this.housekept(() => this.importTokens.createImportToken(ctx, req));
  }
  getImportToken(ctx: CallContext): Promise<ImportToken> {
    return this.housekept(() => this.importTokens.getImportToken(ctx));
  }
  getInstancePolicies(ctx: CallContext): Promise<InstancePolicies> {
    return this.housekept(() => this.instancePolicies.getInstancePolicies(ctx));
  }
  putInstancePolicies(
    ctx: CallContext,
    policies: InstancePoliciesUpdate,
  ): Promise<InstancePolicies> {
    return this.housekept(() => this.instancePolicies.putInstancePolicies(ctx, policies));
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

  // Service authorizations (SPEC section 9).
  createAuthorization(
    ctx: CallContext,
    req: CreateAuthorizationRequest,
  ): Promise<ServiceAuthorization> {
    return this.authorizations.createAuthorization(ctx, req);
  }
  listAuthorizations(ctx: CallContext): Promise<AuthorizationList> {
    return this.authorizations.listAuthorizations(ctx);
  }
  deleteAuthorization(
    ctx: CallContext,
    id: string,
    options?: DeleteAuthorizationOptions,
  ): Promise<void> {
    return this.authorizations.deleteAuthorization(ctx, id, options);
  }

  // Service instances, users and access policies (SPEC sections 1, 2).
  createInstance(ctx: CallContext, req: CreateInstanceRequest): Promise<ServiceInstance> {
    return this.instances.createInstance(ctx, req);
  }
  renameInstance(ctx: CallContext, instanceId: string, name: string): Promise<ServiceInstance> {
    return this.instances.renameInstance(ctx, instanceId, name);
  }
  deleteInstance(ctx: CallContext, instanceId: string): Promise<void> {
    return this.instances.deleteInstance(ctx, instanceId);
  }
  getInstanceUsage(ctx: CallContext): Promise<Record<string, InstanceUsage>> {
    return this.instances.getInstanceUsage(ctx);
  }
  addUser(ctx: CallContext, req: AddUserRequest): Promise<User> {
    return this.users.addUser(ctx, req);
  }
  removeUser(ctx: CallContext, userId: string): Promise<void> {
    return this.users.removeUser(ctx, userId);
  }
  grantAccess(ctx: CallContext, req: GrantAccessRequest): Promise<AccessPolicy> {
    return this.users.grantAccess(ctx, req);
  }
  revokeAccess(ctx: CallContext, policyId: string): Promise<void> {
    return this.users.revokeAccess(ctx, policyId);
  }
  checkAccess(ctx: CallContext, req: AccessCheckRequest): Promise<AccessCheck> {
    return this.users.checkAccess(ctx, req);
  }

  // Object storage (SPEC section 10).
  getStoragePermissions(ctx: CallContext): Promise<StoragePermissions> {
    return this.storage.buckets.getStoragePermissions(ctx);
  }
  listBuckets(ctx: CallContext): Promise<{ buckets: Bucket[]; total: number }> {
    return this.housekept(() => this.storage.buckets.listBuckets(ctx));
  }
  getBucket(ctx: CallContext, bucket: string): Promise<Bucket> {
    return this.housekept(() => this.storage.buckets.getBucket(ctx, bucket));
  }
  createBucket(ctx: CallContext, req: CreateBucketRequest): Promise<Bucket> {
    return this.housekept(() => this.storage.buckets.createBucket(ctx, req));
  }
  deleteBucket(ctx: CallContext, bucket: string): Promise<void> {
    return this.housekept(() => this.storage.buckets.deleteBucket(ctx, bucket));
  }
  listEncryptionKeys(ctx: CallContext): Promise<{ keys: EncryptionKeyChoice[]; total: number }> {
    return this.housekept(() => this.storage.buckets.listEncryptionKeys(ctx));
  }
  getProtectedBuckets(
    ctx: CallContext,
    keyIdOrAlias: string,
  ): Promise<{ buckets: ProtectedBucket[]; total: number }> {
    return this.housekept(() => this.storage.buckets.getProtectedBuckets(ctx, keyIdOrAlias));
  }
  listObjects(
    ctx: CallContext,
    bucket: string,
  ): Promise<{ objects: StoredObject[]; total: number }> {
    return this.housekept(() => this.storage.objects.listObjects(ctx, bucket));
  }
  headObject(ctx: CallContext, bucket: string, object: string): Promise<StoredObject> {
    return this.housekept(() => this.storage.objects.headObject(ctx, bucket, object));
  }
  beginUpload(
    ctx: CallContext,
    bucket: string,
    object: string,
    options: { size: number; contentType?: string },
  ): Promise<UploadTicket> {
    return this.housekept(() => this.storage.objects.beginUpload(ctx, bucket, object, options));
  }
  // Chunk calls skip the purge housekeeping: they are the hot path, and begin/complete do it.
  putUploadChunk(
    ctx: CallContext,
    uploadId: string,
    index: number,
    bytes: ArrayBuffer,
  ): Promise<{ received: number }> {
    return this.storage.objects.putUploadChunk(ctx, uploadId, index, bytes);
  }
  completeUpload(ctx: CallContext, uploadId: string): Promise<StoredObject> {
    return this.housekept(() => this.storage.objects.completeUpload(ctx, uploadId));
  }
  abortUpload(ctx: CallContext, uploadId: string): Promise<void> {
    return this.storage.objects.abortUpload(ctx, uploadId);
  }
  getObjectChunk(
    ctx: CallContext,
    bucket: string,
    object: string,
    index: number,
  ): Promise<ArrayBuffer> {
    return this.storage.objects.getObjectChunk(ctx, bucket, object, index);
  }
  deleteObject(ctx: CallContext, bucket: string, object: string): Promise<void> {
    return this.housekept(() => this.storage.objects.deleteObject(ctx, bucket, object));
  }

  // Hyper Protect Crypto Services (SPEC section 11)
  getHpcsState(ctx: CallContext): Promise<HpcsState> {
    return this.hpcs.getHpcsState(ctx);
  }
  createSignatureKey(
    ctx: CallContext,
    req: { name: string; password: string },
  ): Promise<{ file: string; adminId: string; publicKey: string }> {
    return this.hpcs.createSignatureKey(ctx, req);
  }
  signCeremonyCommand(
    ctx: CallContext,
    req: PasswordFile & { text: string },
  ): Promise<CeremonySignature> {
    return this.hpcs.signCeremonyCommand(ctx, req);
  }
  addCryptoUnitAdmin(
    ctx: CallContext,
    req: { keyFile: string; signatures?: CeremonySignature[] },
  ): Promise<HpcsState> {
    return this.hpcs.addCryptoUnitAdmin(ctx, req);
  }
  removeCryptoUnitAdmin(
    ctx: CallContext,
    req: { adminId: string; signatures: CeremonySignature[] },
  ): Promise<HpcsState> {
    return this.hpcs.removeCryptoUnitAdmin(ctx, req);
  }
  setCryptoUnitThresholds(
    ctx: CallContext,
    req: { signature: number; revocation: number; signatures: CeremonySignature[] },
  ): Promise<HpcsState> {
    return this.hpcs.setCryptoUnitThresholds(ctx, req);
  }
  createMasterKeyPart(
    ctx: CallContext,
    req: { password: string; hex?: string },
  ): Promise<{ file: string; verificationPattern: string }> {
    return this.hpcs.createMasterKeyPart(ctx, req);
  }
  loadMasterKey(
    ctx: CallContext,
    req: { parts: PasswordFile[]; signatures: CeremonySignature[] },
  ): Promise<HpcsState> {
    return this.hpcs.loadMasterKey(ctx, req);
  }
  commitMasterKey(ctx: CallContext, req: { signatures: CeremonySignature[] }): Promise<HpcsState> {
    return this.hpcs.commitMasterKey(ctx, req);
  }
  activateMasterKey(
    ctx: CallContext,
    req: { signatures: CeremonySignature[] },
  ): Promise<HpcsState> {
    return this.hpcs.activateMasterKey(ctx, req);
  }
  rotateMasterKey(ctx: CallContext, req: { signatures: CeremonySignature[] }): Promise<HpcsState> {
    return this.hpcs.rotateMasterKey(ctx, req);
  }
  recoverMasterKey(ctx: CallContext, req: { signatures: CeremonySignature[] }): Promise<HpcsState> {
    return this.hpcs.recoverMasterKey(ctx, req);
  }
  zeroizeCryptoUnits(
    ctx: CallContext,
    req: { confirm: string; includeRecovery?: boolean; signatures: CeremonySignature[] },
  ): Promise<HpcsState> {
    return this.hpcs.zeroizeCryptoUnits(ctx, req);
  }
  // Dashboard, last used, notifications (issue 11).
  getDashboard(ctx: CallContext, options?: { range?: DashboardRange }): Promise<Dashboard> {
    return this.housekept(() => this.insights.getDashboard(ctx, options));
  }
  getKeyUsage(ctx: CallContext, idOrAlias: string): Promise<KeyUsage> {
    return this.housekept(() => this.insights.getKeyUsage(ctx, idOrAlias));
  }
  getNotifications(
    ctx: CallContext,
  ): Promise<{ notifications: KeywardNotification[]; total: number }> {
    return this.housekept(() => this.insights.getNotifications(ctx));
  }

  // Presenter kit and backup (SPEC sections 14 and 16; issue 12).
  loadScenario(ctx: CallContext, scenarioId: ScenarioId): Promise<ScenarioResult> {
    return this.presenter.loadScenario(ctx, scenarioId, async (admin) => {
      const seeded = await seedScenario(
        this,
        scenarioId,
        async (ms) => {
          await this.advanceTime(admin, ms);
        },
        this.scenarioOptions,
      );
      return seeded;
    });
  }
  saveCheckpoint(ctx: CallContext, req: { name: string }): Promise<CheckpointInfo> {
    return this.presenter.saveCheckpoint(ctx, req);
  }
  listCheckpoints(ctx: CallContext): Promise<{ checkpoints: CheckpointInfo[]; total: number }> {
    return this.presenter.listCheckpoints(ctx);
  }
  restoreCheckpoint(ctx: CallContext, checkpointId: string): Promise<RestoreSummary> {
    return this.presenter.restoreCheckpoint(ctx, checkpointId);
  }
  deleteCheckpoint(ctx: CallContext, checkpointId: string): Promise<void> {
    return this.presenter.deleteCheckpoint(ctx, checkpointId);
  }
  resetAccount(ctx: CallContext): Promise<RestoreSummary> {
    return this.presenter.resetAccount(ctx);
  }
  exportBackup(
    ctx: CallContext,
    req: { passphrase: string },
    onProgress?: ProgressListener,
  ): Promise<ArrayBuffer> {
    return this.presenter.exportBackup(ctx, req, onProgress);
  }
  restoreBackup(
    ctx: CallContext,
    req: { file: ArrayBuffer; passphrase: string },
    onProgress?: ProgressListener,
  ): Promise<RestoreSummary> {
    return this.presenter.restoreBackup(ctx, req, onProgress);
  }
  getWalkthrough(ctx: CallContext): Promise<{ walkthrough?: WalkthroughState }> {
    return this.presenter.getWalkthrough(ctx);
  }
  startWalkthrough(ctx: CallContext, walkthroughId: ScenarioId): Promise<WalkthroughState> {
    return this.presenter.startWalkthrough(ctx, walkthroughId);
  }
  endWalkthrough(ctx: CallContext): Promise<void> {
    return this.presenter.endWalkthrough(ctx);
  }
}
