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

  get offset(): number {
    return this.offsetMs;
  }

  setOffset(offsetMs: number): void {
    this.offsetMs = offsetMs;
  }
}
