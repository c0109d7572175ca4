/**
 * The presenter kit and backup (SPEC sections 14 and 16): checkpoints (the whole account saved
 * under a name in this browser profile and restored in one transaction), reset to a fresh demo
 * account, scenarios, guided walkthroughs, and the passphrase-encrypted backup file.
 *
 * Who may: everything that replaces or exports the account is an account Administrator's action
 * (a backup holds every key). Anyone signed in may follow a walkthrough.
 *
 * Every restore, reset and scenario is recorded: its event is the first one written after the
 * account was put in place, chained to the restored head (or the first of a fresh chain). Engine
 * time never goes back: a restore keeps the later of the saved and the current demo offset.
 */
import type { CallContext } from '../../domain/api';
import { engineError, invalidField } from '../../domain/errors';
import {
  BACKUP_LIMITS,
  SCENARIO_IDS,
  type CheckpointInfo,
  type RestoreSummary,
  type ScenarioId,
  type ScenarioResult,
  type WalkthroughState,
} from '../../domain/presenter';
import { createMasterKey } from '../crypto/key-material';
import { randomUUID } from '../crypto/random';
import { administratorRequired, isAdministrator } from '../iam/access';
import { DEMO_USERS, writeFreshAccount } from '../iam/bootstrap';
import { perform, type EngineContext, type Operation } from '../operation';
import type { CheckpointRecord, WalkthroughRecord } from '../store/records';
import type { StoreTx } from '../store/store-tx';
import {
  clearAccount,
  readAccount,
  replaceAccount,
  setMeta,
  summarize,
  summarizeData,
} from './account-data';
import { openBackup, writeBackup } from './backup';
import { progressReporter, type ProgressListener } from './progress';
import type { Seeded } from './scenarios';
import { walkthroughState } from './walkthroughs';

export interface PresenterHooks {
  /** The account was replaced in this tab: drop every cache of the old one. */
  accountReplaced(): Promise<void>;
}

function toInfo(r: CheckpointRecord): CheckpointInfo {
  return {
    id: r.id,
    name: r.name,
    createdAt: new Date(r.createdAt).toISOString(),
    createdBy: r.createdBy,
    summary: r.summary,
  };
}

export class PresenterService {
  constructor(
    private readonly env: EngineContext,
    private readonly hooks: PresenterHooks,
  ) {}

  /** Signs in, aims at the account, and refuses anyone but an account Administrator. */
  private async administrator(op: Operation, what: string): Promise<void> {
    const { user, policies } = await op.signIn();
    const account = (await this.env.directory.get()).account;
    op.aim(`crn:v1:keyward:public:keyward:global:a/${account.id}:::`, {
      instanceId: op.ctx.instanceId,
    });
    if (!isAdministrator(policies)) throw administratorRequired(user, what);
  }

  private async replaced(): Promise<void> {
    await this.hooks.accountReplaced();
  }

  saveCheckpoint(ctx: CallContext, req: { name: string }): Promise<CheckpointInfo> {
    return perform(this.env, ctx, 'keyward.checkpoint.create', async (op) => {
      await this.administrator(op, 'save checkpoints');
      const name = typeof req?.name === 'string' ? req.name.trim() : '';
      if (name.length < 1 || name.length > BACKUP_LIMITS.checkpointNameMax)
        throw invalidField(
          'name',
          `give the checkpoint a name of 1–${BACKUP_LIMITS.checkpointNameMax} characters`,
        );
      // The calls queued so far belong to what is saved.
      await this.env.audit.flush();
      const { user } = await op.signIn();
      return op.commit(
        async (tx) => {
          const data = await readAccount(tx);
          const record: CheckpointRecord = {
            id: randomUUID(),
            name,
            createdAt: op.now,
            createdBy: user.name,
            summary: summarizeData(data),
          };
          await tx.putCheckpoint(record, { id: record.id, stores: data });
          return toInfo(record);
        },
        { topic: 'presenter' },
      );
    });
  }

  listCheckpoints(ctx: CallContext): Promise<{ checkpoints: CheckpointInfo[]; total: number }> {
    return perform(this.env, ctx, 'keyward.checkpoints.list', async (op) => {
      await this.administrator(op, 'list checkpoints');
      const records = await this.env.store.read((tx) => tx.listCheckpoints());
      records.sort((a, b) => b.createdAt - a.createdAt);
      return { checkpoints: records.map(toInfo), total: records.length };
    });
  }

