/**
 * The account seal (issue 14; a Keyward addition after Vault's seal). Off by default. An account
 * Administrator may put it on with a passphrase: every kms instance gets a fresh master key,
 * every key version of the instance is re-enciphered under it in one transaction (all or
 * nothing), and the master key is stored only sealed under a key derived from the passphrase
 * (crypto/seal-crypto.ts) — its `masterKeys` record goes. From then on each engine (each tab's
 * worker, each start) is sealed until an Administrator unseals it with the passphrase: the
 * unsealed master keys live only in that worker's memory, as non-extractable CryptoKeys.
 *
 * While sealed, every operation that needs key material (create, import, rotate, wrap, unwrap,
 * rewrap, payload reads, the buckets the keys protect; on hpcs instances too) is refused with
 * 503 ACCOUNT_SEALED_ERR; metadata stays readable, so an Administrator sees what is there.
 * "Seal now" seals every tab (a generation number in the seal record); removing the seal needs
 * the passphrase and stores the master keys as ordinary non-extractable CryptoKeys again.
 *
 * Not covered: cos provider keys (the storage service's own), hpcs master keys (the custodians'
 * ceremony guards them), the audit signing key; an instance created while the seal is on keeps
 * an ordinary master key (re-seal by removing and putting the seal on again).
 */
import type { CallContext } from '../../domain/api';
import { EngineError, engineError, invalidField } from '../../domain/errors';
import { sealPassphraseProblem, type SealRequest, type SealStatus } from '../../domain/seal';
import { decipherMaterial, encipherMaterial } from '../crypto/key-material';
import {
  checkSealKey,
  freshSealedMasterKey,
  freshSealSalt,
  openSealedMasterKey,
  SEAL_ITERATIONS,
  sealCheck,
} from '../crypto/seal-crypto';
import { derivePasswordKey } from '../crypto/password-file';
import { administratorRequired, isAdministrator } from '../iam/access';
import { perform, type EngineContext, type Operation } from '../operation';
import type { KeyVersionRecord, SealRecord } from '../store/records';
import type { KeyCache } from './key-cache';

export function accountSealed(): EngineError {
  return engineError(
    'ACCOUNT_SEALED_ERR',
    'The account is sealed; unseal with the passphrase (an account Administrator, in Settings or the sealed banner) to use its keys. Nothing was changed.',
  );
}

function wrongPassphrase(): EngineError {
  return engineError(
    'SEAL_PASSPHRASE_ERR',
    'That is not the seal’s passphrase; nothing was changed. Type it again (it is case-sensitive).',
  );
}

function sealState(message: string): EngineError {
  return engineError('SEAL_STATE_ERR', message);
}

const iso = (ms: number) => new Date(ms).toISOString();

export class AccountSeal {
  /** Master keys unsealed in this engine, and the seal generation they belong to. */
  private unsealed = new Map<string, CryptoKey>();
  private generation: number | undefined;

  constructor(
    private readonly env: EngineContext,
    private readonly cache: KeyCache,
  ) {}

  /**
   * For the key cache: the master key of `instanceId` from memory when the instance is sealed
   * and this engine unsealed; undefined when the seal is off (or does not cover the instance
   * and this engine is unsealed); refuses while sealed.
   */
  async masterKeyFor(instanceId: string): Promise<CryptoKey | undefined> {
    const record = await this.env.store.read((tx) => tx.getMeta('seal'));
    if (!record) {
      this.forget();
      return undefined;
    }
    if (this.generation !== record.generation) {
      this.forget();
      throw accountSealed();
    }
    const key = this.unsealed.get(instanceId);
    if (key) return key;
    if (record.masterKeys[instanceId]) throw accountSealed();
    return undefined;
  }

  getStatus(ctx: CallContext): Promise<SealStatus> {
    return perform(this.env, ctx, 'keyward.seal.read', async (op) => {
      await this.aim(op);
      return this.status(await this.env.store.read((tx) => tx.getMeta('seal')));
    });
  }

