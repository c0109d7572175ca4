/**
 * The demo clock: shows the engine's simulated time and moves it forward by hours or days, so a
 * walkthrough can show waiting periods end (30 s, 1 h, 4 h, 7, 30 and 90 days) and scheduled
 * rotations fire (+1 month: a rotation policy's month, 30 days, as Key Protect counts it).
 */
import { Button, InlineNotification, Stack } from '@carbon/react';
import { useMutation } from '@tanstack/react-query';
import type { CallContext } from '../domain/api';
import { ROTATION_MONTH_DAYS } from '../domain/rotation';
import { DAY, HOUR, SECOND } from '../domain/time';
import { errorMessage } from '../client/error-message';
import { keywardClient } from '../client/keyward-client';
import { formatDate } from '../components/format';
import { useNotify } from '../components/notifications';

const STEPS = [
  { label: '+31 seconds', ms: 31 * SECOND },
  { label: '+1 hour', ms: HOUR },
  { label: '+4 hours', ms: 4 * HOUR },
  { label: '+1 day', ms: DAY },
  { label: '+7 days', ms: 7 * DAY },
  // One month as rotation policies count it (SPEC section 5): a 1-month rotation is due after it,
  // and the 30-day restore window closes.
  { label: `+1 month (${ROTATION_MONTH_DAYS} days)`, ms: ROTATION_MONTH_DAYS * DAY },
  { label: '+90 days', ms: 90 * DAY },
];

export function formatOffset(ms: number): string {
  if (ms === 0) return 'real time';
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.round((ms % HOUR) / 60000);
  const parts = [days && `${days} d`, hours && `${hours} h`, minutes && `${minutes} min`].filter(
    Boolean,
  );
  return `${parts.join(' ') || `${Math.round(ms / 1000)} s`} ahead of real time`;
}

export function ClockPanel({
  ctx,
  now,
  offsetMs,
  canAdvance = true,
}: {
  ctx: CallContext;
  now: string;
  offsetMs: number;
  /** False when the acting user is not an account Administrator: the steps show why not. */
  canAdvance?: boolean;
}) {
  const notify = useNotify();
  const advance = useMutation({
    mutationFn: (step: { label: string; ms: number }) => keywardClient().advanceTime(ctx, step.ms),
    onSuccess: (result, step) => {
      notify({
        kind: 'info',
        title: 'Clock advanced',
        subtitle: `${step.label} — now ${formatDate(result.now, true)}`,
      });
    },
  });
  return (
    <section className="kw-clock-panel" aria-label="Demo clock">
      <Stack gap={5}>
        <div>
          <p className="kw-clock-label">Engine time</p>
          <p className="kw-clock-now" data-testid="engine-time">
            {formatDate(now, true)}
          </p>
          <p className="kw-clock-offset">{formatOffset(offsetMs)}</p>
        </div>
        <p className="kw-clock-help">
          Demo mode: move time forward to see waiting periods end, keys expire and deleted keys
          become purgeable. Time never moves back.
        </p>
        {!canAdvance && (
          <p className="kw-clock-help" id="kw-clock-denied">
            Only an account Administrator can move the clock: it closes restore windows, expires
            keys and purges deleted keys. Switch to an Administrator to advance it.
          </p>
        )}
        <div className="kw-clock-steps" role="group" aria-label="Advance time">
          {STEPS.map((step) => (
            <Button
              key={step.ms}
              kind="tertiary"
              size="sm"
              disabled={!canAdvance}
              aria-describedby={canAdvance ? undefined : 'kw-clock-denied'}
              // Not disabled while a step runs: a disabled button loses focus, which closes the
              // panel, and presenters often step several times in a row.
              onClick={() => {
                if (!advance.isPending) advance.mutate(step);
              }}
            >
              {step.label}
            </Button>
          ))}
        </div>
        {advance.error && (
          <InlineNotification
            kind="error"
            title={errorMessage(advance.error).title}
            subtitle={errorMessage(advance.error).detail}
            lowContrast
          />
        )}
      </Stack>
    </section>
  );
}
