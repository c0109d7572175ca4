/**
 * Hostile input, generated from the API's method list: every method × wrong types, null, missing
 * and unknown fields, `__proto__` keys, over-long strings and lists, huge base64 and bad dates.
 * Each must be a 4xx with a SPEC code, leave storage as it was but for one failure event of
 * bounded size, and never be a 500. Then a fast-check fuzz of argument shapes, same invariants.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS } from '../../domain/api';
import { EngineError } from '../../domain/errors';
import type { AuditEvent } from '../../domain/types';
import { openHarness, type Harness } from '../test/harness';
import { snapshot, type StoreName } from '../test/raw-db';
import { API_SHAPES, undeclaredMethods } from './api-schema';

/** No event may keep more than this of what a caller sent (SPEC section 12). */
const EVENT_BYTES_MAX = 4096;

const UNAUDITED = new Set(['getPermissions', 'getKeyPermissions', 'getStoragePermissions']);

type Api = Record<string, (...args: unknown[]) => Promise<unknown>>;

let h: Harness;
let keyId: string;
/** A valid value for each parameter, so that the one mutated is the one refused. */
let valid: (method: string, param: string) => unknown;

beforeAll(async () => {
  h = await openHarness();
  const key = await h.engine.createKey(h.as('manager'), { name: 'target', extractable: false });
  keyId = key.id;
  const byMethod: Record<string, unknown> = {
    'createKey.req': { name: 'hostile', extractable: false },
    'unwrap.req': { ciphertext: 'AAAA' },
    'rewrap.req': { ciphertext: 'AAAA' },
    'putKeyPolicies.policies': { dualAuthDelete: { enabled: false } },
    'putInstancePolicies.policies': { dualAuthDelete: { enabled: false } },
    'createAuthorization.req': { sourceInstanceId: 'x', targetInstanceId: 'y', role: 'Reader' },
    'createInstance.req': { kind: 'kms', name: 'n', region: 'eu-de' },
    'addUser.req': { name: 'n', email: 'n@example.com' },
    'grantAccess.req': { userId: 'u', role: 'Reader', scope: {} },
    'checkAccess.req': { userId: 'u', instanceId: 'i' },
    'createBucket.req': { name: 'bucket-name' },
    'beginUpload.options': { size: 1 },
  };
  const byParam: Record<string, unknown> = {
    ctx: h.as('reader'),
    idOrAlias: keyId,
    keyIdOrAlias: keyId,
    keyIds: [keyId],
    ms: 1000,
    alias: 'an-alias',
    keyRingID: 'a-ring',
    id: 'some-id',
    instanceId: 'some-instance',
    userId: 'some-user',
    policyId: 'some-policy',
    name: 'a name',
    bucket: 'a-bucket',
    object: 'an-object',
    uploadId: 'an-upload',
    index: 0,
    bytes: new ArrayBuffer(4),
  };
  valid = (method, param) => byMethod[`${method}.${param}`] ?? byParam[param];
});

/** The argument list of `method` with every parameter valid up to `upTo`, then `value` there. */
function argsWith(method: string, upTo: number, value: unknown): unknown[] {
  const params = API_SHAPES[method as keyof typeof API_SHAPES].params;
  return params
    .slice(0, upTo)
    .map((p) => valid(method, p))
    .concat([value]);
}

const huge = 'x'.repeat(200_000);
const hugeBase64 = 'A'.repeat(4_000_000);
const protoKey = () => JSON.parse('{"__proto__": {"polluted": true}}') as unknown;

interface Case {
  label: string;
  args: unknown[];
  /** Always the wrong type (or size) for any parameter: refused at the boundary. */
  invalid: boolean;
}

