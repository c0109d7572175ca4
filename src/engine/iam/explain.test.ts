/**
 * "What can this user do?" is computed from the same rules as every permission check: for any
 * policies and any target, `explainAt` allows exactly what `allows` allows, and every policy it
 * names covers the target and grants the action.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, SERVICE_ROLES, type KeyAction, type Role } from '../../domain/roles';
import type { AccessPolicy } from '../../domain/types';
import { allows, covers, explainAt, type AccessTarget } from './access';

const USER = { id: 'u', name: 'Una User', email: 'u@example.com' };
const instance = fc.constantFrom('i1', 'i2');
const ring = fc.constantFrom('default', 'ring-a', 'ring-b');
const key = fc.constantFrom('k1', 'k2', 'k3');
const role = fc.constantFrom<Role>(...SERVICE_ROLES, 'Administrator');

const policy = fc
  .record({
    role,
    instanceId: instance,
    scope: fc.oneof(
      fc.constant({}),
      ring.map((keyRingID) => ({ keyRingID })),
      key.map((keyId) => ({ keyId })),
    ),
  })
  .map((p, i = 0): AccessPolicy => ({
    id: `p-${p.role}-${p.instanceId}-${JSON.stringify(p.scope)}-${i}`,
    userId: USER.id,
    role: p.role,
    scope: p.role === 'Administrator' ? {} : { instanceId: p.instanceId, ...p.scope },
    createdAt: '2026-01-01T00:00:00.000Z',
  }));

const target: fc.Arbitrary<AccessTarget> = fc.oneof(
  instance.map((instanceId) => ({ instanceId })),
  fc.record({ instanceId: instance, keyRingID: ring }),
  fc.record({ instanceId: instance, keyRingID: ring, keyId: key }),
);

describe('explainAt', () => {
  it('agrees with allows for every action, and names only covering, granting policies', () => {
    fc.assert(
      fc.property(fc.array(policy, { maxLength: 6 }), target, (policies, t) => {
        const explained = explainAt(USER, policies, t);
        expect(explained.map((e) => e.action).sort()).toEqual(
          (Object.keys(PERMISSIONS) as KeyAction[]).sort(),
        );
        for (const e of explained) {
          expect([e.action, e.allowed]).toEqual([e.action, allows(policies, t, e.action)]);
          expect(e.decidedBy.length > 0).toBe(e.allowed);
          for (const p of e.decidedBy) {
            expect(covers(p.scope, t)).toBe(true);
            expect(p.role !== 'Administrator' && PERMISSIONS[e.action].includes(p.role)).toBe(true);
          }
          if (!e.allowed) expect(e.reason).toMatch(new RegExp(`needs the ${e.needs} role\\.$`));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a Manager on ring A is a stranger on ring B and on the instance', () => {
    const manager: AccessPolicy = {
      id: 'm',
      userId: USER.id,
      role: 'Manager',
      scope: { instanceId: 'i1', keyRingID: 'ring-a' },
      createdAt: '',
    };
    for (const t of [
      { instanceId: 'i1', keyRingID: 'ring-b' },
      { instanceId: 'i1', keyRingID: 'ring-b', keyId: 'k1' },
      { instanceId: 'i1' },
      { instanceId: 'i2', keyRingID: 'ring-a' },
    ])
      expect(explainAt(USER, [manager], t).filter((e) => e.allowed)).toEqual([]);
    const onA = explainAt(USER, [manager], { instanceId: 'i1', keyRingID: 'ring-a', keyId: 'k1' });
    expect(onA.filter((e) => !e.allowed).map((e) => e.action)).toEqual(['purge']);
  });
});
