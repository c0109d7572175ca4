/**
 * What every key area builds on: resolving the key a call addresses (by id or alias, with the
 * acting user's access checked), committing a change to one key, and the date the next automatic
 * purge falls due (which such changes may bring forward).
 */
import { invalidField, keyNotFound } from '../../domain/errors';
import type { KeyAction } from '../../domain/roles';
import type { AccessPolicy, User } from '../../domain/types';
import { denial, hasAnyRoleIn, requireAllowed } from '../iam/access';
import type { EngineContext, Operation } from '../operation';
import type { KeyRecord } from '../store/records';
import type { StoreTx } from '../store/store-tx';
import type { KeyCache } from './key-cache';
import { recordKeyChange, type KeyChange } from './key-notifications';
import { accessTargetOf, settled } from './key-view';

export interface ResolvedKey {
  user: User;
  policies: AccessPolicy[];
  key: KeyRecord;
}

export class KeyCore {
  /** Engine time at which a Destroyed key next reaches its automatic purge. */
  private nextAutoPurge = 0;

  constructor(
    readonly env: EngineContext,
    readonly cache: KeyCache,
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

  /** Whether an automatic purge may have fallen due by `now`. */
  purgeMayBeDue(now: number): boolean {
    return now >= this.nextAutoPurge;
  }

  /** After the due purges ran: the earliest automatic purge still to come (none: never). */
  setNextAutoPurge(at: number | undefined): void {
    this.nextAutoPurge = at ?? Infinity;
  }

  /** Called when another tab changed keys: its deletions may bring the next purge forward. */
  resetPurgeSchedule(): void {
    this.nextAutoPurge = 0;
  }
}
