/**
 * Master key rotation (SPEC section 11): every key version of the instance is deciphered under
 * the current master key and enciphered under the committed new one — all the crypto first,
 * outside any transaction — then one transaction writes every re-enciphered version, makes the
 * new master key current (and the recovery unit's copy), and records the event. If anything
 * fails, nothing is written: the old master key stays active and every key readable.
 */
import { engineError } from '../../domain/errors';
import type { Bytes } from '../crypto/aes-gcm';
import { decipherMaterial, encipherMaterial } from '../crypto/key-material';
import type { KeyCache } from '../kms/key-cache';
import type { EngineContext, Operation } from '../operation';
import type { HpcsRecord, KeyVersionRecord } from '../store/records';

/** Test hooks: fail the write transaction at the n-th re-enciphered version. */
export interface RotationFaults {
  beforeVersionWrite?: (index: number, total: number) => void;
}

/** How many versions are re-enciphered at once (bounded parallelism, progress granularity). */
const BATCH = 200;

export class MasterKeyRotation {
  private readonly running = new Map<string, { done: number; total: number }>();

  constructor(
    private readonly env: EngineContext,
    private readonly cache: KeyCache,
    private readonly faults: RotationFaults,
  ) {}

  progressOf(instanceId: string): { done: number; total: number } | undefined {
    const p = this.running.get(instanceId);
    return p ? { ...p } : undefined;
  }

  async rotate(
    op: Operation,
    record: HpcsRecord,
    newKey: CryptoKey,
    newPattern: string,
  ): Promise<void> {
    const instanceId = record.instanceId;
    const progress = { done: 0, total: 0 };
    this.running.set(instanceId, progress);
    try {
      const oldKey = await this.cache.masterKey(instanceId);
      const versions: KeyVersionRecord[] = await this.env.store.read(async (tx) => {
        const out: KeyVersionRecord[] = [];
        for (const key of await tx.keysOfInstance(instanceId))
          out.push(...(await tx.versionsOfKey(key.id)));
        return out;
      });
      progress.total = versions.length;
      const reenciphered: KeyVersionRecord[] = [];
      for (let i = 0; i < versions.length; i += BATCH) {
        const batch = versions.slice(i, i + BATCH);
        reenciphered.push(
          ...(await Promise.all(
            batch.map(async (v) => {
              let material: Bytes;
              try {
                material = await decipherMaterial(oldKey, v.keyId, v.id, v.material);
              } catch {
                throw engineError(
                  'CRYPTO_UNIT_STATE_ERR',
                  `Key ${v.keyId} (version ${v.number}) does not open under the current master key: nothing was re-enciphered, the current master key stays active.`,
                );
              }
              try {
                return { ...v, material: await encipherMaterial(newKey, v.keyId, v.id, material) };
              } finally {
                material.fill(0);
              }
            }),
          )),
        );
        progress.done = reenciphered.length;
      }
      const expected = new Set(versions.map((v) => `${v.keyId}/${v.number}`));
      await op.commit(
        async (tx) => {
          const stored = await tx.getHpcs(instanceId);
          if (
            !stored ||
            stored.sequence !== record.sequence ||
            stored.newRegister?.verificationPattern !== newPattern
          )
            throw engineError(
              'CRYPTO_UNIT_STATE_ERR',
              'Another ceremony command ran on these crypto units meanwhile: look at their state again and sign the rotation anew.',
            );
          // Keys made or rotated meanwhile (another tab) would be left under the old master key.
          let count = 0;
          for (const key of await tx.keysOfInstance(instanceId))
            for (const v of await tx.versionsOfKey(key.id)) {
              count++;
              if (!expected.has(`${v.keyId}/${v.number}`))
                throw engineError(
                  'CRYPTO_UNIT_STATE_ERR',
                  'Keys of the instance changed during the rotation: nothing was re-enciphered; rotate again.',
                );
            }
          if (count !== expected.size)
            throw engineError(
              'CRYPTO_UNIT_STATE_ERR',
              'Keys of the instance changed during the rotation: nothing was re-enciphered; rotate again.',
            );
          for (const [i, v] of reenciphered.entries()) {
            this.faults.beforeVersionWrite?.(i, reenciphered.length);
            await tx.putVersion(v);
          }
          await tx.putMasterKey({ instanceId, key: newKey, createdAt: op.now });
          const { newRegister: _n, ...rest } = stored;
          void _n;
          await tx.putHpcs({
            ...rest,
            sequence: stored.sequence + 1,
            currentVerificationPattern: newPattern,
            recovery: { verificationPattern: newPattern, key: newKey },
            keysVerificationPattern: newPattern,
            activeSince: op.now,
          });
        },
        { topic: 'keys', instanceId },
      );
    } finally {
      this.running.delete(instanceId);
    }
  }
}
