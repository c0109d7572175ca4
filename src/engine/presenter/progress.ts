/**
 * Progress of a long call (backup export and restore): the share done, from 0 to 1, told to a
 * caller's function — in the browser a comlink proxy to the page, whose call returns a promise
 * that may reject once the page is gone. A report never goes back, never repeats a share that
 * rounds to the same percent, and never fails the call.
 */
import type { ProgressListener } from '../../domain/presenter';

export type { ProgressListener };

export interface Progress {
  /** Reports `share` (clamped to 0–1). */
  (share: number): void;
  /** A part of the work from `from` to `to`: `part(i / n)` reports its share within it. */
  span(from: number, to: number): (within: number) => void;
}

export function progressReporter(listener: ProgressListener | undefined): Progress {
  let last = -1;
  const report = ((share: number) => {
    if (!listener) return;
    const percent = Math.round(Math.min(1, Math.max(0, share)) * 100);
    if (percent <= last) return;
    last = percent;
    try {
      const answer = listener(percent / 100);
      if (answer && typeof (answer as Promise<unknown>).catch === 'function')
        (answer as Promise<unknown>).catch(() => undefined);
    } catch {
      // A listener that throws does not stop the work it hears about.
    }
  }) as Progress;
  report.span = (from, to) => (within) => report(from + (to - from) * within);
  return report;
}
