/**
 * The clock (SPEC section 13): only an account Administrator moves it, by at most 10 years a
 * call, audited once; engine time never goes backwards, whatever the system clock or another
 * tab's notice says.
 */
import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../domain/time';
import type { EngineError } from '../domain/errors';
import { Clock } from './clock';
import { expectError } from './test/expect-error';
import { expectUnchanged } from './test/expect-unchanged';
import { openHarness } from './test/harness';
import { rawEvents, snapshot } from './test/raw-db';

describe('advancing the clock', () => {
  it.each(['reader', 'writer', 'manager'] as const)(
    'is refused to a %s with 401 UNAUTHORIZED_ERR, changing nothing',
    async (persona) => {
      const h = await openHarness();
      const before = await snapshot(h);
      const error = await h.engine.advanceTime(h.as(persona), 10 * 365 * DAY).then(
        () => undefined,
        (e: unknown) => e as EngineError,
      );
      // The status every denied call has (Key Protect's 401).
      expect(error).toMatchObject({ status: 401, code: 'UNAUTHORIZED_ERR' });
      expect(error?.message).toMatch(/Administrator/);
      await h.engine.flushEvents();
      const last = (await rawEvents(h)).at(-1);
      expect(last).toMatchObject({ action: 'keyward.clock.advance', outcome: 'failure' });
      await expectUnchanged(h, before, 'UNAUTHORIZED_ERR');
      expect((await h.engine.getSession()).clockOffsetMs).toBe(0);
    },
  );

  it('an Administrator moves it at most 10 years a call, and one call records one event', async () => {
    const h = await openHarness();
    await expectError(h.engine.advanceTime(h.as('admin'), 3651 * DAY), 400, 'INVALID_FIELD_ERR');
    await h.engine.flushEvents();
    const before = (await rawEvents(h)).length;
    const result = await h.engine.advanceTime(h.as('admin'), 3650 * DAY);
    expect(result.clockOffsetMs).toBe(3650 * DAY);
    await h.engine.flushEvents();
    const added = (await rawEvents(h)).slice(before);
    expect(added.filter((e) => e.action === 'keyward.clock.advance')).toEqual([
      expect.objectContaining({
        outcome: 'success',
        initiator: expect.objectContaining({ id: 'user-admin' }),
      }),
    ]);
  });
});

describe('engine time never goes backwards', () => {
  it('holds while the system clock is set back, and runs on once it catches up', async () => {
    const h = await openHarness();
    const start = Date.parse((await h.engine.getSession()).now);
    h.clock.advance(-2 * HOUR);
    expect(Date.parse((await h.engine.getSession()).now)).toBe(start);
    h.clock.advance(2 * HOUR + 1000);
    expect(Date.parse((await h.engine.getSession()).now)).toBe(start + 1000);
  });

  it('a key that expired stays expired when the system clock goes back', async () => {
    const h = await openHarness();
    const expires = new Date(h.clock.now + HOUR).toISOString();
    const key = await h.engine.createKey(h.as('manager'), {
      name: 'short-lived',
      extractable: false,
      expirationDate: expires,
    });
    h.clock.advance(HOUR + 1000);
    expect((await h.engine.getKeyMetadata(h.as('reader'), key.id)).state).toBe(3);
    h.clock.advance(-2 * HOUR);
    expect((await h.engine.getKeyMetadata(h.as('reader'), key.id)).state).toBe(3);
    await expectError(h.engine.wrap(h.as('reader'), key.id), 409, 'KEY_ACTION_INVALID_STATE_ERR');
  });

  it("another tab's notice can move the offset forward only", () => {
    let base = 1_000_000;
    const clock = new Clock(() => base);
    clock.setOffset(DAY);
    expect(clock.now()).toBe(base + DAY);
    clock.setOffset(0); // a stale notice
    clock.setOffset(Number.NaN);
    expect(clock.offset).toBe(DAY);
    expect(clock.now()).toBe(base + DAY);
    base -= HOUR;
    expect(clock.now()).toBe(1_000_000 + DAY);
  });
});