  /** Puts the seal on (off: with this passphrase), or seals every tab now (on: the same one). */
  seal(ctx: CallContext, req: SealRequest): Promise<SealStatus> {
    return perform(this.env, ctx, 'keyward.seal.seal', async (op) => {
      await this.administrator(op, 'seal the account');
      const existing = await this.env.store.read((tx) => tx.getMeta('seal'));
      if (existing) {
        await this.requirePassphrase(existing, req.passphrase);
        const next = await op.commit(
          async (tx) => {
            const current = await tx.getMeta('seal');
            if (!current) throw sealState('The seal was removed meanwhile; nothing was changed.');
            const locked = { ...current, generation: current.generation + 1 };
            await tx.putMeta('seal', locked);
            return locked;
          },
          { topic: 'keys', instanceId: op.ctx.instanceId },
        );
        this.locked();
        return this.status(next);
      }
      const problem = sealPassphraseProblem(req.passphrase);
      if (problem) throw invalidField('passphrase', problem);
      return this.status(await this.protect(op, req.passphrase));
    });
  }

  unseal(ctx: CallContext, req: SealRequest): Promise<SealStatus> {
    return perform(this.env, ctx, 'keyward.seal.unseal', async (op) => {
      await this.administrator(op, 'unseal the account');
      const record = await this.env.store.read((tx) => tx.getMeta('seal'));
      if (!record) throw sealState('The account is not sealed: there is nothing to unseal.');
      const kek = await this.requirePassphrase(record, req.passphrase);
      const opened = new Map<string, CryptoKey>();
      for (const [instanceId, sealed] of Object.entries(record.masterKeys)) {
        const key = await openSealedMasterKey(kek, instanceId, sealed);
        if (!key) throw wrongPassphrase();
        opened.set(instanceId, key);
      }
      this.unsealed = opened;
      this.generation = record.generation;
      this.cache.clear();
      // This tab's console refreshes what the seal kept from it (another tab stays sealed).
      this.env.notify({ topic: 'keys', instanceId: op.ctx.instanceId });
      return this.status(record);
    });
  }

  /** Takes the seal off: the master keys are stored as non-extractable CryptoKeys again. */
  remove(ctx: CallContext, req: SealRequest): Promise<SealStatus> {
    return perform(this.env, ctx, 'keyward.seal.remove', async (op) => {
      await this.administrator(op, 'remove the account seal');
      const record = await this.env.store.read((tx) => tx.getMeta('seal'));
      if (!record) throw sealState('The account is not sealed: there is no seal to remove.');
      const kek = await this.requirePassphrase(record, req.passphrase);
      const keys: { instanceId: string; key: CryptoKey; createdAt: number }[] = [];
      for (const [instanceId, sealed] of Object.entries(record.masterKeys)) {
        const key = await openSealedMasterKey(kek, instanceId, sealed);
        if (!key) throw wrongPassphrase();
        keys.push({ instanceId, key, createdAt: sealed.createdAt });
      }
      await op.commit(
        async (tx) => {
          const current = await tx.getMeta('seal');
          if (current?.sealedAt !== record.sealedAt)
            throw sealState('The seal changed meanwhile; nothing was changed. Try again.');
          for (const k of keys) await tx.putMasterKey(k);
          await tx.deleteMeta('seal');
        },
        { topic: 'keys', instanceId: op.ctx.instanceId },
      );
      this.forget();
      this.cache.clear();
      return this.status(undefined);
    });
  }