/** Every hostile variant of one method's arguments. */
function casesOf(method: string): Case[] {
  const params = API_SHAPES[method as keyof typeof API_SHAPES].params;
  const cases: Case[] = [
    { label: 'one argument too many', args: [...params.map(() => 1), 1], invalid: true },
  ];
  params.forEach((param, i) => {
    for (const [label, value, invalid] of [
      // Of the right type for some parameters: refused somewhere, with a SPEC code.
      ['a number', 12345, false],
      ['a string', 'text', false],
      ['true', true, false],
      // The wrong type or size for every parameter.
      ['null', null, true],
      ['a list', [1, 2], true],
      ['a Date', new Date(), true],
      ['an over-long string', huge, true],
      ['an object with an unknown field', { unknownField: 1 }, true],
      ['an object with a __proto__ key', protoKey(), true],
    ] as const) {
      cases.push({ label: `${param} as ${label}`, args: argsWith(method, i, value), invalid });
    }
  });
  return cases;
}

/** Field-level variants where a method takes request fields. */
const FIELD_CASES: [string, () => unknown[]][] = [
  ['deleteKey force "false"', () => [h.as('manager'), keyId, { force: 'false' }]],
  ['deleteKeyRing force 1', () => [h.as('manager'), 'ring', { force: 1 }]],
  ['wrap huge base64', () => [h.as('reader'), keyId, { plaintext: hugeBase64 }]],
  ['unwrap huge base64', () => [h.as('reader'), keyId, { ciphertext: hugeBase64 }]],
  [
    'createKey huge payload',
    () => [h.as('writer'), { name: 'k1', extractable: true, payload: hugeBase64 }],
  ],
  [
    'createKey bad date',
    () => [h.as('writer'), { name: 'k1', extractable: false, expirationDate: 'next tuesday' }],
  ],
  [
    'createKey 2 million aliases',
    () => [
      h.as('writer'),
      { name: 'k1', extractable: false, aliases: new Array(2_000_000).fill('a') },
    ],
  ],
  [
    'createKey __proto__',
    () => [h.as('writer'), { name: 'k1', extractable: false, ...(protoKey() as object) }],
  ],
  ['createKey extractable "false"', () => [h.as('writer'), { name: 'k1', extractable: 'false' }]],
  ['listEvents bad date', () => [h.as('reader'), { from: '2026-13-45' }]],
  ['listEvents huge search', () => [h.as('reader'), { search: huge }]],
  ['wrap 100,000 aad items', () => [h.as('reader'), keyId, { aad: new Array(100_000).fill('a') }]],
  ['getKeyPermissions 1e6 ids', () => [h.as('reader'), new Array(1_000_000).fill('x')]],
  ['ctx with huge userId', () => [{ userId: huge, instanceId: h.instanceId }, keyId]],
  ['ctx with unknown field', () => [{ ...h.as('reader'), admin: true }, keyId]],
  [
    'putKeyPolicies enabled "true"',
    () => [h.as('manager'), keyId, { dualAuthDelete: { enabled: 'true' } }],
  ],
  ['putUploadChunk 20 MiB', () => [h.as('writer'), 'u', 0, new ArrayBuffer(20 * 1024 * 1024)]],
];

async function expectRefusedUnchanged(method: string, args: unknown[]): Promise<EngineError> {
  await h.engine.flushEvents();
  const before = await snapshot(h);
  let error: unknown;
  try {
    await (h.engine as unknown as Api)[method]!(...args);
  } catch (e) {
    error = e;
  }
  expect(error, `${method} should refuse`).toBeInstanceOf(EngineError);
  const engineError = error as EngineError;
  expect(engineError.status, `${method}: ${engineError.message}`).toBeGreaterThanOrEqual(400);
  expect(engineError.status, `${method}: ${engineError.message}`).toBeLessThan(500);
  expect(engineError.code).toMatch(/^[A-Z_]+_ERR$|^KEY_/);
  await h.engine.flushEvents();
  const after = await snapshot(h);
  for (const name of Object.keys(before) as StoreName[]) {
    if (name === 'events' || name === 'meta') continue;
    expect([name, after[name]]).toEqual([name, before[name]]);
  }
  const added = (after.events.values as AuditEvent[]).slice(before.events.values.length);
  // A refusal at the boundary is always recorded; past it, the few unaudited console reads
  // (getPermissions, getKeyPermissions, getStoragePermissions) record nothing.
  if (engineError.code === 'INVALID_FIELD_ERR' || !UNAUDITED.has(method))
    expect(added, `${method}: ${engineError.message}`).toHaveLength(1);
  expect(added.length).toBeLessThanOrEqual(1);
  if (added[0]) {
    expect(added[0]).toMatchObject({ outcome: 'failure', reason: { code: engineError.code } });
    expect(JSON.stringify(added[0]).length).toBeLessThanOrEqual(EVENT_BYTES_MAX);
  }
  return engineError;
}

