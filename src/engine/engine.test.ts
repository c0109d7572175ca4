/**
 * SPEC.md sections 13 and 14 and the engine as a whole: the one clock and "advance time",
 * durability (every operation all or nothing, storage full), several tabs on one database, and
 * a check that every error code of the engine is expected by some test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES, ERROR_STATUS, type ErrorCode } from '../domain/errors';
import { KeyState } from '../domain/key-state';
import { DAY, HOUR, SECOND } from '../domain/time';
import type { Key } from '../domain/types';
import type { ChangeNotice } from '../domain/notices';
import { Engine, type ChangeChannel } from './engine';
import { KeyCache } from './kms/key-cache';
import { expectError } from './test/expect-error';
import { expectUnchanged } from './test/expect-unchanged';
import { storageFullOn } from './test/storage-full';
import { openHarness, type Harness } from './test/harness';
import { addKeyRing, rawEvents, rawKeys, snapshot } from './test/raw-db';

describe('the engine clock and advance time', () => {
  it('moves the one clock forward, persists the offset, and reports it', async () => {
    const h = await openHarness();
    const start = h.clock.now;
    expect(await h.engine.advanceTime(h.as('admin'), HOUR)).toEqual({
      now: new Date(start + HOUR).toISOString(),
      clockOffsetMs: HOUR,
    });
    const second = await h.engine.advanceTime(h.as('admin'), DAY);
    expect(second.clockOffsetMs).toBe(HOUR + DAY);
    const session = await h.engine.getSession();
    expect(session).toMatchObject({ now: second.now, clockOffsetMs: HOUR + DAY });
    // Real time keeps running under the offset.
    h.clock.advance(SECOND);
    expect((await h.engine.getSession()).now).toBe(
      new Date(start + HOUR + DAY + SECOND).toISOString(),
    );
    // A new tab (or the app reopened) starts from the persisted offset.
    const tab = await h.openTab();
    expect((await tab.getSession()).clockOffsetMs).toBe(HOUR + DAY);
    // Key dates use the engine clock.
    const key = await tab.createKey(h.as('writer'), { name: 'later', extractable: false });
    expect(key.creationDate).toBe(new Date(start + HOUR + DAY + SECOND).toISOString());
  });

  it.each([
    ['zero', 0],
    ['negative', -1000],
    ['fractional', 1.5],
    ['not a number', Number.NaN],
    ['infinite', Number.POSITIVE_INFINITY],
    ['more than 10 years', 3650 * DAY + 1],
    ['text', '1000' as unknown as number],
  ])('refuses a %s step with 400 INVALID_FIELD_ERR and changes nothing', async (_label, ms) => {
    const h = await openHarness();
    const e = await expectError(h.engine.advanceTime(h.as('admin'), ms), 400, 'INVALID_FIELD_ERR');
    expect(e.message).toBe(
      'ms: advance the clock by a whole number of milliseconds, up to 10 years',
    );
    expect((await h.engine.getSession()).clockOffsetMs).toBe(0);
    expect((await h.openTab().then((t) => t.getSession())).clockOffsetMs).toBe(0);
  });

  it('takes 1 ms and up to 10 years', async () => {
    const h = await openHarness();
    await h.engine.advanceTime(h.as('admin'), 1);
    expect((await h.engine.advanceTime(h.as('admin'), 3650 * DAY)).clockOffsetMs).toBe(
      3650 * DAY + 1,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// All or nothing.

interface Scenario {
  name: string;
  status: number;
  code: ErrorCode;
  /** Brings the account to where the call fails; returns the failing call. */
  prepare(h: Harness, key: Key): Promise<() => Promise<unknown>>;
}

const bucket = 'crn:v1:keyward:public:cloud-object-storage:global:a/x:b:bucket:photos';