  /**
   * Puts the seal on: fresh master keys, every key version re-enciphered under them, all in one
   * transaction that refuses if any key changed since the versions were read.
   */
  private async protect(op: Operation, passphrase: string): Promise<SealRecord> {
    const read = await this.env.store.read(async (tx) => {
      const instances = (await tx.listInstances()).filter((i) => i.kind === 'kms');
      const out: { instanceId: string; master: CryptoKey; versions: KeyVersionRecord[] }[] = [];
      for (const instance of instances) {
        const master = await tx.getMasterKey(instance.id);
        if (!master) continue;
        const versions: KeyVersionRecord[] = [];
        for (const key of await tx.keysOfInstance(instance.id))
          versions.push(...(await tx.versionsOfKey(key.id)));
        out.push({ instanceId: instance.id, master: master.key, versions });
      }
      return out;
    });
    // Crypto first, outside the transaction.
    const salt = freshSealSalt();
    const kek = await derivePasswordKey(passphrase, salt, SEAL_ITERATIONS);
    const record: SealRecord = {
      salt,
      iterations: SEAL_ITERATIONS,
      check: await sealCheck(kek),
      masterKeys: {},
      sealedAt: op.now,
      sealedBy: op.ctx.userId,
      generation: 1,
    };
    const rewritten: KeyVersionRecord[] = [];
    for (const { instanceId, master, versions } of read) {
      const fresh = await freshSealedMasterKey(kek, instanceId);
      record.masterKeys[instanceId] = { ...fresh.sealed, createdAt: op.now };
      for (const v of versions) {
        const material = await decipherMaterial(master, v.keyId, v.id, v.material);
        try {
          rewritten.push({
            ...v,
            material: await encipherMaterial(fresh.key, v.keyId, v.id, material),
          });
        } finally {
          material.fill(0);
        }
      }
    }
    await op.commit(
      async (tx) => {
        if (await tx.getMeta('seal'))
          throw sealState('The account was sealed meanwhile (another tab); nothing was changed.');
        let count = 0;
        for (const { instanceId } of read) {
          if (!(await tx.getMasterKey(instanceId)))
            throw sealState('A master key changed while sealing; nothing was changed. Try again.');
          for (const key of await tx.keysOfInstance(instanceId))
            count += (await tx.versionsOfKey(key.id)).length;
        }
        if (count !== rewritten.length)
          throw sealState(
            'Keys were created or rotated while sealing; nothing was changed. Try again.',
          );
        for (const v of rewritten) await tx.putVersion(v);
        for (const { instanceId } of read) await tx.deleteMasterKey(instanceId);
        await tx.putMeta('seal', record);
      },
      { topic: 'keys', instanceId: op.ctx.instanceId },
    );
    this.locked();
    return record;
  }

  /** The account was replaced (a checkpoint or backup restored): forget what was unsealed. */
  reset(): void {
    this.forget();
  }

  private locked(): void {
    this.forget();
    this.cache.clear();
  }

  private forget(): void {
    this.unsealed = new Map();
    this.generation = undefined;
  }

  private status(record: SealRecord | undefined): SealStatus {
    if (!record) return { enabled: false, sealed: false };
    return {
      enabled: true,
      sealed: this.generation !== record.generation,
      sealedAt: iso(record.sealedAt),
      sealedBy: record.sealedBy,
    };
  }

  private async requirePassphrase(record: SealRecord, passphrase: string): Promise<CryptoKey> {
    if (passphrase.length === 0) throw invalidField('passphrase', 'type the seal’s passphrase');
    const kek = await derivePasswordKey(passphrase, record.salt, record.iterations);
    if (!(await checkSealKey(kek, record.check))) throw wrongPassphrase();
    return kek;
  }

  private async aim(op: Operation): Promise<void> {
    await op.signIn();
    const account = (await this.env.directory.get()).account;
    op.aim(`crn:v1:keyward:public:keyward:global:a/${account.id}:::`, {
      instanceId: op.ctx.instanceId,
    });
  }

  private async administrator(op: Operation, what: string): Promise<void> {
    await this.aim(op);
    const { user, policies } = await op.signIn();
    if (!isAdministrator(policies)) throw administratorRequired(user, what);
  }
}
