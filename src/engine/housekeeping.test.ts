/**
 * Housekeeping (due expiries, purges, rotations, import-token erasure) runs before exactly the
 * methods HOUSEKEEPING does not exempt: checked method by method on the wrapper, and on the real
 * engine with a purge that fell due while no call came.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { API_METHODS, type ApiMethod, type CallContext, type KeywardApi } from '../domain/api';
import { DAY } from '../domain/time';
import { DUE_WORK_FIRST, HOUSEKEEPING, Housekeeping } from './housekeeping';
import { openHarness, type Harness } from './test/harness';
import { rawKeys } from './test/raw-db';

describe('the housekeeping table', () => {
  it('decides every API method, and gives a reason for each exemption', () => {
    expect(Object.keys(HOUSEKEEPING).sort()).toEqual([...API_METHODS].sort());
    for (const rule of Object.values(HOUSEKEEPING))
      if (rule !== DUE_WORK_FIRST) expect(rule.exempt.length).toBeGreaterThan(30);
  });

  it('the wrapper runs due work before each method the table does not exempt, and only those', async () => {
    const log: string[] = [];
    const record = (what: string) => () => {
      log.push(what);
      return Promise.resolve();
    };
    const housekeeping = new Housekeeping({
      expiry: { expireDue: record('expire'), reset: () => undefined },
      keys: { purgeDue: record('purge'), resetPurgeSchedule: () => undefined },
      rotations: { rotateDue: record('rotate'), reset: () => undefined },
      importTokens: { eraseExpired: record('erase'), forgetSchedule: () => undefined },
    });
    const api = Object.fromEntries(
      API_METHODS.map((name) => [
        name,
        (...args: unknown[]) => record(`${name}(${args.length})`)(),
      ]),
    ) as unknown as KeywardApi;
    const wrapped = housekeeping.wrap(api) as unknown as Record<
      ApiMethod,
      (...args: unknown[]) => Promise<unknown>
    >;
    for (const name of API_METHODS) {
      log.length = 0;
      await wrapped[name]('a', 'b');
      const expected =
        HOUSEKEEPING[name] === DUE_WORK_FIRST
          ? ['expire', 'purge', 'rotate', 'erase', `${name}(2)`]
          : [`${name}(2)`];
      expect({ name, log }).toEqual({ name, log: expected });
    }
  });

  it('a failing schedule fails a housekept call as an engine error, before the call runs', async () => {
    let ran = false;
    const housekeeping = new Housekeeping({
      expiry: { expireDue: () => Promise.resolve(), reset: () => undefined },
      keys: {
        purgeDue: () => Promise.reject(new Error('disk gone')),
        resetPurgeSchedule: () => undefined,
      },
      rotations: { rotateDue: () => Promise.resolve(), reset: () => undefined },
      importTokens: { eraseExpired: () => Promise.resolve(), forgetSchedule: () => undefined },
    });
    const api = { listKeys: () => ((ran = true), Promise.resolve()) } as unknown as KeywardApi;
    await expect(
      housekeeping.wrap(api).listKeys({ userId: 'u', instanceId: 'i' }),
    ).rejects.toMatchObject({
      code: 'INTERNAL_ERR',
      message: 'Internal error: disk gone',
    });
    expect(ran).toBe(false);
  });
});

describe('on the engine, a purge that fell due while no call came', () => {
  let h: Harness;
  let admin: CallContext;
  let cos: CallContext;
  beforeEach(async () => {
    h = await openHarness();
    admin = h.as('admin');
    const session = await h.engine.getSession();
    const cosId = session.instances.find((i) => i.kind === 'cos')?.id ?? '';
    cos = { userId: h.as('manager').userId, instanceId: cosId };
  });

  /** A Deleted key whose automatic purge is due now, the engine not having been called since. */
  async function duePurge(name: string): Promise<string> {
    const key = await h.engine.createKey(h.as('manager'), { name, extractable: false });
    await h.engine.deleteKey(h.as('manager'), key.id);
    h.clock.advance(90 * DAY);
    return key.id;
  }
  const stored = async (id: string) => (await rawKeys(h)).some((k) => k.id === id);

  // Exempt methods, called with valid arguments: none of them purges.
  const exempt: [ApiMethod, () => Promise<unknown>][] = [
    ['getPermissions', () => h.engine.getPermissions(admin)],
    [
      'checkAccess',
      () => h.engine.checkAccess(admin, { userId: admin.userId, instanceId: h.instanceId }),
    ],
    ['listEvents', () => h.engine.listEvents(admin)],
    ['verifyEvents', () => h.engine.verifyEvents(admin)],
    ['getSealStatus', () => h.engine.getSealStatus(admin)],
    ['listAuthorizations', () => h.engine.listAuthorizations(admin)],
    ['getStoragePermissions', () => h.engine.getStoragePermissions(cos)],
    ['listCheckpoints', () => h.engine.listCheckpoints(admin)],
    ['getWalkthrough', () => h.engine.getWalkthrough(admin)],
  ];
  // Housekept methods: each purges first.
  const housekept: [ApiMethod, () => Promise<unknown>][] = [
    ['listKeyRings', () => h.engine.listKeyRings(admin)],
    ['getInstancePolicies', () => h.engine.getInstancePolicies(admin)],
    ['listBuckets', () => h.engine.listBuckets(cos)],
    ['getNotifications', () => h.engine.getNotifications(admin)],
    ['headKeys', () => h.engine.headKeys(admin)],
  ];

  it('is not run by the exempt methods', async () => {
    const id = await duePurge('exempt');
    for (const [name, call] of exempt) {
      expect(HOUSEKEEPING[name]).not.toBe(DUE_WORK_FIRST);
      await call();
      expect({ name, stored: await stored(id) }).toEqual({ name, stored: true });
    }
  });

  it.each(housekept)('runs before %s', async (name, call) => {
    expect(HOUSEKEEPING[name]).toBe(DUE_WORK_FIRST);
    const id = await duePurge(name);
    expect(await stored(id)).toBe(true);
    await call();
    expect(await stored(id)).toBe(false);
  });
});