const SCENARIOS: Scenario[] = [
  {
    name: 'createKey whose 2nd alias is taken',
    status: 409,
    code: 'KEY_ALIAS_NOT_UNIQUE_ERR',
    prepare: async (h) => () =>
      h.engine.createKey(h.as('writer'), {
        name: 'dup',
        extractable: false,
        aliases: ['fresh', 'taken'],
      }),
  },
  {
    name: 'createKey in a missing key ring',
    status: 404,
    code: 'KEY_RING_NOT_FOUND_ERR',
    prepare: async (h) => () =>
      h.engine.createKey(h.as('writer'), {
        name: 'lost',
        extractable: false,
        keyRingID: 'gone',
        aliases: ['a1'],
      }),
  },
  {
    name: 'createAlias taken by another key',
    status: 409,
    code: 'KEY_ALIAS_NOT_UNIQUE_ERR',
    prepare: async (h, key) => () => h.engine.createAlias(h.as('writer'), key.id, 'taken'),
  },
  {
    name: 'deleteKey refused by registrations',
    status: 409,
    code: 'PROTECTED_RESOURCE_ERR',
    prepare: async (h, key) => {
      await h.engine.registerResource(key.id, bucket, false);
      return () => h.engine.deleteKey(h.as('manager'), key.id);
    },
  },
  {
    name: 'forced deleteKey refused by preventKeyDeletion',
    status: 409,
    code: 'PREV_KEY_DEL_ERR',
    prepare: async (h, key) => {
      await h.engine.registerResource(key.id, bucket, true);
      return () => h.engine.deleteKey(h.as('manager'), key.id, { force: true });
    },
  },
  {
    name: 'deleteKey without the second authorization',
    status: 409,
    code: 'AUTHORIZATIONS_NOT_MET',
    prepare: async (h, key) => {
      await h.engine.putKeyPolicies(h.as('manager'), key.id, { dualAuthDelete: { enabled: true } });
      await h.engine.setKeyForDeletion(h.as('manager'), key.id);
      return () => h.engine.deleteKey(h.as('manager'), key.id);
    },
  },
  {
    name: 'rotate too early',
    status: 409,
    code: 'KEY_ROTATION_NOT_PERMITTED',
    prepare: async (h, key) => {
      await h.engine.rotate(h.as('writer'), key.id);
      h.clock.advance(HOUR - SECOND);
      return () => h.engine.rotate(h.as('writer'), key.id);
    },
  },
  {
    name: 'enable too early',
    status: 409,
    code: 'REQ_TOO_EARLY_ERR',
    prepare: async (h, key) => {
      await h.engine.disableKey(h.as('manager'), key.id);
      return () => h.engine.enableKey(h.as('manager'), key.id);
    },
  },
  {
    name: 'restore after 30 days',
    status: 400,
    code: 'KEY_RESTORE_EXPIRED',
    prepare: async (h, key) => {
      await h.engine.deleteKey(h.as('manager'), key.id);
      h.clock.advance(31 * DAY);
      return () => h.engine.restoreKey(h.as('manager'), key.id);
    },
  },
  {
    name: 'purge too early',
    status: 409,
    code: 'REQ_TOO_EARLY_ERR',
    prepare: async (h, key) => {
      await h.engine.deleteKey(h.as('manager'), key.id);
      return () => h.engine.purgeKey(h.as('admin'), key.id);
    },
  },
  {
    name: 'switching dual authorization off',
    status: 400,
    code: 'INVALID_FIELD_ERR',
    prepare: async (h, key) => {
      await h.engine.putKeyPolicies(h.as('manager'), key.id, { dualAuthDelete: { enabled: true } });
      return () =>
        h.engine.putKeyPolicies(h.as('manager'), key.id, { dualAuthDelete: { enabled: false } });
    },
  },
  {
    name: 'deleteAlias the key does not have',
    status: 404,
    code: 'KEY_ALIAS_NOT_FOUND_ERR',
    prepare: async (h, key) => () => h.engine.deleteAlias(h.as('manager'), key.id, 'taken'),
  },
  {
    name: 'advanceTime by nothing',
    status: 400,
    code: 'INVALID_FIELD_ERR',
    prepare: async (h) => () => h.engine.advanceTime(h.as('admin'), 0),
  },
  {
    name: 'createKey when storage is full midway (key written, version refused)',
    status: 507,
    code: 'STORAGE_FULL_ERR',
    prepare: async (h) => async () => {
      const restore = storageFullOn('keyVersions');
      try {
        return await h.engine.createKey(h.as('writer'), {
          name: 'full',
          extractable: false,
          aliases: ['a2'],
        });
      } finally {
        restore();
      }
    },
  },
  {
    name: 'rotate when storage is full midway (version written, key refused)',
    status: 507,
    code: 'STORAGE_FULL_ERR',
    prepare: async (h, key) => async () => {
      const restore = storageFullOn('keys');
      try {
        return await h.engine.rotate(h.as('writer'), key.id);
      } finally {
        restore();
      }
    },
  },
  {
    name: 'disable when the event cannot be written (state change written first)',
    status: 507,
    code: 'STORAGE_FULL_ERR',
    prepare: async (h, key) => async () => {
      const restore = storageFullOn('events');
      try {
        return await h.engine.disableKey(h.as('manager'), key.id);
      } finally {
        restore();
      }
    },
  },
];

