/**
 * The console's server connection (client/server-connection) against a started Keyward server
 * (PGlite): every call through `POST /keyward/v1/rpc/:method` and the same engine, bytes both
 * ways, the engine's errors as `EngineError`, the token's user the only one a caller may act as,
 * change notices over server-sent events, the token renewed when the server refuses it, and
 * what a failed connection says (no server, a wrong key, not Keyward).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  connectServer,
  probeServer,
  ServerConnectError,
  serverUrlProblem,
} from '../client/server-connection';
import type { CallContext } from '../domain/api';
import { EngineError } from '../domain/errors';
import type { ChangeNotice } from '../domain/notices';
import { DATABASES, startFixture, type ServerFixture } from '../server/test/server-fixture';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

let f: ServerFixture;
let manager: CallContext;
beforeAll(async () => {
  f = await startFixture(DATABASES[0]!.open);
  manager = { userId: 'user-manager', instanceId: f.instanceId };
});
afterAll(async () => f?.close());

async function ready(connection: ReturnType<typeof connectServer>): Promise<void> {
  await vi.waitFor(() => expect(connection.status().state).toBe('ready'), { timeout: 30_000 });
}

const eventCount = async () => {
  await f.server.engine.flushEvents();
  return f.server.database.transaction('read', async (sql) =>
    Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM kw_events'))[0]!.n),
  );
};

describe('the console’s connection to a Keyward server', () => {
  it('runs calls on the server’s engine, as the API key’s user', async () => {
    const connection = connectServer(f.server.url, f.apiKeys.manager);
    await ready(connection);
    expect(connection.identity()).toEqual({ userId: 'user-manager', name: 'Max Manager' });
    const key = await connection.api.createKey(manager, { name: 'over-http', extractable: false });
    // The server's own engine has it: the console's answers come from the server.
    const stored = await f.server.engine.getKeyMetadata(manager, key.id);
    expect(stored).toMatchObject({ id: key.id, name: 'over-http' });
    const listed = await connection.api.listKeys(manager, { search: 'over-http' });
    expect(listed.keys.map((k) => k.id)).toEqual([key.id]);
    // A skipped optional argument (undefined in the list) arrives as undefined.
    const versions = await connection.api.getKeyVersions(manager, key.id, undefined);
    expect(versions.total).toBe(1);
    // The event names the token's user.
    const events = await connection.api.listEvents(manager, { target: key.id });
    expect(events.events[0]?.initiator.id).toBe('user-manager');
    connection.fail(new Error('done'));
  });

  it('moves bytes both ways (object chunks)', async () => {
    const connection = connectServer(f.server.url, f.apiKeys.writer);
    await ready(connection);
    const session = await connection.api.getSession();
    const cos = {
      userId: 'user-writer',
      instanceId: session.instances.find((i) => i.kind === 'cos')!.id,
    };
    await connection.api.createBucket(cos, { name: 'wire-bytes' });
    const bytes = new Uint8Array(3000).map((_, i) => (i * 7) % 256);
    const ticket = await connection.api.beginUpload(cos, 'wire-bytes', 'blob.bin', {
      size: bytes.length,
    });
    await connection.api.putUploadChunk(cos, ticket.uploadId, 0, bytes.slice().buffer);
    await connection.api.completeUpload(cos, ticket.uploadId);
    const chunk = await connection.api.getObjectChunk(cos, 'wire-bytes', 'blob.bin', 0);
    expect(chunk).toBeInstanceOf(ArrayBuffer);
    expect(new Uint8Array(chunk)).toEqual(bytes);
    connection.fail(new Error('done'));
  });

  it('turns the engine’s errors into EngineError with status, code and message', async () => {
    const reader = connectServer(f.server.url, f.apiKeys.reader);
    await ready(reader);
    const readerCtx = { userId: 'user-reader', instanceId: f.instanceId };
    const missing = await reader.api
      .getKeyMetadata(readerCtx, 'no-such-key')
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(EngineError);
    expect(missing).toMatchObject({ status: 404, code: 'KEY_NOT_FOUND_ERR' });
    const denied = await reader.api
      .createKey(readerCtx, { name: 'not-mine', extractable: false })
      .catch((e: unknown) => e);
    expect(denied).toMatchObject({ status: 401, code: 'UNAUTHORIZED_ERR' });
    // Bad arguments: the engine's boundary names the field, as in the browser.
    const bad = await reader.api
      .listKeys(readerCtx, { limit: 'ten' } as never)
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400, code: 'INVALID_FIELD_ERR' });
    expect((bad as Error).message).toMatch(/limit/);
    reader.fail(new Error('done'));
  });

  it('never acts as another user than the token’s: 401 before the engine, nothing recorded', async () => {
    const writer = connectServer(f.server.url, f.apiKeys.writer);
    await ready(writer);
    const before = await eventCount();
    const asAdmin = { userId: 'user-admin', instanceId: f.instanceId };
    const refused = await writer.api
      .createKey(asAdmin, { name: 'impostor', extractable: false })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 401, code: 'UNAUTHORIZED_ERR' });
    expect((refused as Error).message).toMatch(/acts as user-writer; it cannot act as user-admin/);
    expect(await eventCount()).toBe(before);
    const keys = await f.server.engine.listKeys(manager, { search: 'impostor' });
    expect(keys.total).toBe(0);
    writer.fail(new Error('done'));
  });

  it('hears change notices made through another connection (server-sent events)', async () => {
    const watcher = connectServer(f.server.url, f.apiKeys.reader);
    const notices: ChangeNotice[] = [];
    watcher.onNotice((n) => notices.push(n));
    await ready(watcher);
    const actor = connectServer(f.server.url, f.apiKeys.manager);
    await ready(actor);
    // Give the watcher's stream a moment to open (a notice sent before is not replayed).
    await new Promise((r) => setTimeout(r, 300));
    const key = await actor.api.createKey(manager, { name: 'noticed', extractable: false });
    await vi.waitFor(
      () => expect(notices.some((n) => n.topic === 'keys' && n.keyId === key.id)).toBe(true),
      { timeout: 10_000 },
    );
    watcher.fail(new Error('done'));
    actor.fail(new Error('done'));
  });

  it('renews a token the server no longer accepts, once, and the call goes through', async () => {
    let forged = 0;
    const tampering: typeof fetch = (input, init) => {
      if (String(input).includes('/rpc/') && forged === 0) {
        forged++;
        return fetch(input, {
          ...init,
          headers: { ...(init?.headers as Record<string, string>), Authorization: 'Bearer forged' },
        });
      }
      return fetch(input, init);
    };
    const connection = connectServer(f.server.url, f.apiKeys.reader, { fetch: tampering });
    await ready(connection);
    const keys = await connection.api.listKeys({ userId: 'user-reader', instanceId: f.instanceId });
    expect(keys.total).toBeGreaterThanOrEqual(0);
    expect(forged).toBe(1);
    connection.fail(new Error('done'));
  });

  describe('says what failed', () => {
    let other: Server;
    let otherUrl: string;
    beforeAll(async () => {
      other = createServer((_, res) =>
        res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>no</h1>'),
      );
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => other.close(() => resolve())));

    const problem = (p: Promise<unknown>) =>
      p.then(
        () => 'connected',
        (e: unknown) => (e instanceof ServerConnectError ? e.problem : String(e)),
      );

    it('a wrong API key, no server, a server that is not Keyward', async () => {
      expect(await problem(probeServer(f.server.url, 'not-a-key'))).toBe('bad-key');
      expect(await problem(probeServer('http://127.0.0.1:9', f.apiKeys.admin))).toBe('unreachable');
      expect(await problem(probeServer(otherUrl, f.apiKeys.admin))).toBe('not-keyward');
      expect(await probeServer(f.server.url, f.apiKeys.admin)).toEqual({
        userId: 'user-admin',
        name: 'Ada Admin',
      });
      // A connection with a wrong key fails, and its calls say why.
      const wrong = connectServer(f.server.url, 'not-a-key');
      await vi.waitFor(() => expect(wrong.status().state).toBe('failed'));
      await expect(wrong.api.getSession()).rejects.toThrow(/refused the API key/);
    });

    it('checks the address before anything is sent', () => {
      expect(serverUrlProblem('')).toMatch(/Enter the server’s address/);
      expect(serverUrlProblem('127.0.0.1:8080')).toMatch(/http:\/\/ or https:\/\//);
      expect(serverUrlProblem('ftp://127.0.0.1')).toMatch(/must start with http/);
      expect(serverUrlProblem('http://kms.example.com')).toMatch(/Use https:\/\//);
      expect(serverUrlProblem('http://u:p@127.0.0.1:8080')).toMatch(/user name/);
      expect(serverUrlProblem('http://127.0.0.1:8080/?x=1')).toMatch(/query/);
      expect(serverUrlProblem('https://kms.example.com/keyward/')).toBeUndefined();
      expect(serverUrlProblem('http://localhost:8080')).toBeUndefined();
    });
  });
});
