/**
 * Keys of SPEC.md sections 3 and 4: create, read, list, aliases, versions, rotate, and the
 * lifecycle (disable, enable, dual-authorization scheduling, delete, restore, purge), plus the
 * registrations that protect keys. Every rule of those sections is checked here; wrap, unwrap
 * and rewrap live in `wrap.ts`, key policies in `key-policies.ts`, key rings in `key-rings.ts`.
 */
import type {
  BatchItem,
  CallContext,
  CreateKeyRequest,
  DeleteKeyOptions,
  KeyList,
  ListKeysQuery,
  ListRegistrationsQuery,
  PageQuery,
  RotateKeyRequest,
} from '../../domain/api';
import { INSTANCE_SERVICE_NAMES } from '../../domain/access-validation';
import { formatCrn, parseCrn } from '../../domain/crn';
import {
  EngineError,
  engineError,
  errorBody,
  invalidField,
  keyNotFound,
} from '../../domain/errors';
import {
  allowedOperations,
  KeyState,
  nextState,
  STATE_LABELS,
  stateAllows,
  type LifecycleOperation,
} from '../../domain/key-state';
import type { KeyAction } from '../../domain/roles';
import { rotationPolicyProblem } from '../../domain/rotation';
import {
  AUTO_PURGE_AFTER,
  ENABLE_AFTER_DISABLE,
  HOUR,
  PURGE_AFTER_DELETE,
  RESTORE_AFTER_DELETE,
  ROTATION_MIN_INTERVAL,
} from '../../domain/time';
import type {
  AccessPolicy,
  InstancePolicies,
  Key,
  KeyVersion,
  KeyWithPayload,
  Registration,
  RotationPolicy,
  User,
} from '../../domain/types';
import {
  aliasProblem,
  check,
  checkPage,
  descriptionProblem,
  encodeBase64,
  keyNameProblem,
  keyRingIdProblem,
  LIMITS,
  pageOf,
  parseFutureDate,
} from '../../domain/validation';
import { encipherMaterial } from '../crypto/key-material';
import { randomUUID } from '../crypto/random';
import { allows, allowsAnywhereIn, denial, hasAnyRoleIn, requireAllowed } from '../iam/access';
import { DEFAULT_KEY_RING } from '../iam/bootstrap';
import type { PendingEvent } from '../audit/audit-log';
import { Operation, perform, toEngineError, type EngineContext } from '../operation';
import type { StoreTx } from '../store/store-tx';
import type { KeyRecord, KeyVersionRecord, RegistrationRecord } from '../store/records';
import { recordKeyChange, type KeyChange } from './key-notifications';
import {
  confirmInTransaction,
  instancePoliciesIn,
  prepareMaterial,
  prepareRotationMaterial,
  requireCreateImportAccess,
  type PreparedMaterial,
} from './import-material';
import type { KeyCache } from './key-cache';
import { pageOfKeys, readListKeysQuery, selectKeys, type KeyListing } from './key-listing';
import { initialRotation, rescheduledAfterRotation, withRotationPolicy } from './rotation-schedule';
import {
  accessTargetOf,
  deletionScheduled,
  effectiveState,
  isExpired,
  restoreDeadline,
  settled,
  toKey,
} from './key-view';

/** What `createKey` prepared before its transaction. */
interface PreparedKey {
  record: KeyRecord;
  material: PreparedMaterial;
  enciphered: KeyVersionRecord['material'];
  overrides: { rotation?: RotationPolicy; dualAuthDelete?: boolean } | undefined;
  now: number;
}

export interface ResolvedKey {
  user: User;
  policies: AccessPolicy[];
  key: KeyRecord;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function requireState(key: KeyRecord, now: number, op: LifecycleOperation): void {
  const state = effectiveState(key, now);
  if (!stateAllows(state, op)) {
    const allowed = allowedOperations(state).join(', ');
    throw engineError(
      'KEY_ACTION_INVALID_STATE_ERR',
      `The key is ${STATE_LABELS[state]}: ${op} is not allowed in that state (allowed: ${allowed}).`,
    );
  }
}

export function requireNotDeleted(key: KeyRecord, now: number, what: string): void {
  if (effectiveState(key, now) === KeyState.Destroyed)
    throw engineError(
      'KEY_ACTION_INVALID_STATE_ERR',
      `The key is Deleted: ${what} is not allowed; restore it first.`,
    );
}

/** Root-only actions (wrap, unwrap, rewrap, rotate, rotation policy): Key Protect's 400. */
export function requireRootKey(key: KeyRecord, what: string): void {
  if (key.extractable)
    throw engineError(
      'KEY_ROOT_REQ_ERR',
      `${what} needs a root key; "${key.name}" is a standard key. Use a root key (extractable: false) instead.`,
    );
}

/** Dual-authorization scheduling works on Active keys only. */
function requireActive(key: KeyRecord, now: number, what: string): void {
  const state = effectiveState(key, now);
  if (state !== KeyState.Active)
    throw engineError(
      'KEY_ACTION_INVALID_STATE_ERR',
      `The key is ${STATE_LABELS[state]}: ${what} needs an Enabled (Active) key.`,
    );
}

function requireDualAuth(key: KeyRecord, what: string): void {
  if (!key.dualAuthEnabled)
    throw engineError(
      'NOT_DUAL_AUTH_ERR',
      `The key is not dual auth enabled, so it cannot be ${what}: a Manager can delete it directly.`,
    );
}

export class KeyService {
  /** Engine time at which a Destroyed key next reaches its automatic purge. */
  private nextAutoPurge = 0;
  /**
   * The dashboard's additional list filters (issue 11: expiring, rotation due, not used…), set by
   * the engine; resolves to the test each listed key must also pass.
   */
  listFilter?: (
    query: ListKeysQuery,
    now: number,
    instanceId: string,
  ) => Promise<(k: KeyRecord) => boolean>;

