/**
 * Contract tests: the official `@ibm-cloud/ibm-key-protect` SDK (its IAM authenticator and every
 * method the server supports) against a started Keyward server, on PGlite and — when
 * KEYWARD_TEST_DATABASE_URL is set — a real PostgreSQL. Results and errors are Key Protect's.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IamAuthenticator } from '@ibm-cloud/ibm-key-protect/auth';
import KeyProtectV2 from '@ibm-cloud/ibm-key-protect/ibm-key-protect-api/v2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IMPORT_FILES, secureImportCommands } from '../../domain/import-commands';
import { DATABASES, startFixture, type Persona, type ServerFixture } from '../test/server-fixture';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const KEY = 'application/vnd.ibm.kms.key+json';

function keyBody(resource: Record<string, unknown>) {
  return {
    metadata: { collectionType: KEY, collectionTotal: 1 },
    resources: [{ type: KEY, ...resource }],
  };
}

/** The SDK's rejection, as an application sees it: HTTP status and Key Protect's reason code. */
async function refusal(call: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as { status: number; body?: string; result?: unknown };
    // Where the SDK asked for a stream (restoreKey), the body is not at hand: the status must do.
    if (typeof e.body !== 'string' && e.result === undefined) return { status: e.status, code: '' };
    let parsed: unknown = typeof e.body === 'string' ? JSON.parse(e.body) : e.result;
    // The SDK stringifies what it received; a body it did not parse arrives as a JSON string.
    if (typeof parsed === 'string') parsed = JSON.parse(parsed);
    const body = parsed as {
      resources: { reasons: { code: string }[] }[];
    };
    return { status: e.status, code: body.resources[0]!.reasons[0]!.code };
  }
  throw new Error('the call succeeded');
}

