/**
 * The master key ceremony of a Hyper Protect Crypto Services instance (SPEC section 11), as IBM's
 * TKE runs it: crypto unit administrators and their thresholds (imprint mode until set), master
 * key parts made by distinct custodians, loading the new register, commit, activate; zeroize and
 * recovery; master key rotation (in `master-key-rotation.ts`). Every command is checked (Manager
 * on the instance, threshold signatures, the units' state), does its crypto first, and commits
 * its change with its event in one transaction that re-checks the sequence number.
 */
import { denied, EngineError, engineError, invalidField } from '../../domain/errors';
import {
  adminNameProblem,
  HPCS_LIMITS,
  partHexProblem,
  passwordProblem,
  thresholdProblem,
  type CeremonyCommand,
  type CeremonySignature,
  type HpcsState,
} from '../../domain/hpcs';
import type { PasswordFile } from '../../domain/hpcs-api';
import type { ServiceInstance, User, AccessPolicy } from '../../domain/types';
import { check, encodeBase64 } from '../../domain/validation';
import type { Bytes } from '../crypto/aes-gcm';
import { generateSignatureKeyPair, signWithPkcs8 } from '../crypto/admin-signatures';
import { combineMasterKeyParts, generateMasterKeyPart } from '../crypto/master-key';
import { allows, hasAnyRoleIn, isAdministrator } from '../iam/access';
import type { KeyCache } from '../kms/key-cache';
import { perform, type EngineContext, type Operation } from '../operation';
import type { HpcsRecord } from '../store/records';
import type { StoreTx } from '../store/store-tx';
import {
  makePartFile,
  makeSignatureKeyFile,
  openPartFile,
  openSignatureKeyFile,
  readSignatureKeyHeader,
} from './files';
import { MasterKeyRotation, type RotationFaults } from './master-key-rotation';
import { isImprintMode, verifyCommandSignatures } from './signatures';
import { hpcsState } from './state-view';

export function freshHpcsRecord(instanceId: string): HpcsRecord {
  return { instanceId, sequence: 1, admins: [] };
}

function stateError(message: string): EngineError {
  return engineError('CRYPTO_UNIT_STATE_ERR', message);
}

const ceremonyText = (value: unknown): value is string =>
  typeof value === 'string' &&
  value.startsWith('keyward-hpcs-command/v1\n') &&
  value.length <= 4000;

interface Begun {
  user: User;
  policies: AccessPolicy[];
  instance: ServiceInstance;
}

export class HpcsService {
  readonly rotation: MasterKeyRotation;

  constructor(
    private readonly env: EngineContext,
    private readonly cache: KeyCache,
    faults: RotationFaults = {},
  ) {
    this.rotation = new MasterKeyRotation(env, cache, faults);
  }

  /** Refuses new key material while a master key rotation is pending (SPEC section 11). */
  async requireNoPendingRotation(instanceId: string): Promise<void> {
    const record = await this.env.store.read((tx) => tx.getHpcs(instanceId));
    if (record?.newRegister && record.currentVerificationPattern)
      throw engineError(
        'MASTER_KEY_ROTATION_PENDING_ERR',
        'A master key rotation is pending on this Hyper Protect instance (a new master key is loaded): creating, importing and rotating keys waits until the custodians rotate it in. Reading, wrapping and unwrapping still work.',
      );
  }

  /** Signs in, finds the hpcs instance, aims the event at it; `manage`: Manager needed. */
  async begin(op: Operation, manage: boolean): Promise<Begun> {
    const { user, policies } = await op.signIn();
    const instance = (await this.env.directory.get()).instances.get(op.ctx.instanceId);
    if (!instance || instance.kind !== 'hpcs')
      throw engineError(
        'INSTANCE_NOT_FOUND_ERR',
        `No Hyper Protect Crypto Services instance has the id "${op.ctx.instanceId}".`,
      );
    op.aim(instance.crn, { instanceId: instance.id });
    if (manage && !allows(policies, { instanceId: instance.id }, 'manage'))
      throw denied(
        `${user.name} may not take part in the master key ceremony of ${instance.name}: this needs the Manager role on the whole instance (custodians are Managers).`,
      );
    if (!manage && !hasAnyRoleIn(policies, instance.id) && !isAdministrator(policies))
      throw denied(
        `${user.name} may not see the crypto units of ${instance.name}: this needs a role on the instance.`,
      );
    return { user, policies, instance };
  }