  constructor(
    private readonly env: EngineContext,
    private readonly cache: KeyCache,
  ) {}

  /**
   * Resolves the acting user and a key of the addressed instance, and checks the action (which
   * may depend on the key, e.g. reading a standard key means reading its payload).
   */
  async resolve(
    op: Operation,
    idOrAlias: unknown,
    action: KeyAction | ((key: KeyRecord) => KeyAction),
  ): Promise<ResolvedKey> {
    const { user, policies } = await op.signIn();
    const instance = await this.env.directory.kmsInstance(op.ctx.instanceId);
    op.aim(instance.crn, { instanceId: instance.id });
    // An hpcs instance without its master key loaded refuses every key call (SPEC section 11).
    if (instance.kind === 'hpcs') await this.cache.masterKey(instance.id);
    if (!hasAnyRoleIn(policies, instance.id))
      throw denial(user, typeof action === 'string' ? action : 'read', {
        instanceId: instance.id,
      });
    if (typeof idOrAlias !== 'string' || idOrAlias.length === 0)
      throw invalidField('id', 'a key id or alias is required');
    const key = await this.cache.find(instance.id, idOrAlias);
    if (!key) throw keyNotFound(idOrAlias);
    op.aim(key.crn, accessTargetOf(key));
    requireAllowed(
      user,
      policies,
      accessTargetOf(key),
      typeof action === 'string' ? action : action(key),
    );
    return { user, policies, key };
  }

  /**
   * Commits a change to one key: re-reads it inside the transaction (another tab may have changed
   * it), lets `mutate` check the rules and return the new record, and stores it.
   */
  async change(
    op: Operation,
    key: KeyRecord,
    mutate: (fresh: KeyRecord, tx: StoreTx) => KeyRecord | Promise<KeyRecord>,
    /** A lifecycle change: its notification to registered services is written with it. */
    notice?: KeyChange,
  ): Promise<KeyRecord> {
    const next = await op.commit(
      async (tx) => {
        const fresh = await tx.getKey(key.id);
        if (!fresh) throw keyNotFound(key.id);
        let updated = await mutate(settled(fresh, op.now), tx);
        if (notice) updated = await recordKeyChange(tx, notice, updated, op.correlationId, op.now);
        await tx.putKey(updated);
        return updated;
      },
      { topic: 'keys', instanceId: key.instanceId, keyId: key.id },
    );
    this.cache.remember(next);
    if (next.autoPurgeAt !== undefined)
      this.nextAutoPurge = Math.min(this.nextAutoPurge, next.autoPurgeAt);
    return next;
  }

  createKey(ctx: CallContext, req: CreateKeyRequest): Promise<Key> {
    return perform(this.env, ctx, 'kms.secrets.create', async (op) => {
      const prepared = await this.prepareCreate(op, req);
      await op.commit((tx) => this.storeCreated(tx, prepared, new Map()), {
        topic: 'keys',
        instanceId: prepared.record.instanceId,
        keyId: prepared.record.id,
      });
      this.cache.remember(prepared.record);
      return toKey(prepared.record, op.now);
    });
  }

  /**
   * Creates up to LIMITS.batchMax keys in one call (a Keyward addition for seeding and bulk
   * paths): each item is checked exactly as its own `createKey` would be and audited by its own
   * `kms.secrets.create` event (all sharing the call's correlation id), and the result says, in
   * order, which key each item made or which error refused it. Every item's material is made and
   * enciphered before one transaction stores every allowed item with every item's event; an item
   * refused inside that transaction writes nothing (its checks run before its writes).
   */
  async createKeys(ctx: CallContext, requests: CreateKeyRequest[]): Promise<BatchItem<Key>[]> {
    const correlated: CallContext = { ...ctx, correlationId: ctx.correlationId ?? randomUUID() };
    if (!Array.isArray(requests) || requests.length === 0 || requests.length > LIMITS.batchMax)
      return perform(this.env, correlated, 'kms.secrets.create', () => {
        throw invalidField('requests', `give 1–${LIMITS.batchMax} key requests`);
      });
    const ops = requests.map(() => new Operation(this.env, correlated, 'kms.secrets.create'));
    // The master key, and the check that new material may be made under it, once a call: every
    // item is prepared at the same moment, so one answer holds for all of them.
    const masterKeys = new Map<string, Promise<CryptoKey>>();
    const masterKeyFor = (instanceId: string) => {
      let found = masterKeys.get(instanceId);
      if (!found)
        masterKeys.set(instanceId, (found = this.cache.masterKeyForNewMaterial(instanceId)));
      return found;
    };
    const outcomes = await Promise.all(
      requests.map(async (req, i): Promise<PreparedKey | EngineError> => {
        try {
          return await this.prepareCreate(ops[i] as Operation, req, masterKeyFor);
        } catch (error) {
          return toEngineError(error);
        }
      }),
    );
    const results: BatchItem<Key>[] = [];
    const instanceIds = new Set<string>();
    let restoreQueue: (() => void) | undefined;
    try {
      await this.env.store.write(async (tx) => {
        const memo = new Map<string, unknown>();
        const events: PendingEvent[] = [];
        results.length = 0;
        for (const [i, outcome] of outcomes.entries()) {
          const op = ops[i] as Operation;
          let error = outcome instanceof EngineError ? outcome : undefined;
          if (!(outcome instanceof EngineError)) {
            try {
              await this.storeCreated(tx, outcome, memo);
            } catch (thrown) {
              // A refusal checked in the transaction wrote nothing; anything else aborts it all.
              if (!(thrown instanceof EngineError)) throw thrown;
              error = thrown;
            }
          }
          if (error) {
            events.push(op.event('failure', error));
            results.push({ ok: false, error: errorBody(error) });
          } else {
            const created = (outcome as PreparedKey).record;
            events.push(op.event('success'));
            results.push({ ok: true, value: toKey(created, op.now) });
            instanceIds.add(created.instanceId);
          }
        }
        restoreQueue = await this.env.audit.appendInTransaction(tx, events);
      });
    } catch (thrown) {
      restoreQueue?.();
      // Nothing was stored: every item fails with the transaction's error, and is audited so.
      const failed = toEngineError(thrown);
      const refusals = outcomes.map((o) => (o instanceof EngineError ? o : failed));
      refusals.forEach((error, i) =>
        this.env.audit.queue((ops[i] as Operation).event('failure', error)),
      );
      this.env.events.announce({ instanceId: ctx.instanceId });
      return refusals.map((error) => ({ ok: false as const, error: errorBody(error) }));
    }
    for (const [i, outcome] of outcomes.entries())
      if (!(outcome instanceof EngineError) && results[i]?.ok) this.cache.remember(outcome.record);
    if (instanceIds.size > 0)
      for (const instanceId of instanceIds) this.env.notify({ topic: 'keys', instanceId });
    else this.env.events.announce({ instanceId: ctx.instanceId });
    return results;
  }

