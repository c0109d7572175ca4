/**
 * The account's directory in memory: account, users, instances, access policies and service
 * authorizations, loaded from the store once and reloaded when another tab (or this one) changes
 * access.
 */
import { denied, engineError } from '../../domain/errors';
import type {
  Account,
  AccessPolicy,
  ServiceAuthorization,
  ServiceInstance,
  User,
} from '../../domain/types';
import type { Store } from '../store/database';

export interface DirectorySnapshot {
  account: Account;
  users: Map<string, User>;
  instances: Map<string, ServiceInstance>;
  policiesByUser: Map<string, AccessPolicy[]>;
  policies: AccessPolicy[];
  authorizations: ServiceAuthorization[];
}

export class Directory {
  private snapshot: Promise<DirectorySnapshot> | undefined;

  constructor(private readonly store: Store) {}

  get(): Promise<DirectorySnapshot> {
    this.snapshot ??= this.load().catch((error: unknown) => {
      this.snapshot = undefined;
      throw error;
    });
    return this.snapshot;
  }

  invalidate(): void {
    this.snapshot = undefined;
  }

  async user(userId: string): Promise<{ user: User; policies: AccessPolicy[] }> {
    const snap = await this.get();
    const user = snap.users.get(userId);
    if (!user) throw denied(`Unknown user "${userId}": sign in as a user of this account.`);
    return { user, policies: snap.policiesByUser.get(userId) ?? [] };
  }

  async kmsInstance(instanceId: string): Promise<ServiceInstance> {
    const instance = (await this.get()).instances.get(instanceId);
    if (!instance || (instance.kind !== 'kms' && instance.kind !== 'hpcs'))
      throw engineError(
        'INSTANCE_NOT_FOUND_ERR',
        `No key management instance has the id "${instanceId}".`,
      );
    return instance;
  }

  private async load(): Promise<DirectorySnapshot> {
    return this.store.read(async (tx) => {
      const account = await tx.getMeta('account');
      if (!account) throw engineError('INTERNAL_ERR', 'The account has not been set up.');
      const users = new Map((await tx.listUsers()).map((u) => [u.id, u]));
      const instances = new Map((await tx.listInstances()).map((i) => [i.id, i]));
      const policies = await tx.listPolicies();
      const policiesByUser = new Map<string, AccessPolicy[]>();
      for (const p of policies)
        policiesByUser.set(p.userId, [...(policiesByUser.get(p.userId) ?? []), p]);
      const authorizations = await tx.listAuthorizations();
      return { account, users, instances, policies, policiesByUser, authorizations };
    });
  }
}