describe('the declared shapes', () => {
  it('cover every method of API_METHODS', () => {
    // A method added to the API must get its argument shape (and audit action) in
    // src/engine/boundary/api-schema.ts, or every call to it is refused.
    expect(undeclaredMethods()).toEqual([]);
  });
});

describe.each(API_METHODS.filter((m) => m !== 'getSession'))('hostile input to %s', (method) => {
  it(
    'every wrong type, null, missing, unknown or over-long argument is a 4xx, changing nothing',
    {
      timeout: 60_000,
    },
    async () => {
      for (const c of casesOf(method)) {
        const error = await expectRefusedUnchanged(method, c.args);
        if (c.invalid) expect(error.code, `${method}: ${c.label}`).toBe('INVALID_FIELD_ERR');
      }
      // No arguments at all.
      const error = await expectRefusedUnchanged(method, []);
      expect(error.message).toMatch(/^ctx: is required/);
    },
  );
});

describe('hostile request fields', () => {
  it.each(FIELD_CASES)('%s is 400 INVALID_FIELD_ERR naming the field', async (label, args) => {
    const method = label.split(' ')[0]!;
    const name = method === 'ctx' ? 'wrap' : method;
    const error = await expectRefusedUnchanged(name, args());
    expect(error.code).toBe('INVALID_FIELD_ERR');
    expect(error.message.length).toBeLessThan(300);
  });

  it('deleteKey with force "false" does not count as force (the key stays)', async () => {
    await expectRefusedUnchanged('deleteKey', [h.as('manager'), keyId, { force: 'false' }]);
    expect((await h.engine.getKeyMetadata(h.as('reader'), keyId)).state).toBe(1);
  });

  it('a __proto__ key pollutes nothing', async () => {
    await expectRefusedUnchanged('createKey', [h.as('writer'), protoKey()]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

/**
 * The console's own permission reads, not audited by design (api.ts says so): a refusal past the
 * boundary (an unknown key, say) records no event; one at the boundary records one.
 */
const UNAUDITED_READS = new Set(['getPermissions', 'getKeyPermissions', 'getStoragePermissions']);

describe('fuzzed argument shapes', () => {
  it('any argument list is answered without a 500; a refusal changes nothing but one bounded event', async () => {
    const methods = API_METHODS.filter((m) => m !== 'getSession');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...methods),
        fc.array(fc.oneof(fc.anything(), fc.string({ maxLength: 3000 })), { maxLength: 5 }),
        fc.boolean(),
        async (method, rest, withCtx) => {
          const args = withCtx ? [h.as('reader'), ...rest] : rest;
          await h.engine.flushEvents();
          const before = await snapshot(h);
          try {
            await (h.engine as unknown as Api)[method]!(...args);
          } catch (error) {
            expect(error).toBeInstanceOf(EngineError);
            const e = error as EngineError;
            expect(e.status, `${method}: ${e.message}`).toBeLessThan(500);
            await h.engine.flushEvents();
            const after = await snapshot(h);
            for (const name of Object.keys(before) as StoreName[]) {
              if (name === 'events' || name === 'meta') continue;
              expect([name, after[name]]).toEqual([name, before[name]]);
            }
            const added = (after.events.values as AuditEvent[]).slice(before.events.values.length);
            if (UNAUDITED_READS.has(method)) expect(added.length).toBeLessThanOrEqual(1);
            else expect(added).toHaveLength(1);
            for (const event of added)
              expect(JSON.stringify(event).length).toBeLessThanOrEqual(EVENT_BYTES_MAX);
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 180_000);
});
