/** The waiting periods of SPEC.md sections 4 and 13, in milliseconds. */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const ENABLE_AFTER_DISABLE = 30 * SECOND;
export const RESTORE_AFTER_DELETE = 30 * SECOND;
export const ROTATION_MIN_INTERVAL = HOUR;
export const PURGE_AFTER_DELETE = 4 * HOUR;
export const DUAL_AUTH_WINDOW = 7 * DAY;
export const RESTORE_WINDOW = 30 * DAY;
export const AUTO_PURGE_AFTER = 90 * DAY;