  restoreCheckpoint(ctx: CallContext, checkpointId: string): Promise<RestoreSummary> {
    return perform(this.env, ctx, 'keyward.checkpoint.restore', async (op) => {
      await this.administrator(op, 'restore checkpoints');
      await this.env.audit.flush();
      const summary = await op.commit(
        async (tx) => {
          const data = await tx.getCheckpointData(checkpointId);
          if (!data)
            throw engineError(
              'CHECKPOINT_NOT_FOUND_ERR',
              `No checkpoint has the id ${checkpointId}: it may have been deleted in another tab.`,
            );
          const offset = Math.max(
            this.env.clock.offset,
            Number(metaValue(data.stores, 'clockOffsetMs')) || 0,
          );
          await replaceAccount(tx, data.stores);
          await tx.putMeta('clockOffsetMs', offset);
          return restoreSummary(
            await summarize(tx),
            [],
            [
              'The account is as it was when the checkpoint was saved; the demo clock stays where it is.',
            ],
          );
        },
        { topic: 'account' },
      );
      await this.replaced();
      return summary;
    });
  }

  deleteCheckpoint(ctx: CallContext, checkpointId: string): Promise<void> {
    return perform(this.env, ctx, 'keyward.checkpoint.delete', async (op) => {
      await this.administrator(op, 'delete checkpoints');
      await op.commit(
        async (tx) => {
          if (!(await tx.getCheckpoint(checkpointId)))
            throw engineError(
              'CHECKPOINT_NOT_FOUND_ERR',
              `No checkpoint has the id ${checkpointId}: it may have been deleted in another tab.`,
            );
          await tx.deleteCheckpoint(checkpointId);
        },
        { topic: 'presenter' },
      );
    });
  }

  /**
   * Replaces the account with a fresh demo account (recorded as the scenario's load), seeds the
   * scenario through the engine's calls, and starts its walkthrough.
   */
  loadScenario(
    ctx: CallContext,
    scenarioId: ScenarioId,
    seed: (admin: CallContext) => Promise<Seeded>,
  ): Promise<ScenarioResult> {
    return perform(this.env, ctx, 'keyward.scenario.load', async (op) => {
      await this.administrator(op, 'load scenarios');
      if (!(SCENARIO_IDS as readonly unknown[]).includes(scenarioId))
        throw invalidField('scenarioId', `use one of ${SCENARIO_IDS.join(', ')}`);
      await this.reset(op);
      const session = await this.env.directory.get();
      const kms = [...session.instances.values()].find((i) => i.kind === 'kms');
      const admin = { userId: DEMO_USERS.admin.id, instanceId: kms?.id ?? op.ctx.instanceId };
      const seeded = await seed(admin);
      await this.beginWalkthrough(admin, scenarioId, seeded.subjects);
      await this.env.audit.flush();
      const summary = await this.env.store.read((tx) => summarize(tx));
      return {
        scenarioId,
        summary,
        walkthroughId: scenarioId,
        ...(seeded.files ? { files: seeded.files } : {}),
      };
    });
  }

  resetAccount(ctx: CallContext): Promise<RestoreSummary> {
    return perform(this.env, ctx, 'keyward.account.reset', (op) => this.reset(op));
  }

  /** Replaces the account with a fresh demo account, recording `op` as its first event. */
  private async reset(op: Operation): Promise<RestoreSummary> {
    await this.administrator(op, 'reset the account');
    await this.env.audit.flush();
    const masterKey = await createMasterKey();
    const summary = await op.commit(
      async (tx) => {
        await clearAccount(tx);
        await writeFreshAccount(tx, op.now, masterKey, this.env.clock.offset);
        return restoreSummary(
          await summarize(tx),
          [],
          [
            'A fresh demo account: its users, a Key Protect, an object storage and a Hyper Protect instance. Checkpoints are kept.',
          ],
        );
      },
      { topic: 'account' },
    );
    await this.replaced();
    return summary;
  }

  exportBackup(
    ctx: CallContext,
    req: { passphrase: string },
    onProgress?: ProgressListener,
  ): Promise<ArrayBuffer> {
    return perform(this.env, ctx, 'keyward.backup.export', async (op) => {
      await this.administrator(op, 'export a backup (it holds every key)');
      const passphrase = req?.passphrase;
      if (
        typeof passphrase !== 'string' ||
        passphrase.length < BACKUP_LIMITS.passphraseMin ||
        passphrase.length > BACKUP_LIMITS.passphraseMax
      )
        throw invalidField(
          'passphrase',
          `use a passphrase of at least ${BACKUP_LIMITS.passphraseMin} characters`,
        );
      // A sealed account's kms keys open only with the seal's passphrase (issue 14).
      if (await this.env.store.read((tx) => tx.getMeta('seal')))
        throw engineError(
          'SEAL_STATE_ERR',
          'The account is sealed with a passphrase: remove the seal (Settings, Account seal) before exporting a backup, which enciphers every key under its own passphrase.',
        );
      const report = progressReporter(onProgress);
      report(0);
      await this.env.audit.flush();
      const data = await this.env.store.read((tx) => readAccount(tx));
      const account = (await this.env.directory.get()).account;
      return writeBackup(data, passphrase, new Date(op.now).toISOString(), account.id, report);
    });
  }

