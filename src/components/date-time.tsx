/** Dates as the console shows them: the user's locale, with the exact ISO value on hover. */

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const preciseFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'medium',
});

/** `precise` adds seconds (for events, where order within a minute matters). */
export function formatDate(iso: string, precise = false): string {
  return (precise ? preciseFormat : dateFormat).format(new Date(iso));
}

export function DateTime({
  iso,
  precise = false,
  empty = 'None',
  className,
}: {
  iso: string | undefined;
  precise?: boolean;
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
