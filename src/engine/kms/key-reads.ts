/**
 * Reading keys (SPEC.md section 3): one key (a standard key with its payload), its metadata, its
 * versions, and the list (and its total, Key Protect's `HEAD /keys`) of what the acting user may
 * read. The list query itself is read and applied by the pure `key-listing.ts`.
 */
import type { CallContext, KeyList, ListKeysQuery, PageQuery } from '../../domain/api';
import { KeyState } from '../../domain/key-state';
import type { Key, KeyVersion, KeyWithPayload } from '../../domain/types';
import { checkPage, encodeBase64, pageOf } from '../../domain/validation';
import { allows, allowsAnywhereIn, denial } from '../iam/access';
import { perform, type Operation } from '../operation';
import type { KeyRecord } from '../store/records';
import type { KeyCore } from './key-core';
import { readListKeysQuery, selectPage } from './key-listing';
import { accessTargetOf, effectiveState, toKey } from './key-view';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The dashboard's additional list filters: the test each listed key must also pass. */
export type ListFilter = (
  query: ListKeysQuery,
  now: number,
  instanceId: string,
) => Promise<(k: KeyRecord) => boolean>;

export class KeyReads {
  /** Set by the engine (issue 11: expiring, rotation due, not used…). */
  listFilter?: ListFilter;

  constructor(private readonly core: KeyCore) {}

  private get env() {
    return this.core.env;
  }

  listKeys(ctx: CallContext, listQuery?: ListKeysQuery): Promise<KeyList> {
    const query = listQuery ?? {};
    return perform(this.env, ctx, 'kms.secrets.list', async (op) => {
      const { offset, limit } = checkPage(query.offset, query.limit);
      const { page, total } = await this.select(op, query);
      return {
        keys: page.map((k) => toKey(k, op.now)),
        total,
        offset,
        limit,
      };
    });
  }

  /** Key Protect's `HEAD /keys`: the total the query matches, audited as `kms.secrets.head`. */
  headKeys(ctx: CallContext, listQuery?: ListKeysQuery): Promise<{ total: number }> {
    const query = listQuery ?? {};
    return perform(this.env, ctx, 'kms.secrets.head', async (op) => ({
      total: (await this.select(op, query)).total,
    }));
  }

  /** The page a list query selects (sorted) and how many it selects: the user's readable keys only. */
  private async select(
    op: Operation,
    query: ListKeysQuery,
  ): Promise<{ page: KeyRecord[]; total: number }> {
    const { user, policies } = await op.signIn();
    const instance = await this.env.directory.kmsInstance(op.ctx.instanceId);
    op.aim(instance.crn, { instanceId: instance.id });
    if (instance.kind === 'hpcs') await this.core.cache.masterKey(instance.id);
    // A role that cannot read anywhere here (KeyPurge alone) is refused, not shown an empty list.
    if (!allowsAnywhereIn(policies, instance.id, 'read'))
      throw denial(user, 'read', { instanceId: instance.id });
    const listing = readListKeysQuery(query);
    const extra = await this.listFilter?.(query, op.now, instance.id);
    const records = await this.core.cache.allKeys(instance.id);
    // Roles only add up: one who may read the whole instance may read each of its keys, so the
    // per-key check (a set of roles per key) is skipped for them.
    const wholeInstance = allows(policies, { instanceId: instance.id }, 'read');
    return selectPage(
      records,
      listing,
      op.now,
      wholeInstance
        ? extra
        : (k) => (!extra || extra(k)) && allows(policies, accessTargetOf(k), 'read'),
    );
  }

  getKey(ctx: CallContext, idOrAlias: string): Promise<KeyWithPayload> {
    return perform(this.env, ctx, 'kms.secrets.read', async (op) => {
      // A standard key is read with its payload, so the denial names ReaderPlus, not Reader.
      const { key } = await this.core.resolve(op, idOrAlias, (k) =>
        k.extractable ? 'readPayload' : 'read',
      );
      const view: KeyWithPayload = toKey(key, op.now);
      if (!key.extractable) return view; // root key material never leaves the engine
      if (effectiveState(key, op.now) === KeyState.Destroyed) return view;
      const payload = await this.core.cache.payload(key);
      view.payload = encodeBase64(payload);
      payload.fill(0);
      return view;
    });
  }

  getKeyMetadata(ctx: CallContext, idOrAlias: string): Promise<Key> {
    return perform(this.env, ctx, 'kms.secrets-metadata.read', async (op) => {
      const { key } = await this.core.resolve(op, idOrAlias, 'read');
      return toKey(key, op.now);
    });
  }

  getKeyVersions(
    ctx: CallContext,
    idOrAlias: string,
    page?: PageQuery,
  ): Promise<{ versions: KeyVersion[]; total: number }> {
    return perform(this.env, ctx, 'kms.secrets-key-versions.list', async (op) => {
      const { key } = await this.core.resolve(op, idOrAlias, 'read');
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
}
