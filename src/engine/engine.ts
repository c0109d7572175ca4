/**
 * The engine: composes the areas (iam, kms, cos, hpcs, audit, insights, presenter) over one store
 * and one clock into the single `KeywardApi` object. Its dependencies are plain values (an
 * IndexedDB factory, a time source, a change channel), so the same engine runs in a Web Worker
 * and under Node in unit tests. Composition only: each method is an area's; housekeeping.ts says
 * which run due work first; boundary/guard.ts checks every call's arguments before all else.
 */
import type { KeywardApi } from '../domain/api';
import { HPCS_API_METHODS } from '../domain/hpcs-api';
import { INSIGHTS_API_METHODS } from '../domain/insights';
import { EVENTS_API_METHODS } from '../domain/events-api';
import { EventsService } from './audit/events-service';
import { guardApi } from './boundary/guard';
import { StorageArea, storageDependents } from './cos/storage-area';
import { openContext, type EngineDeps } from './engine-context';
import { Housekeeping } from './housekeeping';
import { HpcsService } from './hpcs/ceremony';
import { AuthorizationService } from './iam/authorizations';
import { InstanceService } from './iam/instances';
import { PermissionQueries } from './iam/permissions';
import { SessionService } from './iam/session';
import { UserService } from './iam/users';
import { InsightsService } from './insights/insights-service';
import { AccountSeal } from './kms/account-seal';
import { ImportTokenService } from './kms/import-tokens';
import { InstancePolicyService } from './kms/instance-policies';
import { KeyCache } from './kms/key-cache';
import { KeyExpiry } from './kms/key-expiry';
import { KeyNotifier } from './kms/key-notifications';
import { KeyPolicyService } from './kms/key-policies';
import { KeyRingService } from './kms/key-rings';
import { KeyService } from './kms/keys';
import { kmsApi } from './kms/kms-api';
import { RotationSchedule } from './kms/rotation-schedule';
import { KeyGate } from './kms/service-gate';
import { WrapService } from './kms/wrap';
import { methodsOf } from './methods-of';
import type { EngineContext } from './operation';
import { PresenterService } from './presenter/presenter-service';
import { seedScenario, type SeedOptions } from './presenter/scenarios';
import { StaleState } from './stale-state';

export type { ChangeChannel, EngineDeps } from './engine-context';

/** The API, and what the worker, the server and tests need beyond it. */
export interface Engine extends KeywardApi {
  /** Scenario seeding options (tests seed fewer than 10,000 keys). */
  scenarioOptions: SeedOptions;
  /** What the areas share (store, clock, audit log); for tests that write below the API. */
  readonly env: EngineContext;
  /** Service authorizations; `authorizationAllows` is what object storage asks before using a key. */
  readonly authorizations: AuthorizationService;
  /** Writes queued audit events, closes the database and the change channel. */
  close(): Promise<void>;
  /** Writes queued audit events now (they are otherwise written within ~50 ms). */
  flushEvents(): Promise<void>;
  /** Registers a resource protected by a key; for the integrated storage service. */
  registerResource(keyId: string, resourceCrn: string, preventKeyDeletion: boolean): Promise<void>;
  /** Resolves once no background rewrap of bucket DEKs is running (for tests and benches). */
  storageIdle(): Promise<void>;
}

export const Engine = { open };