for (const database of DATABASES) {
  describe.skipIf(!database.available)(
    `the Key Protect SDK against the server on ${database.name}`,
    () => {
      let f: ServerFixture;
      const clients = {} as Record<Persona, KeyProtectV2>;
      let bluemixInstance: string;

      beforeAll(async () => {
        f = await startFixture(database.open);
        bluemixInstance = f.instanceId;
        for (const persona of ['admin', 'manager', 'writer', 'reader'] as const)
          clients[persona] = new KeyProtectV2({
            authenticator: new IamAuthenticator({ apikey: f.apiKeys[persona], url: f.server.url }),
            serviceUrl: f.server.url,
          });
      });
      afterAll(async () => f?.close());

      /** Moves the demo clock (Administrator), for Key Protect's 30-second waits. */
      const advance = async (ms: number) => {
        const admin = await f.token('admin');
        const response = await fetch(`${f.server.url}/keyward/v1/clock/advance`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${admin}`,
            'Bluemix-Instance': bluemixInstance,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ ms }),
        });
        expect(response.status).toBe(200);
      };

      const create = async (name: string, extra: Record<string, unknown> = {}) =>
        (
          await clients.writer.createKey({
            bluemixInstance,
            body: keyBody({ name, extractable: false, ...extra }) as never,
          })
        ).result.resources![0]!;

      it('createKey: 201 with the key envelope; a standard key with Prefer representation has its payload', async () => {
        const response = await clients.writer.createKey({
          bluemixInstance,
          body: keyBody({
            name: 'sdk-root',
            extractable: false,
            description: 'from the SDK',
          }) as never,
        });
        expect(response.status).toBe(201);
        expect(response.result.metadata).toMatchObject({ collectionType: KEY, collectionTotal: 1 });
        expect(response.result.resources![0]).toMatchObject({
          type: KEY,
          name: 'sdk-root',
          state: 1,
          extractable: false,
          keyRingID: 'default',
        });
        const standard = await clients.writer.createKey({
          bluemixInstance,
          prefer: 'return=representation',
          body: keyBody({ name: 'sdk-standard', extractable: true }) as never,
        });
        expect(standard.result.resources![0]!.payload).toMatch(/^[A-Za-z0-9+/]+=*$/);
      });

      it('createKey: a Reader is refused with 401 UNAUTHORIZED_ERR, a bad name with 400', async () => {
        expect(
          await refusal(
            clients.reader.createKey({
              bluemixInstance,
              body: keyBody({ name: 'nope', extractable: false }) as never,
            }),
          ),
        ).toEqual({ status: 401, code: 'UNAUTHORIZED_ERR' });
        expect(
          await refusal(
            clients.writer.createKey({
              bluemixInstance,
              body: keyBody({ name: 'x', extractable: false }) as never,
            }),
          ),
        ).toMatchObject({ status: 400 });
      });

      it('getKeys pages, filters by state and extractable; getKeyCollectionMetadata gives Key-Total', async () => {
        for (const name of ['list-a', 'list-b', 'list-c']) await create(name);
        const page = await clients.reader.getKeys({ bluemixInstance, limit: 2, offset: 0 });
        expect(page.status).toBe(200);
        expect(page.result.resources).toHaveLength(2);
        expect(page.result.metadata!.collectionTotal).toBe(2);
        const standard = await clients.reader.getKeys({ bluemixInstance, extractable: true });
        expect(standard.result.resources!.every((k) => k.extractable)).toBe(true);
        const head = await clients.reader.getKeyCollectionMetadata({ bluemixInstance, state: [1] });
        expect(head.status).toBe(200);
        const total = Number(head.headers['key-total']);
        const all = await clients.reader.getKeys({ bluemixInstance, limit: 200, state: [1] });
        expect(total).toBe(all.result.resources!.length);
        expect(total).toBeGreaterThanOrEqual(4);
      });

      it('getKey and getKeyMetadata by id and by alias; an unknown key is 404 KEY_NOT_FOUND_ERR', async () => {
        const key = await create('get-me', { aliases: ['get-me-alias'] });
        const got = await clients.reader.getKey({ bluemixInstance, id: key.id! });
        expect(got.result.resources![0]).toMatchObject({ id: key.id, name: 'get-me' });
        const meta = await clients.reader.getKeyMetadata({ bluemixInstance, id: 'get-me-alias' });
        expect(meta.result.resources![0]).toMatchObject({ id: key.id });
        expect(
          await refusal(
            clients.reader.getKey({ bluemixInstance, id: '00000000-0000-4000-8000-000000000000' }),
          ),
        ).toEqual({ status: 404, code: 'KEY_NOT_FOUND_ERR' });
      });

      it('wrapKey, unwrapKey and rewrapKey round-trip a DEK with AAD; the wrong AAD is 422', async () => {
        const key = await create('wrapper');
        const plaintext = Buffer.alloc(32, 7).toString('base64');
        const aad = ['bucket-1'];
        const wrapped = await clients.writer.wrapKey({
          bluemixInstance,
          id: key.id!,
          keyActionWrapBody: { plaintext, aad } as never,
        });
        expect(wrapped.status).toBe(200);
        const ciphertext = wrapped.result.ciphertext!;
        const unwrapped = await clients.reader.unwrapKey({
          bluemixInstance,
          id: key.id!,
          keyActionUnwrapBody: { ciphertext, aad } as never,
        });
        expect(unwrapped.result.plaintext).toBe(plaintext);
        expect(
          await refusal(
            clients.reader.unwrapKey({
              bluemixInstance,
              id: key.id!,
              keyActionUnwrapBody: { ciphertext, aad: ['other'] } as never,
            }),
          ),
        ).toEqual({ status: 422, code: 'UNPROCESSABLE_CIPHERTEXT_ERR' });
        await clients.manager.rotateKey({ bluemixInstance, id: key.id! });
        const rewrapped = await clients.writer.rewrapKey({
          bluemixInstance,
          id: key.id!,
          keyActionRewrapBody: { ciphertext, aad } as never,
        });
        expect(rewrapped.result.ciphertext).not.toBe(ciphertext);
        expect(rewrapped.result.rewrappedKeyVersion?.id).not.toBe(rewrapped.result.keyVersion?.id);
      });

      it('rotateKey answers 204 and adds a version; getKeyVersions lists both', async () => {
        const key = await create('rotor');
        const rotated = await clients.manager.rotateKey({ bluemixInstance, id: key.id! });
        expect(rotated.status).toBe(204);
        const versions = await clients.reader.getKeyVersions({
          bluemixInstance,
          id: key.id!,
        });
        expect(versions.result.resources).toHaveLength(2);
        expect(versions.result.metadata).toMatchObject({
          collectionType: 'application/vnd.ibm.kms.key_version+json',
        });
      });

      it('disableKey, enableKey: 204; a disabled key refuses wraps with 409 KEY_ACTION_INVALID_STATE_ERR', async () => {
        const key = await create('switch');
        expect((await clients.manager.disableKey({ bluemixInstance, id: key.id! })).status).toBe(
          204,
        );
        expect(await refusal(clients.writer.wrapKey({ bluemixInstance, id: key.id! }))).toEqual({
          status: 409,
          code: 'KEY_ACTION_INVALID_STATE_ERR',
        });
        // Key Protect refuses enabling within 30 seconds of disabling.
        expect(await refusal(clients.manager.enableKey({ bluemixInstance, id: key.id! }))).toEqual({
          status: 409,
          code: 'REQ_TOO_EARLY_ERR',
        });
        await advance(31_000);
        expect((await clients.manager.enableKey({ bluemixInstance, id: key.id! })).status).toBe(
          204,
        );
        expect((await clients.writer.wrapKey({ bluemixInstance, id: key.id! })).status).toBe(200);
      });

      it('syncAssociatedResources: 204 for a Writer; again within an hour 409 REQ_TOO_EARLY_ERR; a Reader 401', async () => {
        const key = await create('synced');
        expect(
          (await clients.writer.syncAssociatedResources({ bluemixInstance, id: key.id! })).status,
        ).toBe(204);
        // Key Protect: a sync may be requested once an hour after the last notification.
        expect(
          await refusal(clients.writer.syncAssociatedResources({ bluemixInstance, id: key.id! })),
        ).toEqual({ status: 409, code: 'REQ_TOO_EARLY_ERR' });
        expect(
          await refusal(clients.reader.syncAssociatedResources({ bluemixInstance, id: key.id! })),
        ).toEqual({ status: 401, code: 'UNAUTHORIZED_ERR' });
        await advance(3_601_000);
        expect(
          (await clients.writer.syncAssociatedResources({ bluemixInstance, id: key.id! })).status,
        ).toBe(204);
      });

      it('deleteKey (force), restoreKey after 30 s of demo time; a Writer may not delete', async () => {
        const key = await create('doomed');
        expect(await refusal(clients.writer.deleteKey({ bluemixInstance, id: key.id! }))).toEqual({
          status: 401,
          code: 'UNAUTHORIZED_ERR',
        });
        const deleted = await clients.manager.deleteKey({
          bluemixInstance,
          id: key.id!,
          force: true,
          prefer: 'return=representation',
        });
        expect(deleted.status).toBe(200);
        expect(deleted.result.resources![0]).toMatchObject({ state: 5, deleted: true });
        expect(
          await refusal(clients.manager.restoreKey({ bluemixInstance, id: key.id! })),
        ).toMatchObject({ status: 409 });
        await advance(31_000);
        const restored = await clients.manager.restoreKey({ bluemixInstance, id: key.id! });
        expect(restored.status).toBe(201);
        // (This SDK version hands restoreKey's body over as a stream: read the key back instead.)
        const back = await clients.reader.getKeyMetadata({ bluemixInstance, id: key.id! });
        expect(back.result.resources![0]).toMatchObject({ state: 1, deleted: false });
      });

      it('setKeyForDeletion and unsetKeyForDeletion under dual authorization (putPolicy, getPolicy)', async () => {
        const key = await create('dual');
        const put = await clients.manager.putPolicy({
          bluemixInstance,
          id: key.id!,
          policy: 'dualAuthDelete',
          setKeyPoliciesOneOf: {
            metadata: { collectionType: 'application/vnd.ibm.kms.policy+json', collectionTotal: 1 },
            resources: [
              { type: 'application/vnd.ibm.kms.policy+json', dualAuthDelete: { enabled: true } },
            ],
          } as never,
        });
        expect(put.status).toBe(200);
        const got = await clients.manager.getPolicy({ bluemixInstance, id: key.id! });
        expect((got.result as { resources: unknown[] }).resources).toContainEqual(
          expect.objectContaining({ dualAuthDelete: { enabled: true } }),
        );
        expect(
          await refusal(clients.manager.deleteKey({ bluemixInstance, id: key.id! })),
        ).toMatchObject({
          status: 409,
        });
        expect(
          (await clients.manager.setKeyForDeletion({ bluemixInstance, id: key.id! })).status,
        ).toBe(204);
        expect(
          (await clients.manager.unsetKeyForDeletion({ bluemixInstance, id: key.id! })).status,
        ).toBe(204);
      });

      it('createKeyAlias (201) and deleteKeyAlias (204); a taken alias is 409 KEY_ALIAS_NOT_UNIQUE_ERR', async () => {
        const key = await create('aliased');
        const other = await create('other');
        const made = await clients.writer.createKeyAlias({
          bluemixInstance,
          id: key.id!,
          alias: 'sdk-alias',
        });
        expect(made.status).toBe(201);
        expect(made.result.resources![0]).toMatchObject({ alias: 'sdk-alias', keyId: key.id });
        expect(
          await refusal(
            clients.writer.createKeyAlias({ bluemixInstance, id: other.id!, alias: 'sdk-alias' }),
          ),
        ).toEqual({ status: 409, code: 'KEY_ALIAS_NOT_UNIQUE_ERR' });
        expect(
          (
            await clients.manager.deleteKeyAlias({
              bluemixInstance,
              id: key.id!,
              alias: 'sdk-alias',
            })
          ).status,
        ).toBe(204);
      });

      it('createKeyRing (201), listKeyRings, deleteKeyRing (204); a key created in a ring by X-Kms-Key-Ring', async () => {
        expect(
          (await clients.manager.createKeyRing({ bluemixInstance, keyRingId: 'sdk-ring' })).status,
        ).toBe(201);
        const rings = await clients.reader.listKeyRings({ bluemixInstance });
        expect(rings.result.resources!.map((r) => r.id)).toEqual(
          expect.arrayContaining(['default', 'sdk-ring']),
        );
        const inRing = await clients.writer.createKey({
          bluemixInstance,
          xKmsKeyRing: 'sdk-ring',
          body: keyBody({ name: 'ringed', extractable: false }) as never,
        });
        expect(inRing.result.resources![0]).toMatchObject({ keyRingID: 'sdk-ring' });
        expect(
          await refusal(clients.manager.deleteKeyRing({ bluemixInstance, keyRingId: 'sdk-ring' })),
        ).toEqual({
          status: 409,
          code: 'KEY_RING_NOT_EMPTY_ERR',
        });
        await clients.manager.createKeyRing({ bluemixInstance, keyRingId: 'empty-ring' });
        expect(
          (await clients.manager.deleteKeyRing({ bluemixInstance, keyRingId: 'empty-ring' }))
            .status,
        ).toBe(204);
      });

      it('putInstancePolicy (204) and getInstancePolicy answer Key Protect’s policy resources', async () => {
        const policyBody = (resources: object[]) =>
          ({
            metadata: {
              collectionType: 'application/vnd.ibm.kms.policy+json',
              collectionTotal: resources.length,
            },
            resources,
          }) as never;
        const put = await clients.manager.putInstancePolicy({
          bluemixInstance,
          policy: 'rotation',
          setInstancePoliciesOneOf: policyBody([
            {
              policy_type: 'rotation',
              policy_data: { enabled: true, attributes: { interval_month: 3 } },
            },
          ]),
        });
        expect(put.status).toBe(204);
        // Several at once, without ?policy (the Go client's SetInstancePolicies).
        await clients.manager.putInstancePolicy({
          bluemixInstance,
          setInstancePoliciesOneOf: policyBody([
            {
              policy_type: 'allowedIP',
              policy_data: {
                enabled: true,
                attributes: { allowed_ip: ['203.0.113.0/24', '2001:db8::/32'] },
              },
            },
            {
              policy_type: 'allowedNetwork',
              policy_data: { enabled: true, attributes: { allowed_network: 'private-only' } },
            },
            { policy_type: 'metrics', policy_data: { enabled: true } },
          ]),
        });
        const got = await clients.reader.getInstancePolicy({ bluemixInstance });
        const resources = (got.result as { resources: Record<string, unknown>[] }).resources;
        expect(resources.map((r) => r.policy_type)).toEqual([
          'dualAuthDelete',
          'allowedNetwork',
          'allowedIP',
          'keyCreateImportAccess',
          'metrics',
          'rotation',
        ]);
        const stamp = {
          createdBy: 'user-manager',
          creationDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          updatedBy: 'user-manager',
          lastUpdated: expect.any(String),
        };
        expect(resources).toContainEqual({
          ...stamp,
          policy_type: 'rotation',
          policy_data: { enabled: true, attributes: { interval_month: 3 } },
        });
        expect(resources).toContainEqual({
          ...stamp,
          policy_type: 'allowedIP',
          policy_data: {
            enabled: true,
            attributes: { allowed_ip: ['203.0.113.0/24', '2001:db8::/32'] },
          },
        });
        // Never set: disabled at Key Protect's default, no stamp.
        expect(resources).toContainEqual({
          policy_type: 'dualAuthDelete',
          policy_data: { enabled: false },
        });
        const one = await clients.reader.getInstancePolicy({
          bluemixInstance,
          policy: 'allowedNetwork',
        });
        expect((one.result as { resources: unknown[] }).resources).toEqual([
          {
            ...stamp,
            policy_type: 'allowedNetwork',
            policy_data: { enabled: true, attributes: { allowed_network: 'private-only' } },
          },
        ]);
        // Key Protect's envelope checks, each refused before the engine (nothing changes).
        const refusedPut = (policy: string | undefined, body: never) =>
          refusal(
            clients.manager.putInstancePolicy({
              bluemixInstance,
              ...(policy ? { policy } : {}),
              setInstancePoliciesOneOf: body,
            }),
          );
        const dual = { policy_type: 'dualAuthDelete', policy_data: { enabled: true } };
        expect(await refusedPut('metrics', policyBody([dual]))).toEqual({
          status: 400,
          code: 'BODY_QUERY_PARAM_MISMATCH_ERR',
        });
        expect(await refusedPut(undefined, policyBody([dual, dual]))).toEqual({
          status: 400,
          code: 'NUM_COLLECTION_RESOURCE_ERR',
        });
        expect(
          await refusedPut('dualAuthDelete', {
            metadata: { collectionType: 'application/vnd.ibm.kms.policy+json', collectionTotal: 2 },
            resources: [dual],
          } as never),
        ).toEqual({ status: 400, code: 'COLLECTION_TOTAL_MISMATCH_ERR' });
        expect(
          await refusedPut('dualAuthDelete', policyBody([{ ...dual, extra_field: 'junk' }])),
        ).toEqual({ status: 400, code: 'BAD_BODY_ERR' });
        expect(
          await refusedPut(
            'allowedIP',
            policyBody([
              {
                policy_type: 'allowedIP',
                policy_data: { enabled: true, attributes: { allowed_ip: ['10.0.0.1'] } },
              },
            ]),
          ),
        ).toEqual({ status: 400, code: 'INVALID_FIELD_ERR' });
        expect(
          await refusal(
            clients.writer.putInstancePolicy({
              bluemixInstance,
              policy: 'metrics',
              setInstancePoliciesOneOf: policyBody([
                { policy_type: 'metrics', policy_data: { enabled: false } },
              ]),
            }),
          ),
        ).toEqual({ status: 401, code: 'UNAUTHORIZED_ERR' });
        const after = await clients.reader.getInstancePolicy({
          bluemixInstance,
          policy: 'dualAuthDelete',
        });
        expect((after.result as { resources: unknown[] }).resources).toEqual([
          { policy_type: 'dualAuthDelete', policy_data: { enabled: false } },
        ]);
        // The key policy shape Key Protect's docs also show for instance policies.
        await clients.manager.putInstancePolicy({
          bluemixInstance,
          policy: 'metrics',
          setInstancePoliciesOneOf: policyBody([
            { type: 'application/vnd.ibm.kms.policy+json', metrics: { enabled: false } },
          ]),
        });
        await clients.manager.putInstancePolicy({
          bluemixInstance,
          setInstancePoliciesOneOf: policyBody([
            { policy_type: 'rotation', policy_data: { enabled: false } },
            { policy_type: 'allowedIP', policy_data: { enabled: false } },
            {
              policy_type: 'allowedNetwork',
              policy_data: {
                enabled: false,
                attributes: { allowed_network: 'public-and-private' },
              },
            },
          ]),
        });
      });

      it('postImportToken, getImportToken, then a secure import with the real openssl', async () => {
        const made = await clients.writer.postImportToken({
          bluemixInstance,
          expiration: 600,
          maxAllowedRetrievals: 1,
        });
        expect(made.result).toMatchObject({ maxAllowedRetrievals: 1, remainingRetrievals: 1 });
        const token = (await clients.writer.getImportToken({ bluemixInstance })).result;
        const dir = mkdtempSync(path.join(tmpdir(), 'kw-sdk-import-'));
        writeFileSync(path.join(dir, IMPORT_FILES.token), token.payload!);
        writeFileSync(path.join(dir, IMPORT_FILES.nonce), Buffer.from(token.nonce!, 'base64'));
        for (const step of secureImportCommands(32))
          execSync(step.command, {
            cwd: dir,
            shell: '/bin/sh',
            stdio: ['ignore', 'ignore', 'pipe'],
          });
        const text = (name: string) => readFileSync(path.join(dir, name), 'utf8').trim();
        const imported = await create('imported', {
          payload: text(IMPORT_FILES.payload),
          encryptedNonce: text(IMPORT_FILES.encryptedNonce),
          iv: text(IMPORT_FILES.iv),
          encryptionAlgorithm: 'RSAES_OAEP_SHA_256',
        });
        expect(imported).toMatchObject({ imported: true, extractable: false });
        // Its one retrieval is used up.
        expect(await refusal(clients.writer.getImportToken({ bluemixInstance }))).toEqual({
          status: 400,
          code: 'INVALID_FIELD_ERR',
        });
      });

      it('getRegistrations and getRegistrationsAllKeys answer the registration envelope', async () => {
        const key = await create('registered');
        const one = await clients.reader.getRegistrations({ bluemixInstance, id: key.id! });
        expect(one.status).toBe(200);
        expect(one.result.metadata).toMatchObject({
          collectionType: 'application/vnd.ibm.kms.registration+json',
        });
        const all = await clients.reader.getRegistrationsAllKeys({ bluemixInstance });
        expect(all.status).toBe(200);
      });

      it('the IAM authenticator refuses an unknown API key; calls without Bluemix-Instance are 400', async () => {
        const stranger = new KeyProtectV2({
          authenticator: new IamAuthenticator({ apikey: 'kw_not-a-key', url: f.server.url }),
          serviceUrl: f.server.url,
        });
        await expect(stranger.getKeys({ bluemixInstance })).rejects.toMatchObject({ status: 400 });
        const token = await f.token('reader');
        const response = await fetch(`${f.server.url}/api/v2/keys`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        expect(response.status).toBe(400);
      });
    },
  );
}
