/**
 * The engine driver: acts as a user through the console's own engine on `window.keyward` (the
 * same checks as the UI, never a mock), expects a refusal with Key Protect's status and code, and
 * seeds keys. Specs get one as the `engine` fixture (see ./fixtures.ts).
 */
import { expect, type Page } from '@playwright/test';
import type { CallContext, CreateKeyRequest } from '../src/domain/api';
import type { Key, ServiceInstance } from '../src/domain/types';

export type Ctx = Pick<CallContext, 'userId' | 'instanceId'>;

/** An engine refusal as plain data. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
  reasons?: string[];
}

/** The id of the demo account's first instance of `kind` ('' when it has none). */
export async function instanceIdOf(page: Page, kind: ServiceInstance['kind']): Promise<string> {
  return page.evaluate(async (kind) => {
    const session = await window.keyward.getSession();
    return session.instances.find((i) => i.kind === kind)?.id ?? '';
  }, kind);
}

/** The call context of a demo user on the demo kms instance, for calling `window.keyward`. */
export async function kmsContext(page: Page, userId: string): Promise<Ctx> {
  const instanceId = await page.evaluate(async () => {
    const session = await window.keyward.getSession();
    const kms = session.instances.find((i) => i.kind === 'kms');
    if (!kms) throw new Error('no kms instance');
    return kms.id;
  });
  return { userId, instanceId };
}

export class EngineDriver {
  constructor(readonly page: Page) {}

  /** `userId` on the demo kms instance. */
  kms(userId = 'user-manager'): Promise<Ctx> {
    return kmsContext(this.page, userId);
  }

  /** `userId` on the demo Cloud Object Storage instance. */
  async cos(userId = 'user-manager'): Promise<Ctx> {
    return { userId, instanceId: await instanceIdOf(this.page, 'cos') };
  }

  /** `userId` on the demo Hyper Protect instance. */
  async hpcs(userId = 'user-manager'): Promise<Ctx> {
    return { userId, instanceId: await instanceIdOf(this.page, 'hpcs') };
  }

  instanceId(kind: ServiceInstance['kind']): Promise<string> {
    return instanceIdOf(this.page, kind);
  }

  /** Calls engine method `method` as `ctx`; returns its refusal as data, or 'allowed'. */
  async call(
    ctx: Ctx,
    method: string,
    args: readonly unknown[] = [],
  ): Promise<Refusal | 'allowed'> {
    return this.page.evaluate(
      async ([c, m, a]) => {
        try {
          const fn = (window.keyward as unknown as Record<string, (...x: unknown[]) => unknown>)[m];
          if (!fn) throw new Error(`no method ${m}`);
          await fn(c, ...a);
          return 'allowed' as const;
        } catch (error) {
          const e = error as Refusal;
          return { status: e.status, code: e.code, message: e.message, reasons: e.reasons };
        }
      },
      [ctx, method, [...args]] as const,
    );
  }

  /** The call's refusal code, or 'ok' when the engine does it. */
  async code(ctx: Ctx, method: string, args: readonly unknown[] = []): Promise<string> {
    const result = await this.call(ctx, method, args);
    return result === 'allowed' ? 'ok' : result.code;
  }

  /** The engine refuses the call with (at least) `expected`: a status, a code, a message part. */
  async expectRefusal(
    ctx: Ctx,
    method: string,
    args: readonly unknown[],
    expected: Partial<Refusal>,
  ): Promise<Refusal> {
    const result = await this.call(ctx, method, args);
    expect(result, `${method} as ${ctx.userId}`).toMatchObject(expected);
    return result as Refusal;
  }

  /** Creates a key (a root key unless `extractable`) as `userId` on the demo kms instance. */
  async createKey(
    req: Omit<CreateKeyRequest, 'extractable'> & { extractable?: boolean },
    userId = 'user-manager',
  ): Promise<Key> {
    const ctx = await this.kms(userId);
    const full: CreateKeyRequest = { extractable: false, ...req };
    return this.page.evaluate(([c, r]) => window.keyward.createKey(c, r), [ctx, full] as const);
  }

  /** Creates `count` keys named key-00, key-01, … (every 4th standard, alias a-<i>) as the Manager. */
  async seedKeys(count: number): Promise<void> {
    const ctx = await this.kms('user-manager');
    await this.page.evaluate(
      async ({ ctx, count }) => {
        for (let i = 0; i < count; i++)
          await window.keyward.createKey(ctx, {
            name: `key-${String(i).padStart(2, '0')}`,
            extractable: i % 4 === 0,
            aliases: [`a-${i}`],
          });
      },
      { ctx, count },
    );
  }

  /** Creates `count` root keys named `bulk-0000`… through `createKeys`, 1,000 a call. */
  async seedManyKeys(count: number): Promise<void> {
    const ctx = await this.kms('user-manager');
    await this.page.evaluate(
      async ({ ctx, count }) => {
        for (let from = 0; from < count; from += 1000) {
          const names = Array.from({ length: Math.min(1000, count - from) }, (_, i) => from + i);
          const results = await window.keyward.createKeys(
            ctx,
            names.map((n) => ({ name: `bulk-${String(n).padStart(4, '0')}`, extractable: false })),
          );
          if (results.some((r) => !r.ok)) throw new Error('a bulk key was refused');
        }
      },
      { ctx, count },
    );
  }

  /** Adds key ring `id` to the demo kms instance as `userId` (a Manager by default). */
  async createKeyRing(id: string, userId = 'user-manager'): Promise<void> {
    const ctx = await this.kms(userId);
    await this.page.evaluate(([c, r]) => window.keyward.createKeyRing(c, r), [ctx, id] as const);
  }

  /** Authorizes the storage instance to use the demo kms instance's keys (as the Administrator). */
  async authorizeStorage(): Promise<void> {
    const cos = await this.instanceId('cos');
    const kms = await this.kms('user-admin');
    await this.page.evaluate(
      ([c, source]) =>
        window.keyward.createAuthorization(c, {
          sourceInstanceId: source,
          targetInstanceId: c.instanceId,
          role: 'Reader',
        }),
      [kms, cos] as const,
    );
  }

  /** Moves the engine clock forward (every tab refreshes through change notices). */
  async advanceTime(ms: number): Promise<void> {
    // Moving the clock is an account Administrator's action (SPEC section 13).
    const ctx = await this.kms('user-admin');
    await this.page.evaluate(([c, m]) => window.keyward.advanceTime(c, m), [ctx, ms] as const);
  }

  /** The engine clock now, in ms. */
  async now(): Promise<number> {
    return this.page.evaluate(async () => Date.parse((await window.keyward.getSession()).now));
  }
}
