import { plural } from '../../components/format';
/** How the buckets pages show a retention period. */

export function formatRetention(days: number | undefined): string {
  if (days === undefined) return 'None';
  return plural(days, 'day');
}
