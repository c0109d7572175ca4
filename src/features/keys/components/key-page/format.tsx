/** How the key page shows dates, durations and the reasons a control is disabled. */
import { STATE_LABELS, type KeyState } from '../../../../domain/key-state';
import type { Permission } from '../../../../domain/types';
import { DAY, HOUR, MINUTE } from '../../../../domain/time';
import { plural } from '../../../../components/format';

export { DateTime } from '../../../../components/date-time';
export { formatDate } from '../../../../components/format';

/**
 * A length of time in words, to the nearest minute: "30 days", "29 days 23 hours",
 * "3 hours 59 minutes", "under a minute". (Rounded, so a window that just opened reads as whole.)
 */
export function formatDuration(ms: number): string {
  const totalMinutes = Math.round(Math.abs(ms) / MINUTE);
  const days = Math.floor((totalMinutes * MINUTE) / DAY);
  const hours = Math.floor(((totalMinutes * MINUTE) % DAY) / HOUR);
  const minutes = totalMinutes % 60;
  if (days > 0)
    return hours > 0 ? `${plural(days, 'day')} ${plural(hours, 'hour')}` : plural(days, 'day');
  if (hours > 0)
    return minutes > 0
      ? `${plural(hours, 'hour')} ${plural(minutes, 'minute')}`
      : plural(hours, 'hour');
  if (minutes > 0) return plural(minutes, 'minute');
  return 'under a minute';
}

/** "in 3 hours" / "2 days ago", relative to the engine clock. */
export function relative(iso: string, now: number): string {
  const delta = Date.parse(iso) - now;
  return delta >= 0 ? `in ${formatDuration(delta)}` : `${formatDuration(delta)} ago`;
}

export function stateArticle(state: KeyState): string {
  return /^[AEIOU]/.test(STATE_LABELS[state]) ? 'An' : 'A';
}

/** "A Disabled key cannot be rotated." */
export function stateReason(state: KeyState, cannot: string): string {
  return `${stateArticle(state)} ${STATE_LABELS[state]} key cannot ${cannot}.`;
}

/**
 * Combines the engine's answer about the user's role with any other reason the control is
 * unavailable (the key's state, a waiting period). The role comes first: it is the reason that
 * will not go away by itself.
 */
export function gate(
  permission: Permission | undefined,
  doing: string,
  otherReason?: string,
): Permission | undefined {
  if (!permission) return undefined;
  if (!permission.allowed)
    return {
      allowed: false,
      ...(permission.needs ? { needs: permission.needs } : {}),
      reason: permission.needs
        ? `${doing} needs the ${permission.needs} role.`
        : (permission.reason ?? `You may not do this.`),
    };
  if (otherReason) return { allowed: false, reason: otherReason };
  return permission;
}