  async record(instanceId: string): Promise<HpcsRecord> {
    return (
      (await this.env.store.read((tx) => tx.getHpcs(instanceId))) ?? freshHpcsRecord(instanceId)
    );
  }

  getHpcsState(ctx: Operation['ctx']): Promise<HpcsState> {
    return perform(this.env, ctx, 'hs-crypto.tke-cryptounit.read', async (op) => {
      const { user, policies, instance } = await this.begin(op, false);
      return this.state(instance, user, policies);
    });
  }

  async state(instance: ServiceInstance, user: User, policies: AccessPolicy[]): Promise<HpcsState> {
    const snap = await this.env.directory.get();
    const { record, masterKeyLoaded, keyCount, bucketCount } = await this.env.store.read(
      async (tx) => {
        const keys = await tx.keysOfInstance(instance.id);
        const ids = new Set(keys.map((k) => k.id));
        const buckets = (await tx.listAllBuckets()).filter(
          (b) => b.encryption.type === 'customer' && ids.has(b.encryption.keyId),
        );
        return {
          record: (await tx.getHpcs(instance.id)) ?? freshHpcsRecord(instance.id),
          masterKeyLoaded: (await tx.getMasterKey(instance.id)) !== undefined,
          keyCount: keys.length,
          bucketCount: buckets.length,
        };
      },
    );
    const custodians = [...snap.users.values()]
      .filter((u) =>
        allows(snap.policiesByUser.get(u.id) ?? [], { instanceId: instance.id }, 'manage'),
      )
      .map((u) => ({ id: u.id, name: u.name }));
    const mayAct = allows(policies, { instanceId: instance.id }, 'manage');
    return hpcsState({
      instance,
      record,
      masterKeyLoaded,
      keyCount,
      bucketCount,
      custodians,
      mayAct,
      ...(mayAct
        ? {}
        : {
            mayActReason: `${user.name} may not take part in the ceremony: this needs the Manager role on ${instance.name}.`,
          }),
      progress: this.rotation.progressOf(instance.id),
    });
  }

  /**
   * Runs one ceremony command: checks the signatures at the current sequence number, then, in one
   * transaction, re-reads the record (another tab may have run a command meanwhile: then the
   * signatures are stale and the command is refused), applies `apply` and advances the sequence.
   */
  async run(
    op: Operation,
    begun: Begun,
    record: HpcsRecord,
    command: CeremonyCommand,
    signatures: unknown,
    apply: (record: HpcsRecord, tx: StoreTx) => Promise<HpcsRecord>,
  ): Promise<HpcsState> {
    await verifyCommandSignatures(record, command, signatures);
    await op.commit(
      async (tx) => {
        const stored = (await tx.getHpcs(record.instanceId)) ?? freshHpcsRecord(record.instanceId);
        if (stored.sequence !== record.sequence)
          throw stateError(
            'Another ceremony command ran on these crypto units meanwhile: look at their state again and sign the command anew.',
          );
        const next = await apply(stored, tx);
        await tx.putHpcs({ ...next, sequence: stored.sequence + 1 });
      },
      { topic: 'keys', instanceId: record.instanceId },
    );
    this.cache.forgetMasterKey(record.instanceId);
    return this.state(begun.instance, begun.user, begun.policies);
  }

  createSignatureKey(
    ctx: Operation['ctx'],
    req: { name: string; password: string },
  ): Promise<{ file: string; adminId: string; publicKey: string }> {
    return perform(this.env, ctx, 'hs-crypto.tke-signature-key.create', async (op) => {
      await this.begin(op, true);
      const r = (typeof req === 'object' && req !== null ? req : {}) as Record<string, unknown>;
      check('name', adminNameProblem(r.name));
      check('password', passwordProblem(r.password));
      const pair = await generateSignatureKeyPair();
      try {
        return await makeSignatureKeyFile(
          r.name as string,
          new Date(op.now).toISOString(),
          pair.publicKey,
          pair.privateKey,
          r.password as string,
        );
      } finally {
        pair.privateKey.fill(0);
      }
    });
  }