  /**
   * Everything `createKey` checks and makes before its transaction: access, the request's rules,
   * the new record, and its material, enciphered under the instance's master key.
   */
  private async prepareCreate(
    op: Operation,
    req: CreateKeyRequest,
    masterKeyFor = (instanceId: string) => this.cache.masterKeyForNewMaterial(instanceId),
  ): Promise<PreparedKey> {
    const { user, policies } = await op.signIn();
    const instance = await this.env.directory.kmsInstance(op.ctx.instanceId);
    op.aim(instance.crn, { instanceId: instance.id });
    if (typeof req !== 'object' || req === null)
      throw invalidField('body', 'a key request is required');
    const keyRingID = req.keyRingID ?? DEFAULT_KEY_RING;
    check('keyRingID', keyRingIdProblem(keyRingID));
    requireAllowed(user, policies, { instanceId: instance.id, keyRingID }, 'write');
    check('name', keyNameProblem(req.name));
    check('description', descriptionProblem(req.description));
    if (typeof req.extractable !== 'boolean')
      throw invalidField('extractable', 'must be true (standard key) or false (root key)');
    const aliases = req.aliases ?? [];
    if (!Array.isArray(aliases)) throw invalidField('aliases', 'must be a list');
    if (aliases.length > LIMITS.aliasesPerKey)
      throw engineError(
        'KEY_ALIAS_QUOTA_ERR',
        `A key can have at most ${LIMITS.aliasesPerKey} aliases.`,
      );
    aliases.forEach((a, i) => check(`aliases[${i}]`, aliasProblem(a)));
    if (new Set(aliases).size !== aliases.length)
      throw invalidField('aliases', 'list each alias once');
    const overrides = policyOverrides(req);
    if (overrides) requireAllowed(user, policies, { instanceId: instance.id, keyRingID }, 'policy');
    const expirationDate =
      req.expirationDate === undefined
        ? undefined
        : parseFutureDate('expirationDate', req.expirationDate, op.now);

    const id = randomUUID();
    const versionId = randomUUID();
    // Generated, or imported (plain or through the import token): see import-material.ts.
    const prepared = await prepareMaterial(this.env.store, instance, req, req.extractable, op.now);
    const material = prepared.material;
    const enciphered = await encipherMaterial(
      await masterKeyFor(instance.id),
      id,
      versionId,
      material,
    );
    material.fill(0);
    const account = (await this.env.directory.get()).account;
    const record: KeyRecord = {
      id,
      instanceId: instance.id,
      name: req.name,
      aliases: [...aliases],
      keyRingID,
      state: KeyState.Active,
      extractable: req.extractable,
      imported: prepared.imported,
      crn: formatCrn({
        service: INSTANCE_SERVICE_NAMES[instance.kind],
        region: instance.region,
        accountId: account.id,
        instanceGuid: instance.id,
        resourceType: 'key',
        resource: id,
      }),
      creationDate: op.now,
      createdBy: user.id,
      lastUpdateDate: op.now,
      currentVersion: { id: versionId, number: 1, creationDate: op.now },
      dualAuthEnabled: false,
      // The instance's rotation default (issue 4), for generated root keys.
      ...initialRotation(
        instance,
        { extractable: req.extractable, imported: prepared.imported },
        op.now,
      ),
    };
    if (req.description !== undefined) record.description = req.description;
    if (expirationDate !== undefined) record.expirationDate = expirationDate;
    const created = overrides?.rotation ? withRotationPolicy(record, overrides.rotation) : record;
    op.aim(record.crn, accessTargetOf(record));
    return { record: created, material: prepared, enciphered, overrides, now: op.now };
  }

