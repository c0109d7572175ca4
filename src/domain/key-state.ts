/**
 * The key lifecycle of SPEC.md section 4: states, their labels, and which operations each allows.
 */

export const KeyState = {
  Active: 1,
  Suspended: 2,
  Deactivated: 3,
  Destroyed: 5,
} as const;
export type KeyState = (typeof KeyState)[keyof typeof KeyState];

export const STATE_LABELS: Readonly<Record<KeyState, string>> = {
  1: 'Enabled',
  2: 'Disabled',
  3: 'Expired',
  5: 'Deleted',
};

export const STATE_NAMES: Readonly<Record<KeyState, string>> = {
  1: 'Active',
  2: 'Suspended',
  3: 'Deactivated',
  5: 'Destroyed',
};

export type LifecycleOperation =
  | 'read'
  | 'rotate'
  | 'wrap'
  | 'unwrap'
  | 'rewrap'
  | 'disable'
  | 'enable'
  | 'delete'
  | 'restore'
  | 'purge';

const ALLOWED: Readonly<Record<KeyState, readonly LifecycleOperation[]>> = {
  1: ['read', 'rotate', 'wrap', 'unwrap', 'rewrap', 'disable', 'delete'],
  2: ['read', 'enable', 'delete'],
  3: ['read', 'rotate', 'unwrap', 'rewrap', 'delete'],
  5: ['read', 'restore', 'purge'],
};

export function stateAllows(state: KeyState, op: LifecycleOperation): boolean {
  return ALLOWED[state].includes(op);
}

export function allowedOperations(state: KeyState): readonly LifecycleOperation[] {
  return ALLOWED[state];
}

/** The state an operation leads to, for operations that change state. */
export function nextState(state: KeyState, op: LifecycleOperation): KeyState {
  switch (op) {
    case 'disable':
      return KeyState.Suspended;
    case 'enable':
      return KeyState.Active;
    case 'delete':
      return KeyState.Destroyed;
    case 'restore':
      // A restored key comes back enabled (Key Protect restores to Active).
      return KeyState.Active;
    default:
      return state;
  }
}

export function isKeyState(value: unknown): value is KeyState {
  return value === 1 || value === 2 || value === 3 || value === 5;
}