  restoreBackup(
    ctx: CallContext,
    req: { file: ArrayBuffer; passphrase: string },
    onProgress?: ProgressListener,
  ): Promise<RestoreSummary> {
    return perform(this.env, ctx, 'keyward.backup.restore', async (op) => {
      await this.administrator(op, 'restore a backup');
      if (!(req?.file instanceof ArrayBuffer)) throw invalidField('file', 'choose a backup file');
      if (typeof req.passphrase !== 'string' || req.passphrase.length === 0)
        throw invalidField('passphrase', 'type the passphrase the backup was exported with');
      const report = progressReporter(onProgress);
      report(0);
      // Everything that can fail, and all crypto, before the one transaction.
      const opened = await openBackup(req.file, req.passphrase, op.now, report);
      const offset = Math.max(
        this.env.clock.offset,
        Number(metaValue(opened.data, 'clockOffsetMs')) || 0,
      );
      setMeta(opened.data, 'clockOffsetMs', offset);
      await this.env.audit.flush();
      const summary = await op.commit(
        async (tx) => {
          await replaceAccount(tx, opened.data);
          return restoreSummary(await summarize(tx), opened.masterKeysToLoad, opened.notes);
        },
        { topic: 'account' },
      );
      await this.replaced();
      report(1);
      return summary;
    });
  }

  getWalkthrough(ctx: CallContext): Promise<{ walkthrough?: WalkthroughState }> {
    return perform(this.env, ctx, 'keyward.walkthrough.read', async (op) => {
      await op.signIn();
      await this.env.audit.flush();
      const walkthrough = await this.env.store.read(async (tx) => {
        const record = await tx.getMeta('walkthrough');
        return record ? walkthroughState(tx, record) : undefined;
      });
      return walkthrough ? { walkthrough } : {};
    });
  }

  startWalkthrough(ctx: CallContext, walkthroughId: ScenarioId): Promise<WalkthroughState> {
    return perform(this.env, ctx, 'keyward.walkthrough.start', async (op) => {
      await op.signIn();
      if (!(SCENARIO_IDS as readonly unknown[]).includes(walkthroughId))
        throw invalidField('walkthroughId', `use one of ${SCENARIO_IDS.join(', ')}`);
      return this.start(op, walkthroughId, undefined);
    });
  }

  /** Starts a walkthrough whose links name `subjects` (a scenario's key, bucket, instance). */
  beginWalkthrough(
    ctx: CallContext,
    id: ScenarioId,
    subjects: Record<string, string>,
  ): Promise<WalkthroughState> {
    return perform(this.env, ctx, 'keyward.walkthrough.start', async (op) => {
      await op.signIn();
      return this.start(op, id, subjects);
    });
  }

  /** Starts a walkthrough (in `op`'s transaction); keeps the subjects of a restart. */
  private async start(
    op: Operation,
    id: ScenarioId,
    subjects: Record<string, string> | undefined,
  ): Promise<WalkthroughState> {
    await this.env.audit.flush();
    return op.commit(
      async (tx) => {
        const previous = await tx.getMeta('walkthrough');
        const head = await tx.getMeta('auditHead');
        const record: WalkthroughRecord = {
          id,
          afterSeq: head?.seq ?? 0,
          startedAt: op.now,
          subjects: subjects ?? (previous?.id === id ? previous.subjects : {}),
        };
        await tx.putMeta('walkthrough', record);
        return (await walkthroughState(tx, record))!;
      },
      { topic: 'presenter' },
    );
  }

  endWalkthrough(ctx: CallContext): Promise<void> {
    return perform(this.env, ctx, 'keyward.walkthrough.end', async (op) => {
      await op.signIn();
      await op.commit(
        async (tx: StoreTx) => {
          await tx.deleteMeta('walkthrough');
        },
        { topic: 'presenter' },
      );
    });
  }
}

function metaValue(
  stores: { meta?: { keys: IDBValidKey[]; values: unknown[] } },
  key: string,
): unknown {
  const meta = stores.meta;
  if (!meta) return undefined;
  const i = meta.keys.indexOf(key);
  return i < 0 ? undefined : meta.values[i];
}

function restoreSummary(
  summary: { keys: number; buckets: number; objects: number; events: number },
  masterKeysToLoad: string[],
  notes: string[],
): RestoreSummary {
  return { ...summary, masterKeysToLoad, notes };
}