describe('each operation is all or nothing', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))(
    '%s leaves the database unchanged',
    async (_n, s) => {
      const h = await openHarness();
      await h.engine.createKey(h.as('writer'), {
        name: 'holder',
        extractable: false,
        aliases: ['taken'],
      });
      const key = await h.engine.createKey(h.as('writer'), {
        name: 'subject',
        extractable: false,
        aliases: ['mine'],
      });
      await h.engine.wrap(h.as('reader'), key.id);
      const failing = await s.prepare(h, key);
      await h.engine.flushEvents();
      const before = await snapshot(h);
      const error = await expectError(failing(), s.status, s.code);
      if (s.code === 'STORAGE_FULL_ERR')
        expect(error.message).toMatch(
          /^The browser storage for Keyward is full; nothing was saved\./,
        );
      await expectUnchanged(h, before, s.code);
    },
  );

  it('property: any failing operation, after any history, changes nothing but the events', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SCENARIOS),
        fc.array(fc.constantFrom('key', 'wrap', 'rotate', 'alias', 'ring'), { maxLength: 5 }),
        async (s, history) => {
          const h = await openHarness();
          await h.engine.createKey(h.as('writer'), {
            name: 'holder',
            extractable: false,
            aliases: ['taken'],
          });
          const key = await h.engine.createKey(h.as('writer'), {
            name: 'subject',
            extractable: false,
          });
          let n = 0;
          for (const step of history) {
            n++;
            if (step === 'key')
              await h.engine.createKey(h.as('writer'), {
                name: `extra ${n}`,
                extractable: n % 2 === 0,
              });
            else if (step === 'wrap')
              await h.engine.wrap(h.as('reader'), key.id, { aad: [`${n}`] });
            else if (step === 'rotate') {
              h.clock.advance(HOUR);
              await h.engine.rotate(h.as('writer'), key.id);
              h.clock.advance(HOUR);
            } else if (step === 'alias')
              await h.engine.createAlias(h.as('writer'), key.id, `alias-${n}`);
            else await addKeyRing(h, `ring-${n}`);
          }
          const failing = await s.prepare(h, key);
          await h.engine.flushEvents();
          const before = await snapshot(h);
          try {
            await expectError(failing(), s.status, s.code);
          } finally {
            vi.restoreAllMocks();
          }
          await expectUnchanged(h, before, s.code);
          await h.engine.close();
        },
      ),
      { numRuns: 30 },
    );
  });

  it('after storage frees up, the same call succeeds', async () => {
    const h = await openHarness();
    const restore = storageFullOn('keys');
    await expectError(
      h.engine.createKey(h.as('writer'), { name: 'retry', extractable: false }),
      507,
      'STORAGE_FULL_ERR',
    );
    restore();
    expect(await rawKeys(h)).toEqual([]);
    await h.engine.createKey(h.as('writer'), { name: 'retry', extractable: false });
    expect((await rawKeys(h)).length).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Several tabs on one database.

describe('malformed calls', () => {
  it('a call context that is not bounded text is refused with 400 and the audit log stays readable', async () => {
    const h = await openHarness();
    const key = await h.engine.createKey(h.as('manager'), { name: 'kept', extractable: false });
    await h.engine.wrap(h.as('reader'), key.id);
    const bad = [
      { userId: 10n, instanceId: h.instanceId },
      { userId: 'user-reader', instanceId: h.instanceId, correlationId: { circular: true } },
      { userId: 'x'.repeat(201), instanceId: h.instanceId },
      null,
    ] as unknown as Parameters<typeof h.engine.wrap>[0][];
    for (const ctx of bad) await expectError(h.engine.wrap(ctx, key.id), 400, 'INVALID_FIELD_ERR');
    const events = await h.engine.listEvents(h.as('manager'), { newestFirst: false });
    expect(events.events.map((e) => [e.action, e.outcome])).toEqual([
      ['kms.secrets.create', 'success'],
      ['kms.secrets.wrap', 'success'],
      ['kms.secrets.wrap', 'failure'],
      ['kms.secrets.wrap', 'failure'],
      ['kms.secrets.wrap', 'failure'],
    ]);
    // The call with no context names no instance: recorded, but not among this instance's events.
    // (The listing's own event is durable once it answered: the seventh.)
    const stored = await rawEvents(h);
    expect(stored).toHaveLength(7);
    expect(stored[5]).toMatchObject({ outcome: 'failure', target: { instanceId: '(invalid)' } });
    expect(stored[6]).toMatchObject({ action: 'keyward.events.list', outcome: 'success' });
    expect((await h.engine.verifyEvents(h.as('manager'))).ok).toBe(true);
    await h.engine.close();
  });

  it('listKeys refuses a sort or search that is not text with 400', async () => {
    const h = await openHarness();
    const sort = { sort: 5 } as unknown as { sort: string };
    const search = { search: ['a'] } as unknown as { search: string };
    await expectError(h.engine.listKeys(h.as('reader'), sort), 400, 'INVALID_FIELD_ERR');
    await expectError(h.engine.listKeys(h.as('reader'), search), 400, 'INVALID_FIELD_ERR');
    await h.engine.close();
  });
});

describe('tabs', () => {
  it("onChange reaches a tab's console only after its engine has dropped stale state", async () => {
    const h = await openHarness();
    const channel = `keyward-test-${Math.random()}`;
    const open = (onChange?: (n: ChangeNotice) => void) =>
      Engine.open({
        indexedDB: h.factory,
        dbName: h.dbName,
        now: () => h.clock.now,
        channel: new BroadcastChannel(channel) as unknown as ChangeChannel,
        ...(onChange ? { onChange } : {}),
      });
    const m = h.as('manager');
    // In the browser the console is another thread: whatever it asks after a notice arrives
    // after the notice's handling only if the engine tells it once its caches are dropped.
    const order: string[] = [];
    const original = KeyCache.prototype.invalidate;
    const invalidate = vi.spyOn(KeyCache.prototype, 'invalidate').mockImplementation(function (
      this: KeyCache,
      keyId: string,
    ) {
      order.push('invalidate');
      original.call(this, keyId);
    });
    let listed: Promise<string[]> | undefined;
    const tab: Engine = await open((notice) => {
      if (notice.topic !== 'keys') return;
      order.push('onChange');
      listed ??= tab.listKeys(m).then((r) => r.keys.map((k) => k.name));
    });
    expect((await tab.listKeys(m)).total).toBe(0); // its list is now held in memory
    const first = await open();
    await first.createKey(m, { name: 'from-first-tab', extractable: false });
    await vi.waitFor(() => expect(order).toEqual(['invalidate', 'onChange']));
    invalidate.mockRestore();
    expect(await listed).toEqual(['from-first-tab']);
    await first.close();
    await tab.close();
    await h.engine.close();
  });

  it("a tab's in-memory key list follows creates, changes and purges made in another tab", async () => {
    const h = await openHarness({ linked: true });
    const other = await h.openTab();
    const m = h.as('manager');
    const names = async () =>
      (await other.listKeys(m, { state: [1, 2, 3, 5], sort: 'name' })).keys.map(
        (k) => `${k.name}:${k.state}`,
      );
    const a = await h.engine.createKey(m, { name: 'key-a', extractable: false });
    expect(await names()).toEqual(['key-a:1']); // the other tab's list is now held in memory

    const b = await h.engine.createKey(m, { name: 'key-b', extractable: false });
    await h.engine.disableKey(m, a.id);
    await h.settle();
    expect(await names()).toEqual(['key-a:2', 'key-b:1']);

    await h.engine.deleteKey(m, b.id);
    h.clock.advance(4 * HOUR);
    await h.engine.purgeKey(h.as('admin'), b.id);
    await h.settle();
    expect(await names()).toEqual(['key-a:2']);
    await other.close();
    await h.engine.close();
  });

  it('a key created in one tab is seen and usable in another', async () => {
    const h = await openHarness();
    const other = await h.openTab();
    const key = await h.engine.createKey(h.as('writer'), {
      name: 'shared',
      extractable: false,
      aliases: ['sh'],
    });
    expect((await other.listKeys(h.as('reader'))).keys.map((k) => k.id)).toEqual([key.id]);
    expect(await other.getKeyMetadata(h.as('reader'), 'sh')).toEqual(key);
    const { ciphertext, plaintext } = await other.wrap(h.as('reader'), 'sh', { aad: ['x'] });
    expect(
      (await h.engine.unwrap(h.as('reader'), key.id, { ciphertext, aad: ['x'] })).plaintext,
    ).toBe(plaintext);
  });

  it('a state change in one tab is enforced by the other for writes, even with no notice', async () => {
    const h = await openHarness();
    const other = await h.openTab();
    const m = h.as('manager');
    const key = await h.engine.createKey(h.as('writer'), { name: 'contested', extractable: false });
    // The other tab has the key in its cache as Active.
    expect((await other.getKeyMetadata(m, key.id)).state).toBe(KeyState.Active);
    await h.engine.disableKey(m, key.id);
    await expectError(other.disableKey(m, key.id), 409, 'KEY_ACTION_INVALID_STATE_ERR');
    await expectError(other.rotate(h.as('writer'), key.id), 409, 'KEY_ACTION_INVALID_STATE_ERR');
    h.clock.advance(31 * SECOND);
    await h.engine.enableKey(m, key.id);

    await h.engine.rotate(h.as('writer'), key.id);
    await expectError(other.rotate(h.as('writer'), key.id), 409, 'KEY_ROTATION_NOT_PERMITTED');

    await h.engine.putKeyPolicies(m, key.id, { dualAuthDelete: { enabled: true } });
    await expectError(other.deleteKey(m, key.id), 409, 'AUTHORIZATIONS_NOT_MET');
    await expectError(
      other.putKeyPolicies(m, key.id, { dualAuthDelete: { enabled: false } }),
      400,
      'INVALID_FIELD_ERR',
    );

    await h.engine.createAlias(h.as('writer'), key.id, 'claimed');
    await expectError(
      other.createKey(h.as('writer'), { name: 'rival', extractable: false, aliases: ['claimed'] }),
      409,
      'KEY_ALIAS_NOT_UNIQUE_ERR',
    );

    await h.engine.setKeyForDeletion(h.as('writer'), key.id);
    await h.engine.deleteKey(m, key.id);
    await expectError(
      other.createAlias(h.as('writer'), key.id, 'late'),
      409,
      'KEY_ACTION_INVALID_STATE_ERR',
    );
    await expectError(other.deleteKey(m, key.id), 410, 'KEY_DELETED_ERR');
    // The other tab's writes leave the first tab's state intact.
    expect((await h.engine.getKeyMetadata(m, key.id)).state).toBe(KeyState.Destroyed);
  });

  it('a write allowed by the stored state is not refused from a stale cache', async () => {
    const h = await openHarness();
    const other = await h.openTab();
    const m = h.as('manager');
    const key = await h.engine.createKey(h.as('writer'), { name: 'stale', extractable: false });
    // This tab disables the key and so caches it as Disabled; the other tab enables it.
    await h.engine.disableKey(m, key.id);
    h.clock.advance(31 * SECOND);
    await other.enableKey(m, key.id);
    // No notice arrives, yet writes here follow the stored (enabled) key.
    expect((await h.engine.rotate(h.as('writer'), key.id)).state).toBe(KeyState.Active);
    expect((await h.engine.disableKey(m, key.id)).state).toBe(KeyState.Suspended);
    h.clock.advance(31 * SECOND);
    await other.enableKey(m, key.id);
    expect((await h.engine.deleteKey(m, key.id)).state).toBe(KeyState.Destroyed);
  });

  it('with change notices, the other tab also sees state, clock and purges at once', async () => {
    const h = await openHarness({ linked: true });
    const other = await h.openTab();
    const m = h.as('manager');
    const key = await h.engine.createKey(h.as('writer'), { name: 'noticed', extractable: false });
    const before = await other.wrap(h.as('reader'), key.id);

    await h.engine.disableKey(m, key.id);
    await h.settle();
    expect((await other.getKeyMetadata(m, key.id)).state).toBe(KeyState.Suspended);
    await expectError(other.wrap(h.as('reader'), key.id), 409, 'KEY_ACTION_INVALID_STATE_ERR');

    await h.engine.advanceTime(h.as('admin'), HOUR);
    await h.settle();
    expect((await other.getSession()).clockOffsetMs).toBe(HOUR);
    await other.enableKey(m, key.id); // 30 s have passed on the shared clock

    const rotated = await h.engine.rotate(h.as('writer'), key.id);
    const after = await h.engine.wrap(h.as('reader'), key.id);
    await h.settle();
    const u = await other.unwrap(h.as('reader'), key.id, { ciphertext: after.ciphertext });
    expect(u).toEqual({ plaintext: after.plaintext, keyVersion: { id: rotated.keyVersion.id } });
    const old = await other.unwrap(h.as('reader'), key.id, { ciphertext: before.ciphertext });
    expect(old.rewrappedKeyVersion).toEqual({ id: rotated.keyVersion.id });

    await h.engine.deleteKey(m, key.id);
    await h.engine.advanceTime(h.as('admin'), 4 * HOUR);
    await h.engine.purgeKey(h.as('admin'), key.id);
    await h.settle();
    await expectError(other.wrap(h.as('reader'), key.id), 404, 'KEY_NOT_FOUND_ERR');
    await expectError(
      other.unwrap(h.as('reader'), key.id, { ciphertext: before.ciphertext }),
      404,
      'KEY_NOT_FOUND_ERR',
    );
  });

  it('both tabs extend one valid event chain', async () => {
    const h = await openHarness();
    const other = await h.openTab();
    const key = await h.engine.createKey(h.as('writer'), { name: 'busy', extractable: false });
    const calls: Promise<unknown>[] = Array.from({ length: 10 }, (_, i) =>
      (i % 2 ? other : h.engine).wrap(h.as('reader'), key.id, { aad: [`${i}`] }),
    );
    calls.push(other.createKey(h.as('writer'), { name: 'from other', extractable: false }));
    calls.push(h.engine.createKey(h.as('writer'), { name: 'from first', extractable: false }));
    await Promise.all(calls);
    await Promise.all([h.engine.flushEvents(), other.flushEvents()]);
    const events = await rawEvents(h);
    expect(events.length).toBe(13);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(await other.verifyEvents(h.as('reader'))).toEqual({ ok: true, verified: 13 });
  });

  it('everything survives closing and reopening', async () => {
    const h = await openHarness();
    const key = await h.engine.createKey(h.as('writer'), {
      name: 'durable',
      extractable: false,
      aliases: ['dur'],
    });
    const { ciphertext, plaintext } = await h.engine.wrap(h.as('reader'), key.id, { aad: ['a'] });
    await h.engine.advanceTime(h.as('admin'), DAY);
    await h.engine.close();
    const reopened = await h.openTab();
    expect((await reopened.getSession()).clockOffsetMs).toBe(DAY);
    expect((await reopened.getKeyMetadata(h.as('reader'), 'dur')).id).toBe(key.id);
    expect(
      (await reopened.unwrap(h.as('reader'), 'dur', { ciphertext, aad: ['a'] })).plaintext,
    ).toBe(plaintext);
    // create, wrap, advance (before closing), read and unwrap (after): the queued ones are written too.
    const verified = await reopened.verifyEvents(h.as('reader'));
    expect(verified).toEqual({ ok: true, verified: 5 });
  });
});

// ---------------------------------------------------------------------------------------------

describe('error codes', () => {
  it('every code of ErrorCode is expected, with one status, by some test', () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const src = path.resolve(here, '..');
    const codes: string[] = ERROR_CODES;
    expect(codes.length).toBe(60);
    const statuses = new Map<string, Set<string>>();
    for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.test.ts')) continue;
      const text = readFileSync(path.join(src, file), 'utf8');
      // `expectError(call, <status>, '<CODE>')`, however prettier wraps it.
      for (const m of text.matchAll(
        /(?:expectError|expectRefusal)\([\s\S]*?,\s*(\d{3}),\s*'([A-Z_]+)',?\s*\)/g,
      )) {
        const [, status = '', code = ''] = m;
        statuses.set(code, (statuses.get(code) ?? new Set()).add(status));
      }
    }
    expect(codes.filter((c) => c !== undefined && !statuses.has(c))).toEqual([]);
    // Each code has its one status (ERROR_STATUS), but for Key Protect's own exception: object
    // storage asking for a key it may not see answers 400 "The key CRN could not be found".
    for (const [code, seen] of statuses) {
      const status = String(ERROR_STATUS[code as ErrorCode]);
      const allowed = code === 'KEY_NOT_FOUND_ERR' ? [status, '400'] : [status];
      expect([code, [...seen].filter((s) => !allowed.includes(s))]).toEqual([code, []]);
    }
  });
});
