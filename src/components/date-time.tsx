/** Dates as the console shows them: the user's locale, with the exact ISO value on hover. */

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const preciseFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'medium',
});

/**
 * `precise` adds seconds (for events, where order within a minute matters); `day` leaves out the
 * time (dense tables; the exact moment is on hover).
 */
export function formatDate(iso: string, precise: boolean | 'day' = false): string {
  const format = precise === 'day' ? dayFormat : precise ? preciseFormat : dateFormat;
  return format.format(new Date(iso));
}

export function DateTime({
  iso,
  precise = false,
  empty = 'None',
  className,
}: {
  iso: string | undefined;
  precise?: boolean | 'day';
  /** What to show when there is no date. */
  empty?: string;
  className?: string;
}) {
  if (!iso) return <>{empty}</>;
  return (
    <time dateTime={iso} title={iso} className={className}>
      {formatDate(iso, precise)}
    </time>
  );
}
