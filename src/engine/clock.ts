/**
 * The engine's one clock (SPEC section 13): a base time source (real time in the app, a
 * controllable one in tests) plus a persisted demo offset that "advance time" moves forward.
 *
 * Engine time never goes backwards: if the base clock steps back (the system clock is set back),
 * `now()` holds at the latest time it has returned until the base catches up; and the offset only
 * ever grows, so a stale or hostile notice from another tab cannot set the clock back. Why: every
 * waiting period, expiration and restore window is measured on this clock, and a clock that went
 * back would make an expired key usable again and reopen closed windows.
 */

export class Clock {
  private offsetMs = 0;
  private latest = -Infinity;

  constructor(private readonly base: () => number) {}

  now(): number {
    const t = this.base() + this.offsetMs;
    if (t > this.latest) this.latest = t;
    return this.latest;
  }

  /**
   * Real time, without the demo offset: for housekeeping that must not jump when someone
   * advances the demo clock (sweeping abandoned uploads).
   */
  realNow(): number {
    return this.base();
  }

  get offset(): number {
    return this.offsetMs;
  }

  /** Moves the demo offset to `offsetMs` if that is later than it is; an earlier one is ignored. */
  setOffset(offsetMs: number): void {
    if (Number.isFinite(offsetMs) && offsetMs > this.offsetMs) this.offsetMs = offsetMs;
  }
}
