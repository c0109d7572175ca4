/**
 * Input rules of access management (SPEC section 1): user names, email addresses and service
 * instance names. Each returns the problem in words a form can show, or undefined when valid;
 * the engine throws them as `400 INVALID_FIELD_ERR`.
 */
import { REGIONS, type InstanceKind, type Region } from './types';
import { controlCharacterProblem } from './validation';

export const ACCESS_LIMITS = {
  userNameMin: 2,
  userNameMax: 90,
  emailMax: 254,
  instanceNameMin: 2,
  instanceNameMax: 90,
} as const;

export const INSTANCE_KINDS: readonly InstanceKind[] = ['kms', 'hpcs', 'cos'];

/** How people call each kind of instance. */
export const INSTANCE_KIND_LABELS: Readonly<Record<InstanceKind, string>> = {
  kms: 'Key Protect',
  hpcs: 'Hyper Protect Crypto Services',
  cos: 'Cloud Object Storage',
};

/** The service name each kind of instance has in CRNs. */
export const INSTANCE_SERVICE_NAMES: Readonly<Record<InstanceKind, string>> = {
  kms: 'kms',
  hpcs: 'hs-crypto',
  cos: 'cloud-object-storage',
};

// A pragmatic address shape: one @, no spaces, a dot in the domain, no empty labels.
const EMAIL_RE = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
const hasControl = (value: string): boolean =>
  [...value].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127);

function textProblem(value: unknown, what: string, min: number, max: number): string | undefined {
  if (typeof value !== 'string' || value.trim().length === 0) return `${what} is required`;
  if (value !== value.trim()) return 'remove the spaces at the start or end';
  if (value.length < min || value.length > max)
    return `use ${min}–${max} characters (this has ${value.length})`;
  if (hasControl(value)) return 'remove line breaks and other control characters';
  return controlCharacterProblem(value);
}

export function userNameProblem(name: unknown): string | undefined {
  return textProblem(name, 'a name', ACCESS_LIMITS.userNameMin, ACCESS_LIMITS.userNameMax);
}

export function emailProblem(email: unknown): string | undefined {
  if (typeof email !== 'string' || email.trim().length === 0) return 'an email address is required';
  if (email.length > ACCESS_LIMITS.emailMax)
    return `use at most ${ACCESS_LIMITS.emailMax} characters (this has ${email.length})`;
  if (!EMAIL_RE.test(email)) return 'enter an address such as name@example.com';
  return undefined;
}

export function instanceNameProblem(name: unknown): string | undefined {
  return textProblem(name, 'a name', ACCESS_LIMITS.instanceNameMin, ACCESS_LIMITS.instanceNameMax);
}

export function isInstanceKind(value: unknown): value is InstanceKind {
  return INSTANCE_KINDS.includes(value as InstanceKind);
}

export function isRegion(value: unknown): value is Region {
  return (REGIONS as readonly unknown[]).includes(value);
}

/** Emails are compared without regard to case: two users may not share one. */
export function sameEmail(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
