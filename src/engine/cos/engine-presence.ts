/**
 * Which engines (tabs) are alive, so work a closed tab left behind is taken over at once instead
 * of after a timeout (issue 14): each engine holds a Web Lock named after its id for as long as it
 * runs; the browser releases it when the tab (its worker) goes away, even when killed. An upload
 * or a rewrap claim whose engine holds no lock any more is an orphan.
 *
 * Where Web Locks are missing (Node in unit tests, the server), `others` answers undefined and
 * callers fall back to their timeouts (an idle upload is swept after UPLOAD_IDLE_MS; a rewrap
 * claim lapses after REWRAP_CLAIM_MS).
 */
import { randomUUID } from '../crypto/random';

const PREFIX = 'keyward-engine:';

/** The part of the Web Locks API used here. */
interface Locks {
  request(name: string, callback: () => Promise<void>): Promise<void>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

function webLocks(): Locks | undefined {
  const nav = (globalThis as { navigator?: { locks?: Locks } }).navigator;
  return nav?.locks && typeof nav.locks.query === 'function' ? nav.locks : undefined;
}

export class EnginePresence {
  /** This engine's name in upload records and job claims. */
  readonly id = randomUUID();
  private release: (() => void) | undefined;
  private held: Promise<void> | undefined;

  constructor(private readonly locks: Locks | undefined = webLocks()) {}

  /** Takes this engine's lock (resolves once held; at once without Web Locks). */
  start(): Promise<void> {
    const locks = this.locks;
    if (!locks) return Promise.resolve();
    this.held ??= new Promise<void>((granted) => {
      void locks
        .request(PREFIX + this.id, () => {
          granted();
          return new Promise<void>((resolve) => (this.release = resolve));
        })
        .catch(() => granted());
    });
    return this.held;
  }

  /** The ids of the live engines (this one included), or undefined where that cannot be known. */
  async live(): Promise<Set<string> | undefined> {
    if (!this.locks || !this.held) return undefined;
    try {
      const { held = [] } = await this.locks.query();
      const ids = new Set<string>();
      for (const lock of held)
        if (lock.name?.startsWith(PREFIX)) ids.add(lock.name.slice(PREFIX.length));
      ids.add(this.id);
      return ids;
    } catch {
      return undefined;
    }
  }

  /** Lets the lock go (the engine closes). */
  stop(): void {
    this.release?.();
    this.release = undefined;
  }
}
