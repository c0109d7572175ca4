/**
 * Creating and importing keys (SPEC.md sections 3 and 6): one key, or a batch of them in one
 * transaction. The request is checked and the material made (generated, or imported through
 * `import-material.ts`) and enciphered before the transaction; inside it, the key ring, aliases
 * and instance policies are checked before anything is written, so a refusal writes nothing.
 */
import type { BatchItem, CallContext, CreateKeyRequest } from '../../domain/api';
import { INSTANCE_SERVICE_NAMES } from '../../domain/access-validation';
import { formatCrn } from '../../domain/crn';
import { EngineError, engineError, errorBody, invalidField } from '../../domain/errors';
import { KeyState } from '../../domain/key-state';
import { rotationPolicyProblem } from '../../domain/rotation';
import type { Key, RotationPolicy } from '../../domain/types';
import {
  check,
  descriptionProblem,
  keyNameProblem,
  keyRingIdProblem,
  LIMITS,
  parseFutureDate,
} from '../../domain/validation';
import type { PendingEvent } from '../audit/audit-log';
import { encipherMaterial } from '../crypto/key-material';
import { randomUUID } from '../crypto/random';
import { requireAllowed } from '../iam/access';
import { DEFAULT_KEY_RING } from '../iam/bootstrap';
import { Operation, perform, toEngineError } from '../operation';
import type { KeyRecord, KeyVersionRecord } from '../store/records';
import type { StoreTx } from '../store/store-tx';
import { prepareMaterial, type PreparedMaterial } from './import-material';
import { requestedAliases } from './key-aliases';
import { CreationChecks } from './creation-checks';
import type { KeyCore } from './key-core';
import { accessTargetOf, toKey } from './key-view';
import { initialRotation, withRotationPolicy } from './rotation-schedule';

/** What `createKey` prepared before its transaction. */
interface PreparedKey {
  record: KeyRecord;
  material: PreparedMaterial;
  enciphered: KeyVersionRecord['material'];
  overrides: { rotation?: RotationPolicy; dualAuthDelete?: boolean } | undefined;
  now: number;
}

export class KeyCreation {
  constructor(private readonly core: KeyCore) {}

