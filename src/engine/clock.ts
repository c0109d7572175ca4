/**
 * The engine's one clock: a base time source (real time in the app, a controllable one in tests)
 * plus a persisted demo offset that "advance time" moves forward.
 */

export class Clock {
  private offsetMs = 0;

  constructor(private readonly base: () => number) {}

  now(): number {
    return this.base() + this.offsetMs;
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

  setOffset(offsetMs: number): void {
    this.offsetMs = offsetMs;
  }
}
