/**
 * SPEC section 12: a user sees the events of what they may read. A key- or ring-scoped user sees
 * those keys' (and that ring's) events only; account events (users, emails, access) reach
 * Administrators only.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent, Key } from '../../domain/types';
import type { Engine } from '../engine';
import { openHarness, type Harness } from '../test/harness';
import { addUser, grant } from '../test/raw-db';

let h: Harness;
let tab: Engine;
let inTeam: Key;
let inDefault: Key;

beforeEach(async () => {
  h = await openHarness();
  const w = h.as('writer');
  await h.engine.createKeyRing(w, 'team');
  inTeam = await h.engine.createKey(w, { name: 'team key', extractable: false, keyRingID: 'team' });
  inDefault = await h.engine.createKey(w, { name: 'default key', extractable: false });
  await h.engine.wrap(h.as('reader'), inTeam.id);
  await h.engine.wrap(h.as('reader'), inDefault.id);
  await addUser(h, 'user-ring-reader', 'Rita RingReader');
  await grant(h, 'user-ring-reader', 'Reader', { keyRingID: 'team' });
  await addUser(h, 'user-key-reader', 'Kit KeyReader');
  await grant(h, 'user-key-reader', 'Reader', { keyId: inDefault.id });
  await addUser(h, 'user-new', 'Nia Newcomer');
  tab = await h.openTab();
  await tab.grantAccess(h.as('admin'), {
    userId: 'user-new',
    role: 'Reader',
    scope: { instanceId: h.instanceId, keyId: inDefault.id },
  });
});

async function seen(userId: string): Promise<AuditEvent[]> {
  return (await tab.listEvents(h.asUser(userId), { limit: 5000 })).events;
}

const keyIds = (events: AuditEvent[]) => new Set(events.map((e) => e.target.keyId));

describe('listEvents is scoped to what the reader may read', () => {
  it('a ring-scoped Reader sees that ring’s keys and the ring, nothing of other keys or the account', async () => {
    const events = await seen('user-ring-reader');
    expect(keyIds(events).has(inTeam.id)).toBe(true);
    expect(keyIds(events).has(inDefault.id)).toBe(false);
    expect(events.some((e) => e.action === 'kms.key-rings.create')).toBe(true);
    expect(events.some((e) => e.action.startsWith('iam.'))).toBe(false);
    for (const e of events)
      expect(e.target.keyId === undefined || e.target.keyId === inTeam.id).toBe(true);
  });

  it('a key-scoped Reader sees that key’s events only', async () => {
    const events = await seen('user-key-reader');
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.target.keyId).toBe(inDefault.id);
  });

  it('an instance Reader sees every key of the instance but not account events with emails', async () => {
    const events = await seen('user-reader');
    expect(keyIds(events).has(inTeam.id) && keyIds(events).has(inDefault.id)).toBe(true);
    expect(events.some((e) => e.action.startsWith('iam.'))).toBe(false);
    expect(JSON.stringify(events)).not.toContain('user-new@keyward.example');
    expect(JSON.stringify(events)).not.toContain('user-new');
  });

  it('an Administrator sees the account’s access events too', async () => {
    const events = await seen('user-admin');
    expect(events.some((e) => e.action.startsWith('iam.'))).toBe(true);
    expect(keyIds(events).has(inTeam.id) && keyIds(events).has(inDefault.id)).toBe(true);
  });
});
