/** Input rules of access management: user names, email addresses, instance names and kinds. */
import { describe, expect, it } from 'vitest';
import {
  emailProblem,
  instanceNameProblem,
  isInstanceKind,
  isRegion,
  sameEmail,
  userNameProblem,
} from './access-validation';

describe('access validation', () => {
  it('user and instance names: 2–90 characters, no surrounding spaces or control characters', () => {
    for (const check of [userNameProblem, instanceNameProblem]) {
      expect(check('Ada')).toBeUndefined();
      expect(check('x'.repeat(90))).toBeUndefined();
      expect(check('')).toBe('a name is required');
      expect(check('   ')).toBe('a name is required');
      expect(check(42)).toBe('a name is required');
      expect(check('A')).toBe('use 2–90 characters (this has 1)');
      expect(check('x'.repeat(91))).toBe('use 2–90 characters (this has 91)');
      expect(check(' Ada')).toBe('remove the spaces at the start or end');
      expect(check('Ada\nAdmin')).toBe('remove line breaks and other control characters');
    }
  });

  it('email addresses: one @, a dotted domain, no spaces, at most 254 characters', () => {
    for (const ok of ['a@b.co', 'first.last+tag@sub.example.org'])
      expect(emailProblem(ok)).toBeUndefined();
    for (const bad of ['a@b', 'a b@c.de', '@c.de', 'a@@c.de', 'a@.de', 'a@c..de', 'plain'])
      expect([bad, emailProblem(bad)]).toEqual([bad, 'enter an address such as name@example.com']);
    expect(emailProblem('')).toBe('an email address is required');
    expect(emailProblem(`${'a'.repeat(250)}@b.co`)).toBe(
      'use at most 254 characters (this has 255)',
    );
    expect(sameEmail('Max@Example.com', 'max@example.COM')).toBe(true);
    expect(sameEmail('max@example.com', 'maxi@example.com')).toBe(false);
  });

  it('kinds and regions', () => {
    expect(['kms', 'hpcs', 'cos'].every(isInstanceKind)).toBe(true);
    expect(isInstanceKind('db')).toBe(false);
    expect(isRegion('eu-de')).toBe(true);
    expect(isRegion('mars-1')).toBe(false);
  });
});
