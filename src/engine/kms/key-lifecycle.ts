/**
 * The key lifecycle of SPEC.md sections 4 and 5: rotate, disable, enable, dual-authorization
 * scheduling, delete, restore, purge (by KeyPurge, and automatically 90 days after deletion).
 * The rules are the guards of `key-guards.ts`, checked on the record read inside the transaction
 * (this tab's cached copy may be stale: another tab may have changed the key).
 */
import type { CallContext, DeleteKeyOptions, RotateKeyRequest } from '../../domain/api';
import { keyNotFound } from '../../domain/errors';
import { KeyState, nextState } from '../../domain/key-state';
import { AUTO_PURGE_AFTER } from '../../domain/time';
import type { Key } from '../../domain/types';
import { encipherMaterial } from '../crypto/key-material';
import { randomUUID } from '../crypto/random';
import { perform } from '../operation';
import type { KeyRecord } from '../store/records';
import type { StoreTx } from '../store/store-tx';
import { confirmInTransaction, prepareRotationMaterial } from './import-material';
import type { KeyCore } from './key-core';
import {
  requireDeletable,
  requireDeletionCancellable,
  requireDeletionSchedulable,
  requireEnableAllowed,
  requirePurgeable,
  requireRestorable,
  requireRootKey,
  requireRotationInterval,
  requireState,
  requireUnprotected,
} from './key-guards';
import { toKey } from './key-view';
import { rescheduledAfterRotation } from './rotation-schedule';

const iso = (ms: number): string => new Date(ms).toISOString();

export class KeyLifecycle {
  constructor(private readonly core: KeyCore) {}

  private get env() {
    return this.core.env;
  }

  rotate(ctx: CallContext, idOrAlias: string, req?: RotateKeyRequest): Promise<Key> {
    return perform(this.env, ctx, 'kms.secrets.rotate', async (op) => {
      const { key } = await this.core.resolve(op, idOrAlias, 'write');
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
        await this.core.cache.masterKeyForNewMaterial(key.instanceId),
        key.id,
        versionId,
        material,
      );
      material.fill(0);
      const next = await this.core.change(
        op,
        key,
        async (fresh, tx) => {
          requireState(fresh, op.now, 'rotate');
          await confirmInTransaction(tx, fresh.instanceId, prepared, {
            extractable: false,
            rotation: true,
          });
          requireRotationInterval(fresh, op.now);
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
    return this.transition(ctx, idOrAlias, 'disabled', 'kms.secrets.disable', (fresh, now) => {
      requireState(fresh, now, 'disable');
      return {
        ...fresh,
        state: nextState(fresh.state, 'disable'),
        lastDisabledAt: now,
        lastUpdateDate: now,
      };
    });
  }

  enableKey(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return this.transition(ctx, idOrAlias, 'enabled', 'kms.secrets.enable', (fresh, now) => {
      requireEnableAllowed(fresh, now);
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
    change: 'disabled' | 'enabled',
    action: string,
    mutate: (fresh: KeyRecord, now: number) => KeyRecord,
  ): Promise<Key> {
    return perform(this.env, ctx, action, async (op) => {
      const { key } = await this.core.resolve(op, idOrAlias, 'manage');
      const next = await this.core.change(op, key, (fresh) => mutate(fresh, op.now), change);
      return toKey(next, op.now);
    });
  }

  setKeyForDeletion(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return perform(this.env, ctx, 'kms.secrets.setkeyfordeletion', async (op) => {
      const { user, key } = await this.core.resolve(op, idOrAlias, 'scheduleDeletion');
      const next = await this.core.change(op, key, (fresh) => {
        requireDeletionSchedulable(fresh, op.now);
        return { ...fresh, deletionSetBy: user.id, deletionSetAt: op.now, lastUpdateDate: op.now };
      });
      return toKey(next, op.now);
    });
  }

  unsetKeyForDeletion(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return perform(this.env, ctx, 'kms.secrets.unsetkeyfordeletion', async (op) => {
      const { key } = await this.core.resolve(op, idOrAlias, 'scheduleDeletion');
      const next = await this.core.change(op, key, (fresh) => {
        requireDeletionCancellable(fresh, op.now);
        const { deletionSetBy: _by, deletionSetAt: _at, ...rest } = fresh;
        return { ...rest, lastUpdateDate: op.now };
      });
      return toKey(next, op.now);
    });
  }

  deleteKey(ctx: CallContext, idOrAlias: string, options: DeleteKeyOptions = {}): Promise<Key> {
    return perform(this.env, ctx, 'kms.secrets.delete', async (op) => {
      const { user, key } = await this.core.resolve(op, idOrAlias, 'manage');
      // Checked on the fresh record only: the cached one may be stale.
      const next = await this.core.change(
        op,
        key,
        async (fresh, tx) => {
          requireDeletable(fresh, op.now, user.id);
          requireUnprotected(await tx.registrationsOfKey(fresh.id), options.force);
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
      const { key } = await this.core.resolve(op, idOrAlias, 'manage');
      const next = await this.core.change(
        op,
        key,
        (fresh) => {
          requireRestorable(fresh, op.now);
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
      const { key } = await this.core.resolve(op, idOrAlias, 'purge');
      const purged = await op.commit(
        async (tx) => {
          const fresh = await tx.getKey(key.id);
          if (!fresh) throw keyNotFound(key.id);
          requirePurgeable(fresh, op.now);
          await erase(tx, fresh);
          return fresh;
        },
        { topic: 'keys', instanceId: key.instanceId, keyId: key.id },
      );
      this.core.cache.forget(key.id);
      return toKey(purged, op.now);
    });
  }

  /**
   * Purges every key 90 days after its deletion, on the engine clock. Runs before calls once the
   * earliest such date has passed, so a purge that fell due while the app was closed happens on
   * the next call.
   */
  async purgeDue(): Promise<void> {
    const now = this.env.clock.now();
    if (!this.core.purgeMayBeDue(now)) return;
    let restoreQueue: (() => void) | undefined;
    const { purged, next } = await this.env.store
      .write(async (tx) => {
        const due = await tx.keysDueForPurge(now);
        for (const key of due) await erase(tx, key);
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
    this.core.setNextAutoPurge(next);
    for (const key of purged) {
      this.core.cache.forget(key.id);
      this.env.notify({ topic: 'keys', instanceId: key.instanceId, keyId: key.id });
    }
  }
}

/** Erases a key's material, aliases, registrations and record; its events stay. */
async function erase(tx: StoreTx, key: KeyRecord): Promise<void> {
  await tx.deleteVersionsOfKey(key.id);
  await tx.deleteRegistrationsOfKey(key.id);
  for (const alias of key.aliases) await tx.deleteAlias(key.instanceId, alias);
  await tx.deleteKey(key.id);
}
