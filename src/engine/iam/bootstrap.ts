/**
 * First open of a browser profile: creates the account, the demo users (one per role plus an
 * Administrator), a kms instance with its `default` key ring and master key, a cos instance, and
 * the access policies that give each demo user their role. Runs in one transaction and only when
 * no account exists, so two tabs opening at once still make one account.
 */
import { INSTANCE_SERVICE_NAMES } from '../../domain/access-validation';
import { formatCrn } from '../../domain/crn';
import type { AccessPolicy, ServiceInstance, User } from '../../domain/types';
import { createMasterKey } from '../crypto/key-material';
import { randomHex, randomUUID } from '../crypto/random';
import type { Store } from '../store/database';
import type { StoreTx } from '../store/store-tx';

export const DEMO_USERS = {
  admin: { id: 'user-admin', name: 'Ada Admin', email: 'ada.admin@keyward.example' },
  manager: { id: 'user-manager', name: 'Max Manager', email: 'max.manager@keyward.example' },
  writer: { id: 'user-writer', name: 'Wren Writer', email: 'wren.writer@keyward.example' },
  reader: { id: 'user-reader', name: 'Rhea Reader', email: 'rhea.reader@keyward.example' },
  // The two master key custodians of the demo Hyper Protect instance (Managers there only).
  custodian1: {
    id: 'user-custodian-1',
    name: 'Cleo Custodian',
    email: 'cleo.custodian@keyward.example',
  },
  custodian2: {
    id: 'user-custodian-2',
    name: 'Kai Keyholder',
    email: 'kai.keyholder@keyward.example',
  },
} as const satisfies Record<string, User>;

export const DEFAULT_KEY_RING = 'default';

export async function bootstrapAccount(store: Store, now: number): Promise<void> {
  if (await store.read((tx) => tx.getMeta('account'))) return;
  // Crypto first: a transaction closes if it awaits anything but IndexedDB. Two tabs may both
  // get here; the check inside the write transaction keeps one account.
  const masterKey = await createMasterKey();
  await store.write(async (tx) => {
    if (await tx.getMeta('account')) return;
    await writeFreshAccount(tx, now, masterKey, 0);
  });
}

/**
 * Writes a fresh demo account into empty stores (first open, or a reset of issue 12): the
 * caller made `masterKey` (the kms instance's) before opening the transaction.
 */
export async function writeFreshAccount(
  tx: StoreTx,
  now: number,
  masterKey: CryptoKey,
  clockOffsetMs: number,
): Promise<void> {
  const accountId = randomHex(16);
  const created = new Date(now).toISOString();
  const instance = (kind: 'kms' | 'hpcs' | 'cos', name: string): ServiceInstance => {
    const id = randomUUID();
    const service = INSTANCE_SERVICE_NAMES[kind];
    return {
      id,
      kind,
      name,
      region: 'us-south',
      crn: formatCrn({
        service,
        region: 'us-south',
        accountId,
        instanceGuid: id,
        resourceType: '',
        resource: '',
      }),
      createdAt: created,
    };
  };
  {
    const kms = instance('kms', 'Key Protect');
    const cos = instance('cos', 'Cloud Object Storage');
    // Keep your own key: no master key until its custodians run the ceremony (SPEC section 11).
    const hpcs = instance('hpcs', 'Hyper Protect Crypto Services');
    await tx.putMeta('account', { id: accountId, name: 'Demo account', createdAt: created });
    await tx.putMeta('clockOffsetMs', clockOffsetMs);
    for (const user of Object.values(DEMO_USERS)) await tx.putUser(user);
    await tx.putInstance(kms);
    await tx.putInstance(cos);
    await tx.putInstance(hpcs);
    await tx.putKeyRing({
      instanceId: hpcs.id,
      id: DEFAULT_KEY_RING,
      creationDate: now,
      createdBy: 'system',
    });
    await tx.putKeyRing({
      instanceId: kms.id,
      id: DEFAULT_KEY_RING,
      creationDate: now,
      createdBy: 'system',
    });
    await tx.putMasterKey({ instanceId: kms.id, key: masterKey, createdAt: now });
    const grant = (
      userId: string,
      role: AccessPolicy['role'],
      instanceId?: string,
    ): AccessPolicy => ({
      id: randomUUID(),
      userId,
      role,
      scope: instanceId ? { instanceId } : {},
      createdAt: created,
    });
    const policies = [
      grant(DEMO_USERS.admin.id, 'Administrator'),
      // So the Administrator can find the deleted keys they purge in a walkthrough.
      grant(DEMO_USERS.admin.id, 'Reader', kms.id),
      grant(DEMO_USERS.admin.id, 'KeyPurge', kms.id),
      grant(DEMO_USERS.manager.id, 'Manager', kms.id),
      grant(DEMO_USERS.writer.id, 'Writer', kms.id),
      grant(DEMO_USERS.reader.id, 'Reader', kms.id),
      // Object storage: the same roles on the cos instance (Reader reads, Writer writes objects
      // and creates buckets, Manager deletes buckets).
      grant(DEMO_USERS.manager.id, 'Manager', cos.id),
      grant(DEMO_USERS.writer.id, 'Writer', cos.id),
      grant(DEMO_USERS.reader.id, 'Reader', cos.id),
      // Hyper Protect: the custodians and Max are Managers (they make, load and sign); Wren and
      // Rhea see the ceremony but may not take part.
      grant(DEMO_USERS.custodian1.id, 'Manager', hpcs.id),
      grant(DEMO_USERS.custodian2.id, 'Manager', hpcs.id),
      grant(DEMO_USERS.manager.id, 'Manager', hpcs.id),
      grant(DEMO_USERS.writer.id, 'Writer', hpcs.id),
      grant(DEMO_USERS.reader.id, 'Reader', hpcs.id),
    ];
    for (const p of policies) await tx.putPolicy(p);
  }
}
