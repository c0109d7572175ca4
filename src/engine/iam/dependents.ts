/**
 * The hook through which other areas tell iam what depends on an instance or an authorization, so
 * that deleting them can be refused or confirmed: today the object-storage area (buckets).
 *
 * The default, `registrationDependents`, reads what is already stored: the registrations of
 * SPEC section 8. A bucket protected by a customer-managed key is registered with that key under
 * its CRN, `crn:v1:keyward:public:cloud-object-storage:<region>:a/<account>:<cos instance>:bucket:<name>`,
 * which names the source instance. The object-storage area replaces it (in `engine.ts`) with one
 * that knows every bucket, including provider-managed ones that have no registration.
 */
import { parseCrn } from '../../domain/crn';
import type { StoreTx } from '../store/store-tx';

/** A resource of a source (cos) instance that uses a key of another instance. */
export interface KeyUser {
  /** What people call it (the bucket name). */
  name: string;
  crn: string;
  /** The key it is protected by. */
  keyId: string;
}

export interface DependentsHook {
  /** Resources other than keys living in an instance, which keep it from being deleted. */
  resourcesInInstance(tx: StoreTx, instanceId: string): Promise<string[]>;
  /** Resources of a source instance that use keys of other instances. */
  keyUsersOf(tx: StoreTx, sourceInstanceId: string): Promise<KeyUser[]>;
}

export const COS_SERVICE = 'cloud-object-storage';

async function registeredUsersOf(tx: StoreTx, instanceId: string): Promise<KeyUser[]> {
  const users: KeyUser[] = [];
  for (const r of await tx.listRegistrations()) {
    const crn = parseCrn(r.resourceCrn);
    if (crn?.service === COS_SERVICE && crn.instanceGuid === instanceId)
      users.push({ name: crn.resource || r.resourceCrn, crn: r.resourceCrn, keyId: r.keyId });
  }
  return users;
}

export const registrationDependents: DependentsHook = {
  async resourcesInInstance(tx, instanceId) {
    const names = (await registeredUsersOf(tx, instanceId)).map((u) => u.name);
    return [...new Set(names)];
  },
  keyUsersOf: registeredUsersOf,
};
