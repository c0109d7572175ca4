/**
 * Keyward's RPC path at the HTTP level: what a request that is not a call gets (unknown method,
 * a body without `args`, bytes that are not base64), the engine's error data in the answer, the
 * header that tells a bad token from a refused call, the larger body limit of the RPC path only,
 * and the CORS preflight the console's origin needs.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DATABASES, startFixture, type ServerFixture } from '../test/server-fixture';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

describe('POST /keyward/v1/rpc/:method', () => {
  let f: ServerFixture;
  let token: string;
  beforeAll(async () => {
    f = await startFixture(DATABASES[0]!.open);
    token = await f.token('manager');
  });
  afterAll(async () => f?.close());

  const rpc = (method: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${f.server.url}/keyward/v1/rpc/${method}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        ...headers,
      },
      body,
    });
  const errorOf = async (response: Response) =>
    ((await response.json()) as { error: { status: number; code: string; message: string } }).error;

  it('answers a call with its result, and a method without one with {}', async () => {
    const ctx = { userId: 'user-manager', instanceId: f.instanceId };
    const created = await rpc(
      'createKey',
      JSON.stringify({ args: [ctx, { name: 'rpc-key', extractable: true }] }),
    );
    expect(created.status).toBe(200);
    const { result } = (await created.json()) as { result: { id: string; name: string } };
    expect(result.name).toBe('rpc-key');
    await rpc('createKeyRing', JSON.stringify({ args: [ctx, 'rpc-ring'] }));
    const deleted = await rpc('deleteKeyRing', JSON.stringify({ args: [ctx, 'rpc-ring'] }));
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({});
  });

  it('refuses what is not a call with the engine’s error data', async () => {
    const unknown = await rpc('dropDatabase', JSON.stringify({ args: [] }));
    expect(unknown.status).toBe(404);
    expect(await errorOf(unknown)).toMatchObject({ status: 404, code: 'INVALID_FIELD_ERR' });
    const noArgs = await rpc('getSession', JSON.stringify({ arguments: [] }));
    expect(await errorOf(noArgs)).toMatchObject({
      status: 400,
      message: expect.stringMatching(/"args"/),
    });
    const broken = await rpc('getSession', '{"args": [');
    expect(await errorOf(broken)).toMatchObject({
      status: 400,
      message: 'The request body is not valid JSON',
    });
    const ctx = { userId: 'user-manager', instanceId: f.instanceId };
    const badBytes = await rpc(
      'putUploadChunk',
      JSON.stringify({ args: [ctx, 'u', 0, { $keywardBytes: 'not base64!' }] }),
    );
    expect(await errorOf(badBytes)).toMatchObject({ status: 400, code: 'INVALID_FIELD_ERR' });
    // Extra arguments to a method without any: the engine's boundary refuses them.
    const extra = await rpc('getSession', JSON.stringify({ args: [1] }));
    expect(await errorOf(extra)).toMatchObject({ status: 400, code: 'INVALID_FIELD_ERR' });
  });

  it('tells a token it cannot accept (WWW-Authenticate: invalid_token) from a refused call', async () => {
    const forged = await rpc('getSession', JSON.stringify({ args: [] }), {
      Authorization: 'Bearer x.y.z',
    });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('www-authenticate')).toMatch(/invalid_token/);
    expect(await errorOf(forged)).toMatchObject({ code: 'UNAUTHORIZED_ERR' });
    const reader = await f.token('reader');
    const denied = await rpc(
      'createKey',
      JSON.stringify({
        args: [
          { userId: 'user-reader', instanceId: f.instanceId },
          { name: 'no', extractable: false },
        ],
      }),
      { Authorization: `Bearer ${reader}` },
    );
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toBeNull();
  });

  it('takes bodies over 1 MiB on the RPC path only (object chunks), and refuses them elsewhere', async () => {
    const big = JSON.stringify({ args: [{ pad: 'x'.repeat(1_200_000) }] });
    const onRpc = await rpc('getSession', big);
    // Past the body limit, the engine's boundary refuses the argument.
    expect(await errorOf(onRpc)).toMatchObject({ status: 400, code: 'INVALID_FIELD_ERR' });
    const onKp = await fetch(`${f.server.url}/api/v2/keys`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Bluemix-Instance': f.instanceId,
        'Content-Type': 'application/json',
      },
      body: big,
    });
    expect(onKp.status).toBe(413);
  });

  it('answers the console’s CORS preflight', async () => {
    const response = await fetch(`${f.server.url}/keyward/v1/rpc/listKeys`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://127.0.0.1:4173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });
});
