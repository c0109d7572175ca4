/**
 * The demo clock: shows the engine's simulated time and moves it forward by hours or days, so a
 * walkthrough can show waiting periods end (30 s, 1 h, 4 h, 7, 30 and 90 days) and scheduled
 * rotations fire (+1 calendar month).
 */
import { Button, InlineNotification, Stack } from '@carbon/react';
import { useMutation } from '@tanstack/react-query';
import type { CallContext } from '../domain/api';
import { addCalendarMonths } from '../domain/rotation';
import { DAY, HOUR, SECOND } from '../domain/time';
import { errorMessage } from '../client/error-message';
import { keywardClient } from '../client/keyward-client';
import { formatDate } from '../components/date-time';
import { useNotify } from '../components/notifications';

const STEPS = [
  { label: '+31 seconds', ms: 31 * SECOND },
  { label: '+1 hour', ms: HOUR },
  { label: '+4 hours', ms: 4 * HOUR },
  { label: '+1 day', ms: DAY },
  { label: '+7 days', ms: 7 * DAY },
  { label: '+30 days', ms: 30 * DAY },
  { label: '+90 days', ms: 90 * DAY },
];

/** A calendar month (as rotation policies count): to the same day and time next month. */
const MONTH_LABEL = '+1 month';

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
}: {
  ctx: CallContext;
  now: string;
  offsetMs: number;
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
        <div className="kw-clock-steps" role="group" aria-label="Advance time">
          {STEPS.map((step) => (
            <Button
              key={step.ms}
              kind="tertiary"
              size="sm"
              // Not disabled while a step runs: a disabled button loses focus, which closes the
              // panel, and presenters often step several times in a row.
              onClick={() => {
                if (!advance.isPending) advance.mutate(step);
              }}
            >
              {step.label}
            </Button>
          ))}
          <Button
            kind="tertiary"
            size="sm"
            onClick={() => {
              const from = Date.parse(now);
              const ms = addCalendarMonths(from, 1) - from;
              if (!advance.isPending) advance.mutate({ label: MONTH_LABEL, ms });
            }}
          >
            {MONTH_LABEL}
          </Button>
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
