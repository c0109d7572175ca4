/**
 * Keys of SPEC.md sections 3, 4 and 8, composed by area: the calls the engine makes on keys, each
 * answered by the module that owns its rules. What every area builds on (resolving the addressed
 * key, committing a change to it) is `key-core.ts`; the checks a key's state, waiting periods and
 * dual authorization impose are `key-guards.ts`.
 *
 * - creation and import: `key-creation.ts`     - reads and listing: `key-reads.ts` (`key-listing.ts`)
 * - aliases: `key-aliases.ts`                  - lifecycle and purges: `key-lifecycle.ts`
 * - registrations and sync: `key-registrations.ts`
 *
 * Wrap, unwrap and rewrap live in `wrap.ts`, key policies in `key-policies.ts`, key rings in
 * `key-rings.ts`: they resolve and change keys through this service.
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
import type { KeyAction } from '../../domain/roles';
import type { Key, KeyVersion, KeyWithPayload, Registration } from '../../domain/types';
import type { EngineContext, Operation } from '../operation';
import type { KeyRecord } from '../store/records';
import type { StoreTx } from '../store/store-tx';
import { KeyAliases } from './key-aliases';
import type { KeyCache } from './key-cache';
import { KeyCore, type ResolvedKey } from './key-core';
import { KeyCreation } from './key-creation';
import { KeyLifecycle } from './key-lifecycle';
import type { KeyChange } from './key-notifications';
import { KeyReads, type ListFilter } from './key-reads';
import { KeyRegistrations } from './key-registrations';

export type { ResolvedKey } from './key-core';

export class KeyService {
  private readonly core: KeyCore;
  private readonly creation: KeyCreation;
  private readonly reads: KeyReads;
  private readonly aliases: KeyAliases;
  private readonly lifecycle: KeyLifecycle;
  private readonly registrations: KeyRegistrations;

  constructor(env: EngineContext, cache: KeyCache) {
    this.core = new KeyCore(env, cache);
    this.creation = new KeyCreation(this.core);
    this.reads = new KeyReads(this.core);
    this.aliases = new KeyAliases(this.core);
    this.lifecycle = new KeyLifecycle(this.core);
    this.registrations = new KeyRegistrations(this.core);
  }

  /**
   * The dashboard's additional list filters (issue 11: expiring, rotation due, not used…), set by
   * the engine; resolves to the test each listed key must also pass.
   */
  get listFilter(): ListFilter | undefined {
    return this.reads.listFilter;
  }

  set listFilter(filter: ListFilter | undefined) {
    this.reads.listFilter = filter;
  }

  /** See `KeyCore.resolve`: the acting user and the addressed key, the action checked. */
  resolve(
    op: Operation,
    idOrAlias: unknown,
    action: KeyAction | ((key: KeyRecord) => KeyAction),
  ): Promise<ResolvedKey> {
    return this.core.resolve(op, idOrAlias, action);
  }

  /** See `KeyCore.change`: commits a change to one key, checked on its fresh record. */
  change(
    op: Operation,
    key: KeyRecord,
    mutate: (fresh: KeyRecord, tx: StoreTx) => KeyRecord | Promise<KeyRecord>,
    notice?: KeyChange,
  ): Promise<KeyRecord> {
    return this.core.change(op, key, mutate, notice);
  }

  // Creation and import.

  createKey(ctx: CallContext, req: CreateKeyRequest): Promise<Key> {
    return this.creation.createKey(ctx, req);
  }

  createKeys(ctx: CallContext, requests: CreateKeyRequest[]): Promise<BatchItem<Key>[]> {
    return this.creation.createKeys(ctx, requests);
  }

  // Reads.

  listKeys(ctx: CallContext, listQuery?: ListKeysQuery): Promise<KeyList> {
    return this.reads.listKeys(ctx, listQuery);
  }

  headKeys(ctx: CallContext, listQuery?: ListKeysQuery): Promise<{ total: number }> {
    return this.reads.headKeys(ctx, listQuery);
  }

  getKey(ctx: CallContext, idOrAlias: string): Promise<KeyWithPayload> {
    return this.reads.getKey(ctx, idOrAlias);
  }

  getKeyMetadata(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return this.reads.getKeyMetadata(ctx, idOrAlias);
  }

  getKeyVersions(
    ctx: CallContext,
    idOrAlias: string,
    page?: PageQuery,
  ): Promise<{ versions: KeyVersion[]; total: number }> {
    return this.reads.getKeyVersions(ctx, idOrAlias, page);
  }

  // Aliases.

  createAlias(ctx: CallContext, idOrAlias: string, alias: string): Promise<Key> {
    return this.aliases.createAlias(ctx, idOrAlias, alias);
  }

  deleteAlias(ctx: CallContext, idOrAlias: string, alias: string): Promise<Key> {
    return this.aliases.deleteAlias(ctx, idOrAlias, alias);
  }

  // Lifecycle.

  rotate(ctx: CallContext, idOrAlias: string, req?: RotateKeyRequest): Promise<Key> {
    return this.lifecycle.rotate(ctx, idOrAlias, req);
  }

  disableKey(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return this.lifecycle.disableKey(ctx, idOrAlias);
  }

  enableKey(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return this.lifecycle.enableKey(ctx, idOrAlias);
  }

  setKeyForDeletion(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return this.lifecycle.setKeyForDeletion(ctx, idOrAlias);
  }

  unsetKeyForDeletion(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return this.lifecycle.unsetKeyForDeletion(ctx, idOrAlias);
  }

  deleteKey(ctx: CallContext, idOrAlias: string, options: DeleteKeyOptions = {}): Promise<Key> {
    return this.lifecycle.deleteKey(ctx, idOrAlias, options);
  }

  restoreKey(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return this.lifecycle.restoreKey(ctx, idOrAlias);
  }

  purgeKey(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return this.lifecycle.purgeKey(ctx, idOrAlias);
  }

  /** Purges every key 90 days after its deletion (see `KeyLifecycle.purgeDue`). */
  purgeDue(): Promise<void> {
    return this.lifecycle.purgeDue();
  }

  /** Called when another tab changed keys: its deletions may bring the next purge forward. */
  resetPurgeSchedule(): void {
    this.core.resetPurgeSchedule();
  }

  // Registrations.

  getRegistrations(
    ctx: CallContext,
    idOrAlias: string,
    page?: PageQuery,
  ): Promise<{ registrations: Registration[]; total: number }> {
    return this.registrations.getRegistrations(ctx, idOrAlias, page);
  }

  listRegistrations(
    ctx: CallContext,
    query: ListRegistrationsQuery = {},
  ): Promise<{ registrations: Registration[]; total: number }> {
    return this.registrations.listRegistrations(ctx, query);
  }

  syncAssociatedResources(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return this.registrations.syncAssociatedResources(ctx, idOrAlias);
  }

  /** Registers a resource (a bucket) as protected by a key: the storage service's call. */
  register(keyId: string, resourceCrn: string, preventKeyDeletion: boolean): Promise<void> {
    return this.registrations.register(keyId, resourceCrn, preventKeyDeletion);
  }
}