  signCeremonyCommand(
    ctx: Operation['ctx'],
    req: PasswordFile & { text: string },
  ): Promise<CeremonySignature> {
    return perform(this.env, ctx, 'hs-crypto.tke-signature.create', async (op) => {
      await this.begin(op, true);
      const r = (typeof req === 'object' && req !== null ? req : {}) as Record<string, unknown>;
      if (!ceremonyText(r.text))
        throw invalidField('text', 'must be the text of a ceremony command');
      const { header, privateKey } = await openSignatureKeyFile('keyFile', r.file, r.password);
      try {
        const signature = await signWithPkcs8(privateKey, new TextEncoder().encode(r.text));
        if (!signature) throw invalidField('keyFile', 'its private key is not an ECDSA P-256 key');
        return { adminId: header.adminId, signature: encodeBase64(signature) };
      } finally {
        privateKey.fill(0);
      }
    });
  }

  addCryptoUnitAdmin(
    ctx: Operation['ctx'],
    req: { keyFile: string; signatures?: CeremonySignature[] },
  ): Promise<HpcsState> {
    return perform(this.env, ctx, 'hs-crypto.tke-cryptounit-admin.add', async (op) => {
      const begun = await this.begin(op, true);
      const r = (typeof req === 'object' && req !== null ? req : {}) as Record<string, unknown>;
      const { header, publicKey } = await readSignatureKeyHeader('keyFile', r.keyFile);
      const record = await this.record(begun.instance.id);
      if (record.admins.length >= HPCS_LIMITS.maxAdmins)
        throw stateError(`A crypto unit has at most ${HPCS_LIMITS.maxAdmins} administrators.`);
      if (record.admins.some((a) => a.id === header.adminId))
        throw stateError(`${header.name} (${header.adminId}) is already an administrator.`);
      const command: CeremonyCommand = {
        kind: 'admin.add',
        name: header.name,
        publicKey: header.publicKey,
      };
      return this.run(op, begun, record, command, r.signatures, async (stored) => ({
        ...stored,
        admins: [
          ...stored.admins,
          {
            id: header.adminId,
            name: header.name,
            publicKey,
            addedAt: op.now,
            addedBy: begun.user.id,
          },
        ],
      }));
    });
  }

  removeCryptoUnitAdmin(
    ctx: Operation['ctx'],
    req: { adminId: string; signatures: CeremonySignature[] },
  ): Promise<HpcsState> {
    return perform(this.env, ctx, 'hs-crypto.tke-cryptounit-admin.delete', async (op) => {
      const begun = await this.begin(op, true);
      const r = (typeof req === 'object' && req !== null ? req : {}) as Record<string, unknown>;
      const record = await this.record(begun.instance.id);
      const admin = record.admins.find((a) => a.id === r.adminId);
      if (!admin) throw invalidField('adminId', 'is not an administrator of these crypto units');
      const floor = Math.max(record.signatureThreshold ?? 0, record.revocationThreshold ?? 0);
      if (record.admins.length - 1 < floor)
        throw stateError(
          `Removing ${admin.name} would leave ${record.admins.length - 1} administrators, fewer than the thresholds (${floor}) need: lower the thresholds first.`,
        );
      const command: CeremonyCommand = { kind: 'admin.remove', adminId: admin.id };
      return this.run(op, begun, record, command, r.signatures, async (stored) => ({
        ...stored,
        admins: stored.admins.filter((a) => a.id !== admin.id),
      }));
    });
  }

  setCryptoUnitThresholds(
    ctx: Operation['ctx'],
    req: { signature: number; revocation: number; signatures: CeremonySignature[] },
  ): Promise<HpcsState> {
    return perform(this.env, ctx, 'hs-crypto.tke-cryptounit-threshold.set', async (op) => {
      const begun = await this.begin(op, true);
      const r = (typeof req === 'object' && req !== null ? req : {}) as Record<string, unknown>;
      const record = await this.record(begun.instance.id);
      check('signature', thresholdProblem(r.signature, record.admins.length));
      check('revocation', thresholdProblem(r.revocation, record.admins.length));
      const command: CeremonyCommand = {
        kind: 'threshold.set',
        signature: r.signature as number,
        revocation: r.revocation as number,
      };
      return this.run(op, begun, record, command, r.signatures, async (stored) => ({
        ...stored,
        signatureThreshold: command.signature,
        revocationThreshold: command.revocation,
      }));
    });
  }