  createKey(ctx: CallContext, req: CreateKeyRequest): Promise<Key> {
    return perform(this.core.env, ctx, 'kms.secrets.create', async (op) => {
      const prepared = await this.prepareCreate(op, req);
      await op.commit((tx) => this.storeCreated(tx, prepared), {
        topic: 'keys',
        instanceId: prepared.record.instanceId,
        keyId: prepared.record.id,
      });
      this.core.cache.remember(prepared.record);
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
      return perform(this.core.env, correlated, 'kms.secrets.create', () => {
        throw invalidField('requests', `give 1–${LIMITS.batchMax} key requests`);
      });
    const ops = requests.map(() => new Operation(this.core.env, correlated, 'kms.secrets.create'));
    // The master key, and the check that new material may be made under it, once a call: every
    // item is prepared at the same moment, so one answer holds for all of them.
    const masterKeys = new Map<string, Promise<CryptoKey>>();
    const masterKeyFor = (instanceId: string) => {
      let found = masterKeys.get(instanceId);
      if (!found)
        masterKeys.set(instanceId, (found = this.core.cache.masterKeyForNewMaterial(instanceId)));
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
      await this.core.env.store.write(async (tx) => {
        // One round trip before any write: the chain's head, and what every item's checks need.
        const head = this.core.env.audit.chainHeadIn(tx);
        head.catch(() => undefined);
        const prepared = outcomes.filter((o): o is PreparedKey => !(o instanceof EngineError));
        const checks = await CreationChecks.read(tx, prepared);
        const events: PendingEvent[] = [];
        const writes: Promise<void>[] = [];
        results.length = 0;
        for (const [i, outcome] of outcomes.entries()) {
          const op = ops[i] as Operation;
          let error = outcome instanceof EngineError ? outcome : undefined;
          if (!(outcome instanceof EngineError)) {
            try {
              writes.push(...this.storeChecked(tx, outcome, checks));
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
        const written = Promise.all(writes);
        written.catch(() => undefined);
        restoreQueue = await this.core.env.audit.appendInTransaction(tx, events, head);
        await written;
      });
    } catch (thrown) {
      restoreQueue?.();
      // Nothing was stored: every item fails with the transaction's error, and is audited so.
      const failed = toEngineError(thrown);
      const refusals = outcomes.map((o) => (o instanceof EngineError ? o : failed));
      refusals.forEach((error, i) =>
        this.core.env.audit.queue((ops[i] as Operation).event('failure', error)),
      );
      this.core.env.events.announce({ instanceId: ctx.instanceId });
      return refusals.map((error) => ({ ok: false as const, error: errorBody(error) }));
    }
    for (const [i, outcome] of outcomes.entries())
      if (!(outcome instanceof EngineError) && results[i]?.ok)
        this.core.cache.remember(outcome.record);
    if (instanceIds.size > 0)
      for (const instanceId of instanceIds) this.core.env.notify({ topic: 'keys', instanceId });
    else this.core.env.events.announce({ instanceId: ctx.instanceId });
    return results;
  }

  /**
   * Everything `createKey` checks and makes before its transaction: access, the request's rules,
   * the new record, and its material, enciphered under the instance's master key.
   */
  private async prepareCreate(
    op: Operation,
    req: CreateKeyRequest,
    masterKeyFor = (instanceId: string) => this.core.cache.masterKeyForNewMaterial(instanceId),
  ): Promise<PreparedKey> {
    const { user, policies } = await op.signIn();
    const instance = await this.core.env.directory.kmsInstance(op.ctx.instanceId);
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
    const aliases = requestedAliases(req.aliases);
    const overrides = policyOverrides(req);
    if (overrides) requireAllowed(user, policies, { instanceId: instance.id, keyRingID }, 'policy');
    const expirationDate =
      req.expirationDate === undefined
        ? undefined
        : parseFutureDate('expirationDate', req.expirationDate, op.now);

    const id = randomUUID();
    const versionId = randomUUID();
    // Generated, or imported (plain or through the import token): see import-material.ts.
    const prepared = await prepareMaterial(
      this.core.env.store,
      instance,
      req,
      req.extractable,
      op.now,
    );
    const material = prepared.material;
    const enciphered = await encipherMaterial(
      await masterKeyFor(instance.id),
      id,
      versionId,
      material,
    );
    material.fill(0);
    const account = (await this.core.env.directory.get()).account;
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

  /** createKey's in-transaction half: its checks read from the store, then its writes. */
  private async storeCreated(tx: StoreTx, p: PreparedKey): Promise<void> {
    const checks = await CreationChecks.read(tx, [p]);
    await Promise.all(this.storeChecked(tx, p, checks));
  }

  /**
   * The in-transaction half of a creation, against checks read for its transaction: every check
   * first (ring, aliases, import token, instance policies), then the writes, issued at once (the
   * caller awaits them), so a refused item writes nothing.
   */
  private storeChecked(tx: StoreTx, p: PreparedKey, checks: CreationChecks): Promise<void>[] {
    const { record, overrides, now } = p;
    const { instanceId, id, aliases } = record;
    const instancePolicies = checks.check(p);
    record.dualAuthEnabled = overrides?.dualAuthDelete ?? instancePolicies.dualAuthDelete.enabled;
    checks.add(p);
    const writes: Promise<void>[] = [];
    for (const alias of aliases) writes.push(tx.putAlias({ instanceId, alias, keyId: id }));
    writes.push(tx.putKey(record));
    writes.push(
      tx.putVersion({
        keyId: id,
        number: 1,
        id: record.currentVersion.id,
        creationDate: now,
        material: p.enciphered,
      }),
    );
    return writes;
  }
}

/**
 * Key Protect's `keys_with_policy_overrides`: the policies a create request brings (checked), or
 * undefined when it brings none. Rotation applies to generated root keys only.
 */
export function policyOverrides(
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