  /**
   * The in-transaction half of a creation: every check first (ring, aliases, instance policies),
   * then the writes, so a refused item writes nothing. `memo` keeps what one transaction has
   * already read of the rings and instance policies (creations change neither).
   */
  private async storeCreated(
    tx: StoreTx,
    p: PreparedKey,
    memo: Map<string, unknown>,
  ): Promise<void> {
    const { record, material, overrides, now } = p;
    const { instanceId, keyRingID, id, aliases } = record;
    const ringKey = `ring:${instanceId}/${keyRingID}`;
    if (!memo.has(ringKey))
      memo.set(ringKey, (await tx.getKeyRing(instanceId, keyRingID)) !== undefined);
    if (memo.get(ringKey) !== true)
      throw engineError(
        'KEY_RING_NOT_FOUND_ERR',
        `Key ring "${keyRingID}" does not exist in this instance.`,
      );
    await this.checkAliases(tx, instanceId, id, aliases);
    const what = { extractable: record.extractable, rotation: false };
    let instancePolicies: InstancePolicies;
    if (material.tokenCreatedAt !== undefined)
      instancePolicies = await confirmInTransaction(tx, instanceId, material, what);
    else {
      const policyKey = `policies:${instanceId}`;
      instancePolicies =
        (memo.get(policyKey) as InstancePolicies | undefined) ??
        (await instancePoliciesIn(tx, instanceId));
      memo.set(policyKey, instancePolicies);
      requireCreateImportAccess(instancePolicies, material, what);
    }
    record.dualAuthEnabled = overrides?.dualAuthDelete ?? instancePolicies.dualAuthDelete.enabled;
    for (const alias of aliases) await tx.putAlias({ instanceId, alias, keyId: id });
    await tx.putKey(record);
    await tx.putVersion({
      keyId: id,
      number: 1,
      id: record.currentVersion.id,
      creationDate: now,
      material: p.enciphered,
    });
  }

  /** Checks aliases are free in the instance and within its quota. */
  private async checkAliases(
    tx: StoreTx,
    instanceId: string,
    keyId: string,
    aliases: readonly string[],
  ): Promise<void> {
    if (aliases.length === 0) return;
    for (const alias of aliases) {
      const taken = await tx.getAlias(instanceId, alias);
      if (taken && taken.keyId !== keyId)
        throw engineError(
          'KEY_ALIAS_NOT_UNIQUE_ERR',
          `The alias "${alias}" is already used by another key in this instance.`,
        );
    }
    if ((await tx.countAliases(instanceId)) + aliases.length > LIMITS.aliasesPerInstance)
      throw engineError(
        'KEY_ALIAS_QUOTA_ERR',
        `An instance can have at most ${LIMITS.aliasesPerInstance} aliases; delete unused aliases first.`,
      );
  }

  /** Checks aliases are free in the instance and within its quota, and records them. */
  private async claimAliases(
    tx: StoreTx,
    instanceId: string,
    keyId: string,
    aliases: readonly string[],
  ): Promise<void> {
    await this.checkAliases(tx, instanceId, keyId, aliases);
    for (const alias of aliases) await tx.putAlias({ instanceId, alias, keyId });
  }

  listKeys(ctx: CallContext, listQuery?: ListKeysQuery): Promise<KeyList> {
    const query = listQuery ?? {};
    return perform(this.env, ctx, 'kms.secrets.list', async (op) => {
      const { offset, limit } = checkPage(query.offset, query.limit);
      const { listing, selected } = await this.select(op, query);
      return {
        keys: pageOfKeys(selected, listing).map((k) => toKey(k, op.now)),
        total: selected.length,
        offset,
        limit,
      };
    });
  }

  /** Key Protect's `HEAD /keys`: the total the query matches, audited as `kms.secrets.head`. */
  headKeys(ctx: CallContext, listQuery?: ListKeysQuery): Promise<{ total: number }> {
    const query = listQuery ?? {};
    return perform(this.env, ctx, 'kms.secrets.head', async (op) => ({
      total: (await this.select(op, query)).selected.length,
    }));
  }

  /** The keys a list query selects, sorted: the acting user's readable keys only. */
  private async select(
    op: Operation,
    query: ListKeysQuery,
  ): Promise<{ listing: KeyListing; selected: KeyRecord[] }> {
    const { user, policies } = await op.signIn();
    const instance = await this.env.directory.kmsInstance(op.ctx.instanceId);
    op.aim(instance.crn, { instanceId: instance.id });
    if (instance.kind === 'hpcs') await this.cache.masterKey(instance.id);
    // A role that cannot read anywhere here (KeyPurge alone) is refused, not shown an empty list.
    if (!allowsAnywhereIn(policies, instance.id, 'read'))
      throw denial(user, 'read', { instanceId: instance.id });
    const listing = readListKeysQuery(query);
    const extra = await this.listFilter?.(query, op.now, instance.id);
    const records = await this.cache.allKeys(instance.id);
    const selected = selectKeys(
      records,
      listing,
      op.now,
      (k) => (!extra || extra(k)) && allows(policies, accessTargetOf(k), 'read'),
    );
    return { listing, selected };
  }

  getKey(ctx: CallContext, idOrAlias: string): Promise<KeyWithPayload> {
    return perform(this.env, ctx, 'kms.secrets.read', async (op) => {
      // A standard key is read with its payload, so the denial names ReaderPlus, not Reader.
      const { key } = await this.resolve(op, idOrAlias, (k) =>
        k.extractable ? 'readPayload' : 'read',
      );
      const view: KeyWithPayload = toKey(key, op.now);
      if (!key.extractable) return view; // root key material never leaves the engine
      if (effectiveState(key, op.now) === KeyState.Destroyed) return view;
      const payload = await this.cache.payload(key);
      view.payload = encodeBase64(payload);
      payload.fill(0);
      return view;
    });
  }

