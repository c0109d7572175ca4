/**
 * The worker boundary in Node: a real engine exposed as the worker exposes it (worker/expose-engine)
 * on one port of a MessageChannel, the console's connection (client/engine-connection) on the
 * other, comlink and the batching endpoint between them. What crosses must arrive as the console
 * relies on: error data as `EngineError` with status, code and reasons; ArrayBuffers moved by
 * transfer (detached where they were sent); change notices; and whether the engine runs.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { connectEngine, EngineUnavailableError } from '../client/engine-connection';
import { EngineError } from '../domain/errors';
import type { ChangeNotice } from '../domain/notices';
import type { MessageEndpoint } from '../domain/rpc-batching';
import type { Engine } from '../engine/engine';
import { openHarness, type Harness } from '../engine/test/harness';
import { exposeEngine } from '../worker/expose-engine';

const opened: { ports: MessagePort[]; engines: Promise<Engine>[] } = { ports: [], engines: [] };

afterEach(async () => {
  for (const port of opened.ports) port.close();
  for (const engine of opened.engines) await engine.then((e) => e.close()).catch(() => undefined);
  opened.ports = [];
  opened.engines = [];
});

/** Node's MessagePort as the DOM endpoint comlink and the batching endpoint expect. */
function endpoint(port: MessagePort): MessageEndpoint {
  port.start();
  opened.ports.push(port);
  return port as unknown as MessageEndpoint;
}

async function boundary() {
  const { port1, port2 } = new MessageChannel();
  let harness: Harness | undefined;
  const engine = exposeEngine(endpoint(port2), async (onChange) => {
    harness = await openHarness({ onChange });
    return harness.engine;
  });
  opened.engines.push(engine);
  const connection = connectEngine(endpoint(port1));
  await engine;
  if (!harness) throw new Error('the engine did not open');
  return { connection, api: connection.api, h: harness };
}

describe('the worker boundary (comlink over a MessageChannel)', () => {
  it('says the engine started', async () => {
    const { connection, api } = await boundary();
    await api.getSession();
    expect(connection.status()).toEqual({ state: 'ready' });
  });

  it('turns error data back into EngineError, with status, code and reasons', async () => {
    const { api, h } = await boundary();
    const error = await api
      .addUser(h.as('admin'), { name: 'Second Ada', email: 'ada.admin@keyward.example' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({
      status: 409,
      code: 'USER_EXISTS_ERR',
      reasons: ['user-admin'],
    });
    expect((error as EngineError).message).toContain('ada.admin@keyward.example');
  });

  it('moves chunks by transfer both ways: the sent buffer is detached, the bytes arrive', async () => {
    const { api, h } = await boundary();
    const cos = (await api.getSession()).instances.find((i) => i.kind === 'cos');
    if (!cos) throw new Error('no cos instance');
    const writer = { userId: h.as('writer').userId, instanceId: cos.id };
    await api.createBucket(writer, { name: 'transfer-test' });
    const bytes = new Uint8Array(1000).map((_, i) => i % 251);
    const ticket = await api.beginUpload(writer, 'transfer-test', 'one.bin', {
      size: bytes.byteLength,
    });
    const sent = bytes.slice().buffer;
    await api.putUploadChunk(writer, ticket.uploadId, 0, sent);
    expect(sent.byteLength).toBe(0);
    await api.completeUpload(writer, ticket.uploadId);

    const received = await api.getObjectChunk(writer, 'transfer-test', 'one.bin', 0);
    expect(received).toBeInstanceOf(ArrayBuffer);
    expect(new Uint8Array(received)).toEqual(bytes);
  });

  it('passes on change notices, the engine’s own', async () => {
    const { connection, api, h } = await boundary();
    const notices: ChangeNotice[] = [];
    connection.onNotice((n) => notices.push(n));
    const key = await api.createKey(h.as('writer'), { name: 'noticed', extractable: false });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(notices).toContainEqual({ topic: 'keys', instanceId: h.instanceId, keyId: key.id });
  });

  it('an engine that cannot open fails every call with EngineUnavailableError, not a wait', async () => {
    const { port1, port2 } = new MessageChannel();
    const engine = exposeEngine(endpoint(port2), () =>
      Promise.reject(new Error('IndexedDB is not available')),
    );
    engine.catch(() => undefined);
    const connection = connectEngine(endpoint(port1));
    const error = await connection.api.getSession().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect(connection.status()).toMatchObject({ state: 'failed' });
    expect(String((error as Error).message)).toContain('IndexedDB is not available');
  });

  it('an engine that never starts, or stops answering, fails pending calls', async () => {
    // Nothing answers on the other port: no "started", no pongs.
    const silent = new MessageChannel();
    endpoint(silent.port2);
    const never = connectEngine(endpoint(silent.port1), { startTimeoutMs: 50 });
    await expect(never.api.getSession()).rejects.toBeInstanceOf(EngineUnavailableError);

    // It said it started, then went quiet: pending calls fail after the liveness period.
    const quiet = new MessageChannel();
    endpoint(quiet.port2).postMessage({ keywardEngine: 'ready' });
    const stopped = connectEngine(endpoint(quiet.port1), { livenessMs: 60 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stopped.status()).toEqual({ state: 'ready' });
    const error = await stopped.api.getSession().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect((error as Error).message).toContain('stopped responding');
  });
});
