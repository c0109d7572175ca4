/**
 * The session (who is here: account, users, instances, policies, the clock) and the demo clock's
 * advance (SPEC sections 2 and 13). Both run the key schedules themselves rather than through the
 * engine's housekeeping: the session before it reads, the advance after it moves the clock.
 */
import type { CallContext, Session } from '../../domain/api';
import { invalidField } from '../../domain/errors';
import { DAY } from '../../domain/time';
import type { Housekeeping } from '../housekeeping';
import { perform, type EngineContext } from '../operation';
import { administratorRequired, isAdministrator } from './access';

const MAX_ADVANCE_MS = 3650 * DAY;

export class SessionService {
  constructor(
    private readonly env: EngineContext,
    private readonly housekeeping: Housekeeping,
  ) {}

  async getSession(): Promise<Session> {
    await this.housekeeping.runKeySchedules();
    const snap = await this.env.directory.get();
    return {
      account: snap.account,
      users: [...snap.users.values()],
      instances: [...snap.instances.values()],
      policies: snap.policies,
      now: new Date(this.env.clock.now()).toISOString(),
      clockOffsetMs: this.env.clock.offset,
    };
  }

  async advanceTime(ctx: CallContext, ms: number): Promise<{ now: string; clockOffsetMs: number }> {
    const offset = await perform(this.env, ctx, 'keyward.clock.advance', async (op) => {
      const { user, policies } = await op.signIn();
      const account = (await this.env.directory.get()).account;
      op.aim(`crn:v1:keyward:public:keyward:global:a/${account.id}:::`, {
        instanceId: ctx.instanceId,
      });
      // Moving the clock closes restore windows, expires keys and purges Deleted ones: an
      // account Administrator's action (SPEC sections 2 and 13).
      if (!isAdministrator(policies)) throw administratorRequired(user, 'advance the clock');
      if (typeof ms !== 'number' || !Number.isInteger(ms) || ms <= 0 || ms > MAX_ADVANCE_MS)
        throw invalidField(
          'ms',
          'advance the clock by a whole number of milliseconds, up to 10 years',
        );
      return op.commit(
        async (tx) => {
          const next = ((await tx.getMeta('clockOffsetMs')) ?? 0) + ms;
          await tx.putMeta('clockOffsetMs', next);
          return next;
        },
        (clockOffsetMs) => ({ topic: 'clock', clockOffsetMs }),
      );
    });
    this.env.clock.setOffset(offset);
    // What falls due at the new time runs now, recorded by its own events; a failure there is
    // not this call's outcome (the advance is committed and audited once), and the same check
    // runs again before the next call.
    await this.housekeeping.afterClockMoved();
    return { now: new Date(this.env.clock.now()).toISOString(), clockOffsetMs: offset };
  }
}