  getKeyMetadata(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return perform(this.env, ctx, 'kms.secrets-metadata.read', async (op) => {
      const { key } = await this.resolve(op, idOrAlias, 'read');
      return toKey(key, op.now);
    });
  }

  getKeyVersions(
    ctx: CallContext,
    idOrAlias: string,
    page?: PageQuery,
  ): Promise<{ versions: KeyVersion[]; total: number }> {
    return perform(this.env, ctx, 'kms.secrets-key-versions.list', async (op) => {
      const { key } = await this.resolve(op, idOrAlias, 'read');
      const stored = await this.env.store.read((tx) => tx.versionsOfKey(key.id));
      const versions = stored
        .sort((a, b) => b.number - a.number)
        .map((v) => ({
          id: v.id,
          number: v.number,
          creationDate: iso(v.creationDate),
          current: v.id === key.currentVersion.id,
        }));
      return { versions: pageOf(versions, page), total: versions.length };
    });
  }

  getRegistrations(
    ctx: CallContext,
    idOrAlias: string,
    page?: PageQuery,
  ): Promise<{ registrations: Registration[]; total: number }> {
    return perform(this.env, ctx, 'kms.registrations.list', async (op) => {
      const { key } = await this.resolve(op, idOrAlias, 'read');
      const stored = await this.env.store.read((tx) => tx.registrationsOfKey(key.id));
      const registrations = await this.withKeyFields(stored, new Map([[key.id, key]]));
      return { registrations: pageOf(registrations, page), total: registrations.length };
    });
  }

  /**
   * Registrations across every key of the instance the acting user may read, as Key Protect's
   * `GET /keys/registrations`: by CRN (`*` matches any run of characters) and preventKeyDeletion.
   */
  listRegistrations(
    ctx: CallContext,
    query: ListRegistrationsQuery = {},
  ): Promise<{ registrations: Registration[]; total: number }> {
    return perform(this.env, ctx, 'kms.registrations.list', async (op) => {
      const { user, policies } = await op.signIn();
      const instance = await this.env.directory.kmsInstance(op.ctx.instanceId);
      op.aim(instance.crn, { instanceId: instance.id });
      if (instance.kind === 'hpcs') await this.cache.masterKey(instance.id);
      if (!allowsAnywhereIn(policies, instance.id, 'read'))
        throw denial(user, 'read', { instanceId: instance.id });
      if (typeof query !== 'object' || query === null)
        throw invalidField('query', 'a registrations query is an object');
      if (query.crnQuery !== undefined && typeof query.crnQuery !== 'string')
        throw invalidField('crnQuery', 'a resource CRN, * matching any characters');
      if (query.preventKeyDeletion !== undefined && typeof query.preventKeyDeletion !== 'boolean')
        throw invalidField('preventKeyDeletion', 'must be true or false');
      const readable = new Map(
        (await this.cache.allKeys(instance.id))
          .filter((k) => allows(policies, accessTargetOf(k), 'read'))
          .map((k) => [k.id, k]),
      );
      const pattern =
        query.crnQuery === undefined
          ? undefined
          : new RegExp(
              `^${query.crnQuery
                .split('*')
                .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
                .join('.*')}$`,
            );
      const stored = (await this.env.store.read((tx) => tx.listRegistrations()))
        .filter((r) => readable.has(r.keyId))
        .filter((r) => !pattern || pattern.test(r.resourceCrn))
        .filter(
          (r) =>
            query.preventKeyDeletion === undefined ||
            r.preventKeyDeletion === query.preventKeyDeletion,
        )
        .sort((a, b) => a.createdAt - b.createdAt || a.resourceCrn.localeCompare(b.resourceCrn));
      const page = pageOf(stored, { offset: query.offset, limit: query.limit });
      return {
        registrations: await this.withKeyFields(page, readable),
        total: stored.length,
      };
    });
  }

  /** Registrations with the fields Key Protect adds: key name, version date, who registered. */
  private async withKeyFields(
    stored: RegistrationRecord[],
    keys: Map<string, KeyRecord>,
  ): Promise<Registration[]> {
    const versionDates = new Map<string, number>();
    await this.env.store.read(async (tx) => {
      for (const id of new Set(stored.map((r) => r.keyId)))
        for (const v of await tx.versionsOfKey(id)) versionDates.set(v.id, v.creationDate);
    });
    return stored.map((r) => {
      const service = parseCrn(r.resourceCrn)?.service;
      const versionDate = versionDates.get(r.keyVersionId);
      const key = keys.get(r.keyId);
      return {
        ...r,
        createdAt: iso(r.createdAt),
        ...(key ? { keyName: key.name } : {}),
        ...(service ? { createdBy: service, updatedBy: service } : {}),
        lastUpdated: iso(r.createdAt),
        keyVersion: {
          id: r.keyVersionId,
          ...(versionDate !== undefined ? { creationDate: iso(versionDate) } : {}),
        },
      };
    });
  }