  createMasterKeyPart(
    ctx: Operation['ctx'],
    req: { password: string; hex?: string },
  ): Promise<{ file: string; verificationPattern: string }> {
    return perform(this.env, ctx, 'hs-crypto.tke-master-key-part.create', async (op) => {
      const { user, instance } = await this.begin(op, true);
      const r = (typeof req === 'object' && req !== null ? req : {}) as Record<string, unknown>;
      check('password', passwordProblem(r.password));
      let part: Bytes;
      if (r.hex !== undefined) {
        check('hex', partHexProblem(r.hex));
        part = Uint8Array.from((r.hex as string).match(/../g) ?? [], (h) => parseInt(h, 16));
      } else part = generateMasterKeyPart();
      try {
        return await makePartFile(
          {
            instanceId: instance.id,
            custodianId: user.id,
            custodianName: user.name,
            createdAt: new Date(op.now).toISOString(),
          },
          part,
          r.password as string,
        );
      } finally {
        part.fill(0);
      }
    });
  }

  loadMasterKey(
    ctx: Operation['ctx'],
    req: { parts: PasswordFile[]; signatures: CeremonySignature[] },
  ): Promise<HpcsState> {
    return perform(
      this.env,
      ctx,
      'hs-crypto.tke-cryptounit-master-key-register.add',
      async (op) => {
        const begun = await this.begin(op, true);
        const r = (typeof req === 'object' && req !== null ? req : {}) as Record<string, unknown>;
        const record = await this.record(begun.instance.id);
        if (isImprintMode(record))
          throw stateError(
            'The crypto units are in imprint mode: add administrators and set the signature and revocation thresholds first (that ends imprint mode).',
          );
        if (record.newRegister?.state === 'committed')
          throw stateError(
            'The new master key register holds a committed master key: activate (or rotate) it first, or zeroize the crypto units to start over.',
          );
        const given = r.parts;
        if (
          !Array.isArray(given) ||
          given.length < HPCS_LIMITS.partsMin ||
          given.length > HPCS_LIMITS.partsMax
        )
          throw invalidField(
            'parts',
            `load ${HPCS_LIMITS.partsMin} or ${HPCS_LIMITS.partsMax} master key parts, each from a different custodian`,
          );
        const snap = await this.env.directory.get();
        const opened: {
          header: Awaited<ReturnType<typeof openPartFile>>['header'];
          part: Bytes;
        }[] = [];
        try {
          for (const [i, p] of given.entries()) {
            const item = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
            const what = `parts[${i}]`;
            const file = await openPartFile(what, item.file, item.password);
            opened.push(file);
            const { header } = file;
            if (header.instanceId !== begun.instance.id)
              throw engineError(
                'INVALID_FILE_ERR',
                `${what}: this part was made for another instance (${header.instanceId}), not ${begun.instance.name}.`,
              );
            if (opened.slice(0, -1).some((o) => o.header.custodianId === header.custodianId))
              throw invalidField(
                what,
                `${header.custodianName} already gave a part: each part must come from a different custodian`,
              );
            if (
              opened
                .slice(0, -1)
                .some((o) => o.header.verificationPattern === header.verificationPattern)
            )
              throw invalidField(
                what,
                'this part is identical to another one: each custodian makes their own',
              );
            const custodianPolicies = snap.policiesByUser.get(header.custodianId) ?? [];
            if (
              !snap.users.has(header.custodianId) ||
              !allows(custodianPolicies, { instanceId: begun.instance.id }, 'manage')
            )
              throw denied(
                `${what}: ${header.custodianName} is no longer a custodian of ${begun.instance.name} (Manager on the instance), so their part cannot be loaded.`,
              );
          }
          const command: CeremonyCommand = {
            kind: 'master-key.load',
            parts: opened.map((o) => o.header.verificationPattern),
          };
          await verifyCommandSignatures(record, command, r.signatures);
          const combined = await combineMasterKeyParts(opened.map((o) => o.part));
          const keyCount = await this.env.store.read(
            async (tx) => (await tx.keysOfInstance(begun.instance.id)).length,
          );
          // After a zeroize, only the master key the keys are enciphered under may come back.
          if (
            !record.currentVerificationPattern &&
            record.keysVerificationPattern &&
            keyCount > 0 &&
            combined.verificationPattern !== record.keysVerificationPattern
          )
            throw mismatch(combined.verificationPattern, record.keysVerificationPattern, keyCount);
          const parts = opened.map((o) => ({
            custodianId: o.header.custodianId,
            custodianName: o.header.custodianName,
            verificationPattern: o.header.verificationPattern,
          }));
          return await this.run(op, begun, record, command, r.signatures, async (stored) => ({
            ...stored,
            newRegister: {
              state: 'uncommitted',
              verificationPattern: combined.verificationPattern,
              key: combined.key,
              parts,
            },
          }));
        } finally {
          for (const o of opened) o.part.fill(0);
        }
      },
    );
  }

