/** Dates as the console shows them: the user's locale, with the exact ISO value on hover. */
import { formatDate } from './format';

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
