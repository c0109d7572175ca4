/**
 * The presenter kit and backup (SPEC sections 14 and 16), as the API sees them: scenarios,
 * checkpoints, reset, guided walkthroughs, and the passphrase-encrypted backup file. Pure types
 * and the API's method list; the engine's side is `src/engine/presenter`.
 */
import type { CallContext } from './api-common';

/** What an account holds, as a checkpoint or a restore reports it. */
export interface AccountSummary {
  keys: number;
  buckets: number;
  objects: number;
  events: number;
}

export interface CheckpointInfo {
  id: string;
  name: string;
  /** Engine time of the save, ISO 8601. */
  createdAt: string;
  createdBy: string;
  summary: AccountSummary;
}

/** What a restore (checkpoint, backup) or a reset put in place, for the console to explain. */
export interface RestoreSummary extends AccountSummary {
  /** Hyper Protect instances whose master key the custodians must load again (backup only). */
  masterKeysToLoad: string[];
  /** Sentences saying what was restored and what was not (import tokens, the signing key). */
  notes: string[];
}

export const SCENARIO_IDS = [
  'cos-envelope',
  'byok',
  'dual-authorization',
  'hpcs',
  'auditor-week',
  'ten-thousand-keys',
] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export interface ScenarioResult {
  scenarioId: ScenarioId;
  summary: AccountSummary;
  /** The walkthrough started with it (its progress counts from the scenario's last event). */
  walkthroughId: ScenarioId;
  /**
   * Files the presenter needs to go on, handed out once (the Hyper Protect administrators' key
   * files: the engine never stores a private key).
   */
  files?: { name: string; text: string; password: string }[];
}

/** One step of a walkthrough, as the console shows it. */
export interface WalkthroughStepState {
  id: string;
  title: string;
  /** What to do. */
  what: string;
  /** Why it matters. */
  why: string;
  /** Where it is done: a console path. */
  href: string;
  linkText: string;
  done: boolean;
  /** The event that completed it. */
  doneBy?: { eventId: string; time: string; initiator: string };
}

export interface WalkthroughState {
  id: ScenarioId;
  title: string;
  startedAt: string;
  steps: WalkthroughStepState[];
  complete: boolean;
}

/** The backup file's format (docs/backup-format.md). */
export const BACKUP_FORMAT = 'keyward-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_LIMITS = {
  passphraseMin: 8,
  passphraseMax: 1024,
  /** A backup file (ArrayBuffer) is at most this large. */
  fileBytesMax: 512 * 1024 * 1024,
  checkpointNameMax: 90,
} as const;

/**
 * Hears how far a long call (backup export, backup restore) has got: the share done, 0 to 1,
 * rising. In the console a comlink proxy to the page; the call never waits for it.
 */
export type ProgressListener = (share: number) => unknown;

export interface PresenterApi {
  /** Replaces the account with a fresh demo account, then seeds the scenario. Administrator. */
  loadScenario(ctx: CallContext, scenarioId: ScenarioId): Promise<ScenarioResult>;
  /** Saves the whole account under a name (in this browser profile). Administrator. */
  saveCheckpoint(ctx: CallContext, req: { name: string }): Promise<CheckpointInfo>;
  listCheckpoints(ctx: CallContext): Promise<{ checkpoints: CheckpointInfo[]; total: number }>;
  /** Puts the account back as it was at the checkpoint; recorded. Administrator. */
  restoreCheckpoint(ctx: CallContext, checkpointId: string): Promise<RestoreSummary>;
  deleteCheckpoint(ctx: CallContext, checkpointId: string): Promise<void>;
  /** Replaces the account with a fresh demo account (checkpoints stay); recorded. Administrator. */
  resetAccount(ctx: CallContext): Promise<RestoreSummary>;
  /** The whole account as a passphrase-encrypted file (docs/backup-format.md). Administrator. */
  exportBackup(
    ctx: CallContext,
    req: { passphrase: string },
    onProgress?: ProgressListener,
  ): Promise<ArrayBuffer>;
  /** Replaces the account with the backup's; refused with nothing changed if it does not open. */
  restoreBackup(
    ctx: CallContext,
    req: { file: ArrayBuffer; passphrase: string },
    onProgress?: ProgressListener,
  ): Promise<RestoreSummary>;
  /** The walkthrough in progress with each step's state (from the events), if any. */
  getWalkthrough(ctx: CallContext): Promise<{ walkthrough?: WalkthroughState }>;
  /** Starts (or restarts) a walkthrough: its steps count events from now on. */
  startWalkthrough(ctx: CallContext, walkthroughId: ScenarioId): Promise<WalkthroughState>;
  /** Closes the walkthrough in progress. */
  endWalkthrough(ctx: CallContext): Promise<void>;
}

export const PRESENTER_API_METHODS = [
  'loadScenario',
  'saveCheckpoint',
  'listCheckpoints',
  'restoreCheckpoint',
  'deleteCheckpoint',
  'resetAccount',
  'exportBackup',
  'restoreBackup',
  'getWalkthrough',
  'startWalkthrough',
  'endWalkthrough',
] as const satisfies readonly (keyof PresenterApi)[];

/** How far the demo clock runs ahead, in words: "3 d 4 h", "2 h 5 min", "45 s". */
export function formatAhead(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d >= 365) return `${Math.floor(d / 365)} y ${d % 365} d`;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return `${m} min`;
  return `${s} s`;
}