  commitMasterKey(
    ctx: Operation['ctx'],
    req: { signatures: CeremonySignature[] },
  ): Promise<HpcsState> {
    return this.registerStep(ctx, req, 'commit', async (stored, register) => ({
      ...stored,
      newRegister: { ...register, state: 'committed' },
    }));
  }

  activateMasterKey(
    ctx: Operation['ctx'],
    req: { signatures: CeremonySignature[] },
  ): Promise<HpcsState> {
    return this.registerStep(ctx, req, 'activate', async (stored, register, tx, op) => {
      const keyCount = (await tx.keysOfInstance(stored.instanceId)).length;
      if (
        stored.keysVerificationPattern &&
        keyCount > 0 &&
        register.verificationPattern !== stored.keysVerificationPattern
      )
        throw mismatch(register.verificationPattern, stored.keysVerificationPattern, keyCount);
      await tx.putMasterKey({
        instanceId: stored.instanceId,
        key: register.key,
        createdAt: op.now,
      });
      const { newRegister: _cleared, zeroizedAt: _z, ...rest } = stored;
      void _cleared;
      void _z;
      return {
        ...rest,
        currentVerificationPattern: register.verificationPattern,
        recovery: { verificationPattern: register.verificationPattern, key: register.key },
        keysVerificationPattern: register.verificationPattern,
        activeSince: op.now,
      };
    });
  }

  /**
   * Commit and activate: the same signed step on the new register, which must hold the master
   * key signed for (uncommitted before commit, committed before activate); `apply` makes the
   * change in the command's transaction once the register is seen unchanged there.
   */
  private registerStep(
    ctx: Operation['ctx'],
    req: unknown,
    step: 'commit' | 'activate',
    apply: (
      stored: HpcsRecord,
      register: NonNullable<HpcsRecord['newRegister']>,
      tx: StoreTx,
      op: Operation,
    ) => Promise<HpcsRecord>,
  ): Promise<HpcsState> {
    const action = `hs-crypto.tke-cryptounit-master-key-register.${step}`;
    return perform(this.env, ctx, action, async (op) => {
      const begun = await this.begin(op, true);
      const record = await this.record(begun.instance.id);
      const loaded = record.newRegister;
      const needs = step === 'commit' ? 'uncommitted' : 'committed';
      if (isImprintMode(record) || !loaded || loaded.state !== needs)
        throw stateError(registerRefusal(step, loaded?.state));
      if (step === 'activate' && record.currentVerificationPattern)
        throw stateError(
          'A master key is already active: a new one replaces it by rotation (which re-enciphers every key), not by activation.',
        );
      const command: CeremonyCommand = {
        kind: step === 'commit' ? 'master-key.commit' : 'master-key.activate',
        verificationPattern: loaded.verificationPattern,
      };
      return this.run(op, begun, record, command, signaturesOf(req), async (stored, tx) => {
        const register = stored.newRegister;
        if (!register || register.verificationPattern !== loaded.verificationPattern)
          throw stateError('The new master key register changed meanwhile: look again.');
        return apply(stored, register, tx, op);
      });
    });
  }

  recoverMasterKey(
    ctx: Operation['ctx'],
    req: { signatures: CeremonySignature[] },
  ): Promise<HpcsState> {
    return perform(this.env, ctx, 'hs-crypto.tke-cryptounit-master-key.recover', async (op) => {
      const begun = await this.begin(op, true);
      const record = await this.record(begun.instance.id);
      if (isImprintMode(record) || record.currentVerificationPattern || !record.recovery)
        throw stateError(
          record.currentVerificationPattern
            ? 'A master key is active: there is nothing to recover.'
            : 'The recovery crypto unit holds no master key (it was zeroized too): load the custodians’ parts instead.',
        );
      const recovery = record.recovery;
      const command: CeremonyCommand = {
        kind: 'master-key.recover',
        verificationPattern: recovery.verificationPattern,
      };
      return this.run(op, begun, record, command, signaturesOf(req), async (stored, tx) => {
        await tx.putMasterKey({
          instanceId: stored.instanceId,
          key: recovery.key,
          createdAt: op.now,
        });
        const { zeroizedAt: _z, ...rest } = stored;
        void _z;
        return {
          ...rest,
          currentVerificationPattern: recovery.verificationPattern,
          activeSince: op.now,
        };
      });
    });
  }

