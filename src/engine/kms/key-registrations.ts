/**
 * Registrations of SPEC.md section 8: the resources (buckets) a key protects, registered by the
 * integrated service (never by users), listed per key and across the instance as Key Protect
 * lists them, and the sync that asks for the registered services to be notified again.
 */
import type { CallContext, ListRegistrationsQuery, PageQuery } from '../../domain/api';
import { parseCrn } from '../../domain/crn';
import { invalidField, keyNotFound } from '../../domain/errors';
import type { Key, Registration } from '../../domain/types';
import { pageOf } from '../../domain/validation';
import { allows, allowsAnywhereIn, denial } from '../iam/access';
import { perform } from '../operation';
import type { KeyRecord, RegistrationRecord } from '../store/records';
import type { KeyCore } from './key-core';
import { requireSyncAllowed } from './key-guards';
import { accessTargetOf, toKey } from './key-view';

const iso = (ms: number): string => new Date(ms).toISOString();

export class KeyRegistrations {
  constructor(private readonly core: KeyCore) {}

  private get env() {
    return this.core.env;
  }

  getRegistrations(
    ctx: CallContext,
    idOrAlias: string,
    page?: PageQuery,
  ): Promise<{ registrations: Registration[]; total: number }> {
    return perform(this.env, ctx, 'kms.registrations.list', async (op) => {
      const { key } = await this.core.resolve(op, idOrAlias, 'read');
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
      if (instance.kind === 'hpcs') await this.core.cache.masterKey(instance.id);
      if (!allowsAnywhereIn(policies, instance.id, 'read'))
        throw denial(user, 'read', { instanceId: instance.id });
      if (typeof query !== 'object' || query === null)
        throw invalidField('query', 'a registrations query is an object');
      if (query.crnQuery !== undefined && typeof query.crnQuery !== 'string')
        throw invalidField('crnQuery', 'a resource CRN, * matching any characters');
      if (query.preventKeyDeletion !== undefined && typeof query.preventKeyDeletion !== 'boolean')
        throw invalidField('preventKeyDeletion', 'must be true or false');
      const readable = new Map(
        (await this.core.cache.allKeys(instance.id))
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
      const { key } = await this.core.resolve(op, idOrAlias, 'write');
      const next = await this.core.change(
        op,
        key,
        (fresh) => {
          requireSyncAllowed(fresh, op.now);
          return { ...fresh, lastNotifiedAt: op.now };
        },
        'synced',
      );
      return toKey(next, op.now);
    });
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