  /**
   * Key Protect's `POST /keys/{id}/actions/sync`: the services registered with the key are to be
   * notified again (the engine does it after this commits). Refused with 409 REQ_TOO_EARLY_ERR
   * within an hour of the last notification (a lifecycle change or a sync), as Key Protect does.
   */
  syncAssociatedResources(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return perform(this.env, ctx, 'kms.secrets.sync', async (op) => {
      const { key } = await this.resolve(op, idOrAlias, 'write');
      const next = await this.change(
        op,
        key,
        (fresh) => {
          const last = fresh.lastNotifiedAt;
          if (last !== undefined && op.now < last + HOUR) {
            const minutes = Math.ceil((last + HOUR - op.now) / 60_000);
            throw engineError(
              'REQ_TOO_EARLY_ERR',
              `The services registered with this key were notified at ${iso(last)}: a sync can be requested once an hour after the last notification, so try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
            );
          }
          return { ...fresh, lastNotifiedAt: op.now };
        },
        'synced',
      );
      return toKey(next, op.now);
    });
  }

  createAlias(ctx: CallContext, idOrAlias: string, alias: string): Promise<Key> {
    return perform(this.env, ctx, 'kms.secrets-alias.create', async (op) => {
      const { key } = await this.resolve(op, idOrAlias, 'write');
      check('alias', aliasProblem(alias));
      const next = await this.change(op, key, async (fresh, tx) => {
        requireNotDeleted(fresh, op.now, 'adding an alias');
        if (fresh.aliases.includes(alias)) return fresh;
        if (fresh.aliases.length >= LIMITS.aliasesPerKey)
          throw engineError(
            'KEY_ALIAS_QUOTA_ERR',
            `A key can have at most ${LIMITS.aliasesPerKey} aliases.`,
          );
        await this.claimAliases(tx, fresh.instanceId, fresh.id, [alias]);
        return { ...fresh, aliases: [...fresh.aliases, alias], lastUpdateDate: op.now };
      });
      return toKey(next, op.now);
    });
  }

  deleteAlias(ctx: CallContext, idOrAlias: string, alias: string): Promise<Key> {
    return perform(this.env, ctx, 'kms.secrets-alias.delete', async (op) => {
      const { key } = await this.resolve(op, idOrAlias, 'manage');
      const next = await this.change(op, key, async (fresh, tx) => {
        if (!fresh.aliases.includes(alias))
          throw engineError('KEY_ALIAS_NOT_FOUND_ERR', `The key has no alias "${alias}".`);
        await tx.deleteAlias(fresh.instanceId, alias);
        return {
          ...fresh,
          aliases: fresh.aliases.filter((a) => a !== alias),
          lastUpdateDate: op.now,
        };
      });
      return toKey(next, op.now);
    });
  }

  rotate(ctx: CallContext, idOrAlias: string, req?: RotateKeyRequest): Promise<Key> {
    return perform(this.env, ctx, 'kms.secrets.rotate', async (op) => {
      const { key } = await this.resolve(op, idOrAlias, 'write');
      requireRootKey(key, 'Rotation');
      // Crypto first, outside the transaction. The state is checked only on the record read in
      // the transaction: this tab's cached copy may be stale (changed in another tab).
      const versionId = randomUUID();
      const prepared = await prepareRotationMaterial(
        this.env.store,
        await this.env.directory.kmsInstance(key.instanceId),
        key,
        req,
        op.now,
      );
      const material = prepared.material;
      const enciphered = await encipherMaterial(
        await this.cache.masterKeyForNewMaterial(key.instanceId),
        key.id,
        versionId,
        material,
      );
      material.fill(0);
      const next = await this.change(
        op,
        key,
        async (fresh, tx) => {
          requireState(fresh, op.now, 'rotate');
          await confirmInTransaction(tx, fresh.instanceId, prepared, {
            extractable: false,
            rotation: true,
          });
          if (
            fresh.lastRotateDate !== undefined &&
            op.now - fresh.lastRotateDate < ROTATION_MIN_INTERVAL
          )
            throw engineError(
              'KEY_ROTATION_NOT_PERMITTED',
              `A key can be rotated once an hour; this key was last rotated at ${iso(fresh.lastRotateDate)}. Try again after ${iso(fresh.lastRotateDate + ROTATION_MIN_INTERVAL)}.`,
            );
          const number = fresh.currentVersion.number + 1;
          await tx.putVersion({
            keyId: fresh.id,
            number,
            id: versionId,
            creationDate: op.now,
            material: enciphered,
          });
          return {
            ...fresh,
            currentVersion: { id: versionId, number, creationDate: op.now },
            lastRotateDate: op.now,
            lastUpdateDate: op.now,
            ...rescheduledAfterRotation(fresh, op.now),
          };
        },
        'rotated',
      );
      return toKey(next, op.now);
    });
  }

  disableKey(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return this.transition(ctx, idOrAlias, 'disable', 'kms.secrets.disable', (fresh, now) => ({
      ...fresh,
      state: nextState(fresh.state, 'disable'),
      lastDisabledAt: now,
      lastUpdateDate: now,
    }));
  }

  enableKey(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return this.transition(ctx, idOrAlias, 'enable', 'kms.secrets.enable', (fresh, now) => {
      if (fresh.lastDisabledAt !== undefined && now - fresh.lastDisabledAt < ENABLE_AFTER_DISABLE)
        throw engineError(
          'REQ_TOO_EARLY_ERR',
          `A key can be enabled 30 seconds after it was disabled; try again after ${iso(fresh.lastDisabledAt + ENABLE_AFTER_DISABLE)}.`,
        );
      return { ...fresh, state: nextState(fresh.state, 'enable'), lastUpdateDate: now };
    });
  }

  /**
   * A Manager-only state change (disable or enable) whose rules `mutate` checks on the fresh
   * record; registered services are notified of it.
   */
  private transition(
    ctx: CallContext,
    idOrAlias: string,
    operation: Extract<LifecycleOperation, 'disable' | 'enable'>,
    action: string,
    mutate: (fresh: KeyRecord, now: number) => KeyRecord,
  ): Promise<Key> {
    return perform(this.env, ctx, action, async (op) => {
      const { key } = await this.resolve(op, idOrAlias, 'manage');
      // Checked on the fresh record only: the cached one may be stale.
      const next = await this.change(
        op,
        key,
        (fresh) => {
          requireState(fresh, op.now, operation);
          return mutate(fresh, op.now);
        },
        operation === 'disable' ? 'disabled' : 'enabled',
      );
      return toKey(next, op.now);
    });
  }

  setKeyForDeletion(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return perform(this.env, ctx, 'kms.secrets.setkeyfordeletion', async (op) => {
      const { user, key } = await this.resolve(op, idOrAlias, 'scheduleDeletion');
      const next = await this.change(op, key, (fresh) => {
        requireDualAuth(fresh, 'set for deletion');
        requireActive(fresh, op.now, 'scheduling a deletion');
        return { ...fresh, deletionSetBy: user.id, deletionSetAt: op.now, lastUpdateDate: op.now };
      });
      return toKey(next, op.now);
    });
  }

  unsetKeyForDeletion(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return perform(this.env, ctx, 'kms.secrets.unsetkeyfordeletion', async (op) => {
      const { key } = await this.resolve(op, idOrAlias, 'scheduleDeletion');
      const next = await this.change(op, key, (fresh) => {
        requireDualAuth(fresh, 'unset for deletion');
        requireActive(fresh, op.now, 'cancelling a scheduled deletion');
        if (!deletionScheduled(fresh, op.now))
          throw engineError(
            'KEY_ACTION_INVALID_STATE_ERR',
            'This key is not scheduled for deletion.',
          );
        const { deletionSetBy: _by, deletionSetAt: _at, ...rest } = fresh;
        return { ...rest, lastUpdateDate: op.now };
      });
      return toKey(next, op.now);
    });
  }

  deleteKey(ctx: CallContext, idOrAlias: string, options: DeleteKeyOptions = {}): Promise<Key> {
    return perform(this.env, ctx, 'kms.secrets.delete', async (op) => {
      const { user, key } = await this.resolve(op, idOrAlias, 'manage');
      // Checked on the fresh record only: the cached one may be stale.
      const next = await this.change(
        op,
        key,
        async (fresh, tx) => {
          if (effectiveState(fresh, op.now) === KeyState.Destroyed)
            throw engineError(
              'KEY_DELETED_ERR',
              `The key was already deleted at ${iso(fresh.deletionDate ?? op.now)}: there is nothing more to delete. Restore it within 30 days, or purge it (KeyPurge role) from 4 hours after deletion.`,
            );
          requireState(fresh, op.now, 'delete');
          if (fresh.dualAuthEnabled) {
            if (!deletionScheduled(fresh, op.now))
              throw engineError(
                'AUTHORIZATIONS_NOT_MET',
                'Dual authorization is on: another user with delete rights must first schedule this deletion (valid 7 days).',
              );
            if (fresh.deletionSetBy === user.id)
              throw engineError(
                'AUTHORIZATIONS_NOT_MET',
                'Dual authorization needs two different users: you scheduled this deletion, so someone else must delete the key.',
              );
          }
          const registrations = await tx.registrationsOfKey(fresh.id);
          if (registrations.length > 0) {
            const prevented = registrations.filter((r) => r.preventKeyDeletion);
            if (prevented.length > 0)
              throw engineError(
                'PREV_KEY_DEL_ERR',
                'The key protects resources that prevent its deletion (for example, a retention policy); it cannot be deleted, even with force.',
                prevented.map((r) => r.resourceCrn),
              );
            if (!options.force)
              throw engineError(
                'PROTECTED_RESOURCE_ERR',
                `The key protects ${registrations.length} registered resource(s); delete with force to shred them.`,
                registrations.map((r) => r.resourceCrn),
              );
          }
          const { deletionSetBy: _by, deletionSetAt: _at, ...rest } = fresh;
          return {
            ...rest,
            state: KeyState.Destroyed,
            deletionDate: op.now,
            deletedBy: user.id,
            autoPurgeAt: op.now + AUTO_PURGE_AFTER,
            lastUpdateDate: op.now,
          };
        },
        'deleted',
      );
      return toKey(next, op.now);
    });
  }

  restoreKey(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return perform(this.env, ctx, 'kms.secrets.restore', async (op) => {
      const { key } = await this.resolve(op, idOrAlias, 'manage');
      const next = await this.change(
        op,
        key,
        (fresh) => {
          requireState(fresh, op.now, 'restore');
          const deadline = restoreDeadline(fresh);
          if (deadline !== undefined && op.now >= deadline)
            throw engineError(
              'KEY_RESTORE_EXPIRED',
              `The 30-day restore window closed at ${iso(deadline)}; the key can no longer be restored.`,
            );
          if (isExpired(fresh, op.now))
            throw engineError(
              'KEY_EXPIRED_ERR',
              `The key passed its expiration date (${iso(fresh.expirationDate ?? op.now)}) and cannot be restored; create or import a new key instead.`,
            );
          const deletedAt = fresh.deletionDate ?? 0;
          if (op.now - deletedAt < RESTORE_AFTER_DELETE)
            throw engineError(
              'REQ_TOO_EARLY_ERR',
              `A key can be restored 30 seconds after it was deleted; try again after ${iso(deletedAt + RESTORE_AFTER_DELETE)}.`,
            );
          const { deletionDate: _d, deletedBy: _b, autoPurgeAt: _p, ...rest } = fresh;
          return { ...rest, state: nextState(fresh.state, 'restore'), lastUpdateDate: op.now };
        },
        'restored',
      );
      return toKey(next, op.now);
    });
  }

  purgeKey(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return perform(this.env, ctx, 'kms.secrets.purge', async (op) => {
      const { key } = await this.resolve(op, idOrAlias, 'purge');
      const purged = await op.commit(
        async (tx) => {
          const fresh = await tx.getKey(key.id);
          if (!fresh) throw keyNotFound(key.id);
          requireState(fresh, op.now, 'purge');
          const from = (fresh.deletionDate ?? op.now) + PURGE_AFTER_DELETE;
          if (op.now < from)
            throw engineError(
              'REQ_TOO_EARLY_ERR',
              `A deleted key can be purged 4 hours after deletion, from ${iso(from)}.`,
            );
          await this.erase(tx, fresh);
          return fresh;
        },
        { topic: 'keys', instanceId: key.instanceId, keyId: key.id },
      );
      this.cache.forget(key.id);
      return toKey(purged, op.now);
    });
  }

  /** Erases a key's material, aliases, registrations and record; its events stay. */
  private async erase(tx: StoreTx, key: KeyRecord): Promise<void> {
    await tx.deleteVersionsOfKey(key.id);
    await tx.deleteRegistrationsOfKey(key.id);
    for (const alias of key.aliases) await tx.deleteAlias(key.instanceId, alias);
    await tx.deleteKey(key.id);
  }

  /**
   * Purges every key 90 days after its deletion, on the engine clock. Runs before calls once the
   * earliest such date has passed, so a purge that fell due while the app was closed happens on
   * the next call.
   */
  async purgeDue(): Promise<void> {
    const now = this.env.clock.now();
    if (now < this.nextAutoPurge) return;
    let restoreQueue: (() => void) | undefined;
    const { purged, next } = await this.env.store
      .write(async (tx) => {
        const due = await tx.keysDueForPurge(now);
        for (const key of due) await this.erase(tx, key);
        restoreQueue = await this.env.audit.appendInTransaction(
          tx,
          due.map((key) => ({
            id: randomUUID(),
            time: iso(now),
            action: 'kms.secrets.purge',
            initiator: { id: 'system', name: 'Keyward (automatic purge after 90 days)', roles: [] },
            target: { crn: key.crn, keyId: key.id, instanceId: key.instanceId },
            outcome: 'success' as const,
            correlationId: randomUUID(),
          })),
        );
        return { purged: due, next: await tx.nextAutoPurgeAt() };
      })
      .catch((error: unknown) => {
        restoreQueue?.();
        throw error;
      });
    this.nextAutoPurge = next ?? Infinity;
    for (const key of purged) {
      this.cache.forget(key.id);
      this.env.notify({ topic: 'keys', instanceId: key.instanceId, keyId: key.id });
    }
  }

  /** Called when another tab changed keys: its deletions may bring the next purge forward. */
  resetPurgeSchedule(): void {
    this.nextAutoPurge = 0;
  }

  /**
   * Registers a resource (a bucket) as protected by a key. Called by the integrated storage
   * service, never by users (SPEC.md section 8).
   */
  async register(keyId: string, resourceCrn: string, preventKeyDeletion: boolean): Promise<void> {
    const now = this.env.clock.now();
    await this.env.store.write(async (tx) => {
      const key = await tx.getKey(keyId);
      if (!key) throw keyNotFound(keyId);
      await tx.putRegistration({
        keyId,
        resourceCrn,
        keyVersionId: key.currentVersion.id,
        preventKeyDeletion,
        createdAt: now,
      });
    });
  }
}

/**
 * Key Protect's `keys_with_policy_overrides`: the policies a create request brings (checked), or
 * undefined when it brings none. Rotation applies to generated root keys only.
 */
function policyOverrides(
  req: CreateKeyRequest,
): { rotation?: RotationPolicy; dualAuthDelete?: boolean } | undefined {
  if (req.policies === undefined) return undefined;
  const given: unknown = req.policies;
  if (typeof given !== 'object' || given === null)
    throw invalidField(
      'policies',
      'give rotation {enabled, interval_month} and/or dualAuthDelete {enabled}',
    );
  const { rotation, dualAuthDelete } = given as Record<string, unknown>;
  const out: { rotation?: RotationPolicy; dualAuthDelete?: boolean } = {};
  if (rotation !== undefined) {
    if (req.extractable)
      throw engineError(
        'KEY_ROOT_REQ_ERR',
        'A rotation policy needs a root key; this request creates a standard key. Leave out policies.rotation, or create a root key.',
      );
    if (req.payload !== undefined)
      throw invalidField(
        'policies.rotation',
        'rotation policies apply to generated root keys only; an imported key is rotated by supplying new material',
      );
    const problem = rotationPolicyProblem(rotation);
    if (problem) throw invalidField(`policies.${problem.field}`, problem.problem);
    out.rotation = rotation as RotationPolicy;
  }
  if (dualAuthDelete !== undefined) {
    const enabled = (dualAuthDelete as { enabled?: unknown } | null)?.enabled;
    if (typeof enabled !== 'boolean')
      throw invalidField('policies.dualAuthDelete.enabled', 'must be true or false');
    out.dualAuthDelete = enabled;
  }
  return out;
}
