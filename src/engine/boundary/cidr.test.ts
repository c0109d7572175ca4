/**
 * The allowed_ip subnet check (domain/instance-policies.ts) against zod's CIDR formats (an independent implementation): they
 * agree on generated IPv4 and IPv6 subnets, valid and mangled (zod is laxer about the prefix
 * length's digits; Keyward takes only a plain number).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { cidrProblem } from '../../domain/instance-policies';

const zodCidr = z.union([z.cidrv4(), z.cidrv6()]);
const zodSays = (value: string) => zodCidr.safeParse(value).success;

const v4 = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), fc.nat(32))
  .map(([parts, prefix]) => `${parts.join('.')}/${prefix}`);
const v6 = fc.tuple(fc.ipV6(), fc.nat(128)).map(([address, prefix]) => `${address}/${prefix}`);
const mangled = fc
  .tuple(fc.oneof(v4, v6), fc.nat(40), fc.constantFrom('', '/', ':', '.', '1', 'x', '::', '/99'))
  .map(
    ([s, at, insert]) => s.slice(0, at % (s.length + 1)) + insert + s.slice(at % (s.length + 1)),
  );

describe('cidrProblem', () => {
  it('accepts what zod accepts and refuses what it refuses', () => {
    fc.assert(
      fc.property(fc.oneof(v4, v6, mangled), (value) => {
        // zod reads the prefix length as any number ("/1.01", "/01"): only a plain one counts here.
        const prefix = value.slice(value.indexOf('/') + 1);
        const plain = value.includes('/') && /^(0|[1-9]\d*)$/.test(prefix);
        expect(cidrProblem(value) === undefined).toBe(plain && zodSays(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('says what is wrong', () => {
    expect(cidrProblem('10.0.0.1')).toMatch(/no prefix length: add one, e.g. 10.0.0.1\/32/);
    expect(cidrProblem('2001:db8::1')).toMatch(/e.g. 2001:db8::1\/128/);
    expect(cidrProblem('10.0.0.0/33')).toMatch(/0–32 for IPv4/);
    expect(cidrProblem('10.0.0/8')).toMatch(/four numbers 0–255/);
    expect(cidrProblem(' 10.0.0.0/8')).toMatch(/spaces/);
    expect(cidrProblem('203.0.113.0/24')).toBeUndefined();
    expect(cidrProblem('::/0')).toBeUndefined();
  });
});
