/**
 * Bad input at the HTTP boundary: malformed JSON, the wrong content type, a body over 1 MiB,
 * unknown routes and methods, a missing or unknown Bluemix-Instance, missing, expired and forged
 * tokens. Each gets a Key Protect-shaped error; nothing changes (no key, no event).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sign } from 'hono/jwt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tokenSigningSecret } from '../crypto/secrets';
import { DATABASES, startFixture, type ServerFixture } from '../test/server-fixture';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

describe('the server refuses bad requests in Key Protect’s error shape, changing nothing', () => {
  let f: ServerFixture;
  let token: string;
  beforeAll(async () => {
    f = await startFixture(DATABASES[0]!.open);
    token = await f.token('manager');
  });
  afterAll(async () => f?.close());

  /** Keys and events as stored (read in SQL, so that looking is not itself an audited call). */
  const state = async () => {
    await f.server.engine.flushEvents();
    return f.server.database.transaction('read', async (sql) => ({
      keys: Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM kw_keys'))[0]!.n),
      events: Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM kw_events'))[0]!.n),
    }));
  };

  const call = (init: RequestInit & { path?: string; headers?: Record<string, string> }) =>
    fetch(`${f.server.url}${init.path ?? '/api/v2/keys'}`, {
      method: 'POST',
      ...init,
      headers: {
        Authorization: `Bearer ${token}`,
        'Bluemix-Instance': f.instanceId,
        'Content-Type': 'application/json',
        ...init.headers,
      },
    });

  const expectKpError = async (response: Response, status: number, code: string) => {
    expect(response.status).toBe(status);
    const body = (await response.json()) as {
      metadata: { collectionType: string };
      resources: { errorMsg: string; reasons: { code: string; status: number }[] }[];
    };
    expect(body.metadata.collectionType).toBe('application/vnd.ibm.kms.error+json');
    expect(body.resources[0]!.reasons[0]).toMatchObject({ code, status });
    expect(body.resources[0]!.errorMsg).toMatch(/: /);
  };

  it('malformed JSON, the wrong content type and a body over 1 MiB', async () => {
    const before = await state();
    await expectKpError(await call({ body: '{"resources": [' }), 400, 'BAD_BODY_ERR');
    await expectKpError(
      await call({ body: 'name=x', headers: { 'Content-Type': 'text/plain' } }),
      415,
      'UNSUPPORTED_MEDIA_TYPE_ERR',
    );
    const big = JSON.stringify({
      resources: [{ name: 'big', description: 'x'.repeat(1_100_000) }],
    });
    // The server answers before reading the whole body and closes that connection.
    await expectKpError(
      await call({ body: big, headers: { Connection: 'close' } }),
      413,
      'BODY_TOO_LARGE_ERR',
    );
    await expectKpError(await call({ body: '[1,2]' }), 400, 'BAD_BODY_ERR');
    expect(await state()).toEqual(before);
  });

  it('unknown routes and methods', async () => {
    const before = await state();
    await expectKpError(
      await call({ path: '/api/v2/nothing-here', method: 'GET' }),
      404,
      'NOT_FOUND_ERR',
    );
    const put = await call({ method: 'PUT', body: '{}' });
    await expectKpError(put, 405, 'METHOD_NOT_ALLOWED_ERR');
    expect(put.headers.get('allow')).toContain('POST');
    await expectKpError(
      await call({ path: '/api/v2/keys/00000000-0000-4000-8000-000000000000/actions/explode' }),
      404,
      'NOT_FOUND_ERR',
    );
    expect(await state()).toEqual(before);
  });

  it('a missing or unknown Bluemix-Instance', async () => {
    const before = await state();
    const body = JSON.stringify({ resources: [{ name: 'no-instance', extractable: false }] });
    await expectKpError(
      await call({ body, headers: { 'Bluemix-Instance': '' } }),
      400,
      'INVALID_HEADER_ERR',
    );
    await expectKpError(
      await call({ body, headers: { 'Bluemix-Instance': 'not-an-instance' } }),
      404,
      'INSTANCE_NOT_FOUND_ERR',
    );
    const after = await state();
    expect(after.keys).toBe(before.keys);
    // The engine audits the refused call (every call is), and stores nothing else.
    expect(after.events).toBe(before.events + 1);
  });

  it('missing, expired and forged tokens', async () => {
    const before = await state();
    const body = JSON.stringify({ resources: [{ name: 'tokenless', extractable: false }] });
    await expectKpError(
      await call({ body, headers: { Authorization: '' } }),
      401,
      'UNAUTHORIZED_ERR',
    );
    const kek = Buffer.from(
      readFileSync(path.join(f.dataDir, 'server.kek'), 'utf8').trim(),
      'base64',
    );
    const secret = tokenSigningSecret(new Uint8Array(kek));
    const past = Math.floor(Date.now() / 1000) - 7200;
    const claims = { iss: 'keyward-server', sub: 'user-manager', iat: past, exp: past + 3600 };
    const expired = await sign(claims, secret, 'HS256');
    await expectKpError(
      await call({ body, headers: { Authorization: `Bearer ${expired}` } }),
      401,
      'UNAUTHORIZED_ERR',
    );
    const now = Math.floor(Date.now() / 1000);
    const forged = await sign(
      { ...claims, sub: 'user-admin', iat: now, exp: now + 3600 },
      'not the server secret',
      'HS256',
    );
    await expectKpError(
      await call({ body, headers: { Authorization: `Bearer ${forged}` } }),
      401,
      'UNAUTHORIZED_ERR',
    );
    const [header, payload] = token.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'user-admin', exp: now + 3600 })).toString('base64url')}.${token.split('.')[2]}`;
    expect(payload).toBeTruthy();
    await expectKpError(
      await call({ body, headers: { Authorization: `Bearer ${tampered}` } }),
      401,
      'UNAUTHORIZED_ERR',
    );
    expect(await state()).toEqual(before);
  });

  it('X-Kms-Key-Ring on every key call: a key in another ring is not found, and nothing changes', async () => {
    await call({ path: '/api/v2/key_rings/ring-a', body: '' });
    const created = await call({
      body: JSON.stringify({
        metadata: { collectionType: 'application/vnd.ibm.kms.key+json', collectionTotal: 1 },
        resources: [
          {
            type: 'application/vnd.ibm.kms.key+json',
            name: 'ringed',
            extractable: false,
            aliases: ['ringed-alias'],
          },
        ],
      }),
      headers: { 'X-Kms-Key-Ring': 'ring-a' },
    });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { resources: { id: string }[] }).resources[0]!.id;
    const get = (ring?: string, ref = id) =>
      call({
        method: 'GET',
        path: `/api/v2/keys/${ref}`,
        headers: ring ? { 'X-Kms-Key-Ring': ring } : {},
      });
    expect((await get()).status).toBe(200);
    expect((await get('ring-a')).status).toBe(200);
    expect((await get('ring-a', 'ringed-alias')).status).toBe(200);

    const before = await state();
    await expectKpError(await get('default'), 404, 'KEY_NOT_FOUND_ERR');
    await expectKpError(await get('no-such-ring', 'ringed-alias'), 404, 'KEY_NOT_FOUND_ERR');
    for (const path of [
      `/api/v2/keys/${id}/metadata`,
      `/api/v2/keys/${id}/versions`,
      `/api/v2/keys/${id}/policies`,
    ])
      await expectKpError(
        await call({ method: 'GET', path, headers: { 'X-Kms-Key-Ring': 'default' } }),
        404,
        'KEY_NOT_FOUND_ERR',
      );
    await expectKpError(
      await call({
        path: `/api/v2/keys/${id}/actions/disable`,
        body: '',
        headers: { 'X-Kms-Key-Ring': 'default' },
      }),
      404,
      'KEY_NOT_FOUND_ERR',
    );
    await expectKpError(
      await call({
        method: 'DELETE',
        path: `/api/v2/keys/${id}`,
        headers: { 'X-Kms-Key-Ring': 'default' },
      }),
      404,
      'KEY_NOT_FOUND_ERR',
    );
    expect(await state()).toEqual(before);
    const key = await f.server.engine.getKeyMetadata(
      { userId: 'user-manager', instanceId: f.instanceId },
      id,
    );
    expect(key).toMatchObject({ state: 1, keyRingID: 'ring-a' });

    // The right ring: the call goes through.
    const disabled = await call({
      path: `/api/v2/keys/${id}/actions/disable`,
      body: '',
      headers: { 'X-Kms-Key-Ring': 'ring-a' },
    });
    expect(disabled.status).toBe(204);
  });
});