  zeroizeCryptoUnits(
    ctx: Operation['ctx'],
    req: { confirm: string; includeRecovery?: boolean; signatures: CeremonySignature[] },
  ): Promise<HpcsState> {
    return perform(this.env, ctx, 'hs-crypto.tke-cryptounit.reset', async (op) => {
      const begun = await this.begin(op, true);
      const r = (typeof req === 'object' && req !== null ? req : {}) as Record<string, unknown>;
      if (r.confirm !== begun.instance.name)
        throw invalidField(
          'confirm',
          `type the instance's name ("${begun.instance.name}") to zeroize it`,
        );
      if (r.includeRecovery !== undefined && typeof r.includeRecovery !== 'boolean')
        throw invalidField('includeRecovery', 'must be true or false');
      const record = await this.record(begun.instance.id);
      if (this.rotation.progressOf(record.instanceId))
        throw stateError('A master key rotation is running: wait until it has finished.');
      const includeRecovery = r.includeRecovery === true;
      const command: CeremonyCommand = { kind: 'zeroize', includeRecovery };
      return this.run(op, begun, record, command, r.signatures, async (stored, tx) => {
        await tx.deleteMasterKey(stored.instanceId);
        const {
          newRegister: _n,
          currentVerificationPattern: _c,
          activeSince: _a,
          recovery,
          ...rest
        } = stored;
        void _n;
        void _c;
        void _a;
        return {
          ...rest,
          ...(recovery && !includeRecovery ? { recovery } : {}),
          zeroizedAt: op.now,
        };
      });
    });
  }

  rotateMasterKey(
    ctx: Operation['ctx'],
    req: { signatures: CeremonySignature[] },
  ): Promise<HpcsState> {
    return perform(this.env, ctx, 'hs-crypto.tke-cryptounit-master-key.rotate', async (op) => {
      const begun = await this.begin(op, true);
      const record = await this.record(begun.instance.id);
      const loaded = record.newRegister;
      if (isImprintMode(record) || !record.currentVerificationPattern)
        throw stateError(
          'No master key is active: there is nothing to rotate (activate one first).',
        );
      if (!loaded || loaded.state !== 'committed')
        throw stateError(
          loaded
            ? 'The new master key register is not committed yet: commit it first.'
            : 'Load and commit the new master key first: rotation re-enciphers every key under it.',
        );
      if (loaded.verificationPattern === record.currentVerificationPattern)
        throw stateError('The new master key is the current one: make new parts for a rotation.');
      if (this.rotation.progressOf(record.instanceId))
        throw stateError('A master key rotation is already running.');
      const command: CeremonyCommand = {
        kind: 'master-key.rotate',
        verificationPattern: loaded.verificationPattern,
      };
      await verifyCommandSignatures(record, command, signaturesOf(req));
      await this.rotation.rotate(op, record, loaded.key, loaded.verificationPattern);
      this.cache.forgetMasterKey(record.instanceId);
      return this.state(begun.instance, begun.user, begun.policies);
    });
  }
}

function signaturesOf(req: unknown): unknown {
  return typeof req === 'object' && req !== null
    ? (req as Record<string, unknown>).signatures
    : undefined;
}

/** Why the new register is not ready for commit or activate (imprint mode reads as not loaded). */
function registerRefusal(step: 'commit' | 'activate', state: string | undefined): string {
  if (step === 'commit')
    return state === 'committed'
      ? 'The new master key register is already committed: activate or rotate it.'
      : 'The new master key register is empty: load the custodians’ parts first.';
  return state
    ? 'The new master key register is not committed yet: commit it first.'
    : 'The new master key register is empty: load the custodians’ parts and commit them first.';
}

function mismatch(found: string, expected: string, keys: number): EngineError {
  return engineError(
    'MASTER_KEY_MISMATCH_ERR',
    `This is not the master key the instance's ${keys} ${keys === 1 ? 'key is' : 'keys are'} enciphered under (its verification pattern is ${found}, theirs ${expected}): it would leave them unreadable, so nothing was changed. Load the parts of that master key, or recover it from the recovery crypto unit.`,
  );
}