async function open(deps: EngineDeps): Promise<Engine> {
  const { env, channel } = await openContext(deps);
  const { store } = env;
  const cache = new KeyCache(store);
  const keys = new KeyService(env, cache);
  const insights = new InsightsService(env, cache, keys);
  await insights.start();
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
  const seal = new AccountSeal(env, cache);
  cache.sealedMasterKey = (instanceId) => seal.masterKeyFor(instanceId);
  // A scheduled rotation reaches the resources registered with the key like a manual one.
  const rotations = new RotationSchedule(env, cache, () =>
    keyNotifier.deliverPending().catch(() => undefined),
  );
  /** Records each key's expiry as its `kms.secrets.expire` event (SPEC section 4). */
  const expiry = new KeyExpiry(env, cache);
  const importTokens = new ImportTokenService(env);
  const housekeeping = new Housekeeping({ expiry, keys, rotations, importTokens });
  const stale = new StaleState(env, {
    cache,
    housekeeping,
    importTokens,
    keyNotifier,
    insights,
    storage,
    seal,
  });
  // After this tab changes access: drop its directory and keys, as another tab's notice would.
  const accessChanged = () => stale.accessChanged();
  const instances = new InstanceService(env, storageDependents, accessChanged);
  const users = new UserService(env, accessChanged);
  const presenter = new PresenterService(env, { accountReplaced: () => stale.accountReplaced() });
  const api: KeywardApi = housekeeping.wrap({
    ...methodsOf(new SessionService(env, housekeeping), ['getSession', 'advanceTime']),
    ...methodsOf(new PermissionQueries(env, cache), ['getPermissions', 'getKeyPermissions']),
    ...kmsApi({
      keys,
      wraps: new WrapService(env, cache, keys, insights.usage),
      rings: new KeyRingService(env, keys, cache),
      keyPolicies: new KeyPolicyService(env, keys, rotations),
      instancePolicies: new InstancePolicyService(env),
      importTokens,
      rotations,
      expiry,
      keyNotifier,
    }),
    ...methodsOf(new EventsService(env, cache), EVENTS_API_METHODS),
    getSealStatus: (ctx) => seal.getStatus(ctx),
    sealAccount: (ctx, req) => seal.seal(ctx, req),
    unsealAccount: (ctx, req) => seal.unseal(ctx, req),
    removeSeal: (ctx, req) => seal.remove(ctx, req),
    ...methodsOf(authorizations, [
      'createAuthorization',
      'listAuthorizations',
      'deleteAuthorization',
    ]),
    ...methodsOf(instances, [
      'createInstance',
      'renameInstance',
      'deleteInstance',
      'getInstanceUsage',
    ]),
    ...methodsOf(users, ['addUser', 'removeUser', 'grantAccess', 'revokeAccess', 'checkAccess']),
    ...methodsOf(storage.buckets, [
      'getStoragePermissions',
      'listBuckets',
      'getBucket',
      'createBucket',
      'deleteBucket',
      'listEncryptionKeys',
      'getProtectedBuckets',
    ]),
    ...methodsOf(storage.objects, [
      'listObjects',
      'headObject',
      'beginUpload',
      'putUploadChunk',
      'completeUpload',
      'abortUpload',
      'getObjectChunk',
      'deleteObject',
    ]),
    ...methodsOf(hpcs, HPCS_API_METHODS),
    ...methodsOf(insights, INSIGHTS_API_METHODS),
    loadScenario: (ctx, scenarioId) =>
      presenter.loadScenario(ctx, scenarioId, (admin) =>
        seedScenario(
          engine,
          scenarioId,
          async (ms) => {
            await engine.advanceTime(admin, ms);
          },
          engine.scenarioOptions,
        ),
      ),
    ...methodsOf(presenter, [
      'saveCheckpoint',
      'listCheckpoints',
      'restoreCheckpoint',
      'deleteCheckpoint',
      'resetAccount',
      'exportBackup',
      'restoreBackup',
      'getWalkthrough',
      'startWalkthrough',
      'endWalkthrough',
    ]),
  });
  const engine: Engine = {
    ...api,
    scenarioOptions: {},
    env,
    authorizations,
    close: async () => {
      rotations.stop();
      env.events.stop();
      // Both stop at once: a rewrap stops at its next step, no delivery starts.
      await Promise.all([storage.stop(), keyNotifier.stop()]);
      await env.audit.flush();
      channel?.close();
      await env.store.close();
    },
    flushEvents: () => env.audit.flush(),
    registerResource: (keyId, resourceCrn, preventKeyDeletion) =>
      keys.register(keyId, resourceCrn, preventKeyDeletion),
    storageIdle: () => storage.keyEvents.idle(),
  };
  // Every API method checks its arguments against its declared shape first (SPEC 14).
  guardApi(engine, env);
  storage.start();
  // Notifications a closed tab (or this one, last time) committed but never delivered.
  await keyNotifier.deliverPending().catch(() => undefined);
  channel?.addEventListener('message', (event) => {
    stale.onNotice(event.data);
    deps.onChange?.(event.data);
  });
  // Rotations that fell due while the app was closed happen now. A failure is not fatal here:
  // the same check runs before every call, which reports it.
  await rotations.rotateDue().catch(() => undefined);
  return engine;
}
