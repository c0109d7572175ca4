/**
 * The header's badge while the demo clock runs ahead of real time (SPEC section 16): how far, so
 * an audience knows the dates on screen are demo dates.
 */
import { Tag } from '@carbon/react';
import { formatAhead } from '../domain/presenter';

/** Offsets under a second are rounding, not demo time. */
const SHOWN_FROM_MS = 1000;

export function DemoTimeBadge({ offsetMs }: { offsetMs: number }) {
  if (offsetMs < SHOWN_FROM_MS) return null;
  const ahead = formatAhead(offsetMs);
  return (
    <Tag
      type="purple"
      size="sm"
      className="kw-demo-time"
      data-testid="demo-time-badge"
      title={`The demo clock runs ${ahead} ahead of real time`}
    >
      Demo time +{ahead}
    </Tag>
  );
}
