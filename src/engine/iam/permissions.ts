/**
 * What the acting user may do (SPEC section 2), asked by the console to enable or disable its
 * controls: in the instance, on one key, or on each of a page of keys. Not audited: the engine
 * checks every call again whatever the console was told.
 */
import type { CallContext } from '../../domain/api';
import { invalidField, keyNotFound } from '../../domain/errors';
import type { Permissions } from '../../domain/types';
import type { KeyCache } from '../kms/key-cache';
import { accessTargetOf } from '../kms/key-view';
import type { EngineContext } from '../operation';
import { permissionsAt, permissionsInInstance } from './access';

export class PermissionQueries {
  constructor(
    private readonly env: EngineContext,
    private readonly cache: KeyCache,
  ) {}

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
}
