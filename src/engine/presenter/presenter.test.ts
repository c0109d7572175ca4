/**
 * The presenter kit and backup through the engine (issue 12): scenarios' state and events,
 * checkpoints that restore the account byte for byte, reset, walkthroughs ticked off by events
 * from another tab, the backup round trip into an empty profile, and every refusal (wrong
 * passphrase, damage, truncation, newer version, not an Administrator) leaving storage as it was.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallContext } from '../../domain/api';
import type { AuditEvent } from '../../domain/types';
import type { Engine } from '../engine';
import { DEMO_USERS } from '../iam/bootstrap';
import { expectError } from '../test/expect-error';
import { expectRefusal } from '../test/expect-refusal';
import { expectUnchanged } from '../test/expect-unchanged';
import { StoreTx } from '../store/store-tx';
import { openHarness, type Harness, type Persona } from '../test/harness';
import { rawEvents, snapshot } from '../test/raw-db';

let h: Harness;

beforeEach(async () => {
  h = await openHarness({ linked: true });
  h.engine.scenarioOptions = { keyCount: 30 };
});
afterEach(async () => {
  await h.engine.close();
});

/** A persona's context on the account's instance of `kind` (ids change with a reset). */
async function on(
  engine: Engine,
  persona: Persona,
  kind: 'kms' | 'cos' | 'hpcs' = 'kms',
): Promise<CallContext> {
  const session = await engine.getSession();
  const instance = session.instances.find((i) => i.kind === kind);
  return { userId: DEMO_USERS[persona].id, instanceId: instance!.id };
}

async function download(
  engine: Engine,
  ctx: CallContext,
  bucket: string,
  name: string,
): Promise<string> {
  const head = await engine.headObject(ctx, bucket, name);
  const out = new Uint8Array(head.size);
  for (let i = 0; i < head.chunkCount; i++)
    out.set(new Uint8Array(await engine.getObjectChunk(ctx, bucket, name, i)), i * head.chunkSize);
  return new TextDecoder().decode(out);
}

async function upload(
  engine: Engine,
  ctx: CallContext,
  bucket: string,
  name: string,
  text: string,
) {
  const data = new TextEncoder().encode(text);
  const ticket = await engine.beginUpload(ctx, bucket, name, { size: data.length });
  await engine.putUploadChunk(ctx, ticket.uploadId, 0, data.buffer);
  return engine.completeUpload(ctx, ticket.uploadId);
}

const accountStores = (snap: Awaited<ReturnType<typeof snapshot>>) => {
  const { checkpoints: _c, checkpointData: _d, ...rest } = snap;
  void _c;
  void _d;
  return rest;
};

describe('scenarios', () => {
  it('Envelope encryption for Cloud Object Storage: authorization, aliased root key, bucket with objects, real events', async () => {
    const result = await h.engine.loadScenario(h.as('admin'), 'cos-envelope');
    expect(result.summary).toMatchObject({ keys: 1, buckets: 1, objects: 3 });
    const reader = await on(h.engine, 'reader');
    const { keys } = await h.engine.listKeys(reader);
    expect(keys[0]).toMatchObject({ name: 'cos-root-key', aliases: ['cos-bucket-key'] });
    const cosReader = await on(h.engine, 'reader', 'cos');
    expect(await download(h.engine, cosReader, 'customer-records', 'customers.csv')).toContain(
      'Ada',
    );
    await h.engine.flushEvents();
    const events = await rawEvents(h);
    // A fresh chain: the load first, then the seeding calls, then the walkthrough's start.
    expect(events[0]).toMatchObject({ seq: 1, action: 'keyward.scenario.load' });
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'iam.authorization.create',
        'kms.secrets.create',
        'cloud-object-storage.bucket.create',
        'cloud-object-storage.object.create',
        'keyward.walkthrough.start',
      ]),
    );
    expect((await h.engine.verifyEvents(reader)).ok).toBe(true);
  });

  it('Bring your own key: an import token and a key imported under it', async () => {
    await h.engine.loadScenario(h.as('admin'), 'byok');
    const writer = await on(h.engine, 'writer');
    const { keys } = await h.engine.listKeys(writer);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({
      name: 'imported-root-key',
      imported: true,
      extractable: false,
    });
    expect(await h.engine.getImportToken(writer)).toHaveProperty('payload');
  });

  it('Dual authorization: a key waiting for a second Manager', async () => {
    await h.engine.loadScenario(h.as('admin'), 'dual-authorization');
    const manager = await on(h.engine, 'manager');
    const [key] = (await h.engine.listKeys(manager)).keys;
    expect(key?.dualAuthDelete).toMatchObject({ enabled: true, keySetForDeletion: true });
    const session = await h.engine.getSession();
    const mia = session.users.find((u) => u.name === 'Mia Manager')!;
    await expectError(h.engine.deleteKey(manager, key!.id), 409, 'AUTHORIZATIONS_NOT_MET');
    const deleted = await h.engine.deleteKey({ ...manager, userId: mia.id }, key!.id);
    expect(deleted.state).toBe(5);
  });

  it('Keep your own key with Hyper Protect: administrators and thresholds set, no master key yet', async () => {
    const result = await h.engine.loadScenario(h.as('admin'), 'hpcs');
    expect(result.files).toHaveLength(2);
    const state = await h.engine.getHpcsState(await on(h.engine, 'manager', 'hpcs'));
    expect(state.admins).toHaveLength(2);
    expect(state).toMatchObject({ signatureThreshold: 1, revocationThreshold: 1 });
    await expectError(
      h.engine.createKey(await on(h.engine, 'manager', 'hpcs'), {
        name: 'too early',
        extractable: false,
      }),
      409,
      'MASTER_KEY_NOT_LOADED_ERR',
    );
  });

  it('An auditor’s week: a week of activity with refusals, spread over engine time', async () => {
    const before = Date.parse((await h.engine.getSession()).now);
    await h.engine.loadScenario(h.as('admin'), 'auditor-week');
    const after = Date.parse((await h.engine.getSession()).now);
    expect(after - before).toBeGreaterThan(6 * 86_400_000);
    await h.engine.flushEvents();
    const events = await rawEvents(h);
    expect(events.filter((e) => e.outcome === 'failure').length).toBeGreaterThanOrEqual(14);
    const days = new Set(events.map((e) => e.time.slice(0, 10)));
    expect(days.size).toBeGreaterThanOrEqual(7);
    expect((await h.engine.verifyEvents(await on(h.engine, 'reader'))).ok).toBe(true);
  });

  it('10,000 keys (seeded fewer here) through the engine’s own key creation', async () => {
    const result = await h.engine.loadScenario(h.as('admin'), 'ten-thousand-keys');
    expect(result.summary.keys).toBe(30);
    await h.engine.flushEvents();
    const creates = (await rawEvents(h)).filter((e) => e.action === 'kms.secrets.create');
    expect(creates).toHaveLength(30);
  });

  it('only an Administrator loads a scenario; the refusal changes nothing', async () => {
    await expectRefusal(
      h,
      () => h.engine.loadScenario(h.as('manager'), 'cos-envelope'),
      401,
      'UNAUTHORIZED_ERR',
    );
  });
});

describe('checkpoints and reset', () => {
  it('a checkpoint restores every store byte for byte but for the restore’s own event', async () => {
    await h.engine.loadScenario(h.as('admin'), 'cos-envelope');
    const reader = await on(h.engine, 'reader');
    const [key] = (await h.engine.listKeys(reader)).keys;
    const wrapped = await h.engine.wrap(reader, key!.id);
    await h.engine.flushEvents();
    const before = accountStores(await snapshot(h));
    const admin = await on(h.engine, 'admin');
    const checkpoint = await h.engine.saveCheckpoint(admin, { name: 'Before the delete' });
    expect(checkpoint.summary).toMatchObject({ keys: 1, buckets: 1, objects: 3 });

    // Delete the key: the bucket's objects are shredded.
    const manager = await on(h.engine, 'manager');
    await h.engine.deleteKey(manager, key!.id, { force: true });
    const cosReader = await on(h.engine, 'reader', 'cos');
    const shredded = await expectError(
      download(h.engine, cosReader, 'customer-records', 'customers.csv'),
      409,
      'KEY_ACTION_INVALID_STATE_ERR',
    );
    expect(shredded.message).toMatch(/shredded/);

    const restored = await h.engine.restoreCheckpoint(admin, checkpoint.id);
    expect(restored).toMatchObject({ keys: 1, objects: 3 });
    await h.engine.flushEvents();
    const after = accountStores(await snapshot(h));
    for (const name of Object.keys(before) as (keyof typeof before)[]) {
      if (name === 'events' || name === 'meta') continue;
      expect([name, after[name]]).toEqual([name, before[name]]);
    }
    const withoutHead = (s: typeof before) =>
      s.meta.keys.map((k, i) => [k, s.meta.values[i]]).filter(([k]) => k !== 'auditHead');
    expect(withoutHead(after)).toEqual(withoutHead(before));
    const was = before.events.values as AuditEvent[];
    const now = after.events.values as AuditEvent[];
    expect(now.slice(0, was.length)).toEqual(was);
    expect(now.slice(was.length)).toMatchObject([
      { action: 'keyward.checkpoint.restore', outcome: 'success', prevHash: was.at(-1)!.hash },
    ]);
    expect((await h.engine.verifyEvents(reader)).ok).toBe(true);

    // The objects read again, and a ciphertext made before the checkpoint unwraps.
    expect(await download(h.engine, cosReader, 'customer-records', 'customers.csv')).toContain(
      'Ada',
    );
    await h.engine.unwrap(reader, key!.id, { ciphertext: wrapped.ciphertext });
  });

  it('another tab sees the restored account without reload', async () => {
    await h.engine.loadScenario(h.as('admin'), 'cos-envelope');
    const admin = await on(h.engine, 'admin');
    const checkpoint = await h.engine.saveCheckpoint(admin, { name: 'one key' });
    const tab = await h.openTab();
    const manager = await on(tab, 'manager');
    await tab.createKey(manager, { name: 'second key', extractable: false });
    await h.settle();
    expect((await h.engine.listKeys(manager)).keys).toHaveLength(2);
    await h.engine.restoreCheckpoint(admin, checkpoint.id);
    await h.settle();
    expect((await tab.listKeys(manager)).keys).toHaveLength(1);
    await tab.close();
  });

  it('lists and deletes checkpoints; a missing one is 404', async () => {
    const admin = h.as('admin');
    const a = await h.engine.saveCheckpoint(admin, { name: 'first' });
    h.clock.advance(1000);
    await h.engine.saveCheckpoint(admin, { name: 'second' });
    const list = await h.engine.listCheckpoints(admin);
    expect(list.checkpoints.map((c) => c.name)).toEqual(['second', 'first']);
    await h.engine.deleteCheckpoint(admin, a.id);
    expect((await h.engine.listCheckpoints(admin)).total).toBe(1);
    await expectRefusal(
      h,
      () => h.engine.restoreCheckpoint(admin, a.id),
      404,
      'CHECKPOINT_NOT_FOUND_ERR',
    );
    await expectRefusal(
      h,
      () => h.engine.saveCheckpoint(h.as('manager'), { name: 'mine' }),
      401,
      'UNAUTHORIZED_ERR',
    );
  });

  it('a restore that fails midway leaves storage as it was (one transaction)', async () => {
    const admin = h.as('admin');
    const checkpoint = await h.engine.saveCheckpoint(admin, { name: 'no keys' });
    const manager = h.as('manager');
    for (const name of ['one', 'two', 'three'])
      await h.engine.createKey(manager, { name, extractable: false });
    // The writes of the stores before it are issued (meta's among them), then clearing the
    // keys fails.
    const real = StoreTx.prototype.clearStore;
    const clear = vi.spyOn(StoreTx.prototype, 'clearStore').mockImplementation(async function (
      this: InstanceType<typeof StoreTx>,
      name,
    ) {
      await real.call(this, name);
      if (name === 'keys') throw new Error('the disk went away');
    });
    const loads = vi.spyOn(StoreTx.prototype, 'loadStore');
    const deletes = vi.spyOn(StoreTx.prototype, 'deleteFromStore');
    await h.engine.flushEvents();
    const before = await snapshot(h);
    await expectError(h.engine.restoreCheckpoint(admin, checkpoint.id), 500, 'INTERNAL_ERR');
    const written = [...loads.mock.calls, ...deletes.mock.calls].map(([name]) => name);
    expect(written).toContain('meta');
    clear.mockRestore();
    loads.mockRestore();
    deletes.mockRestore();
    await expectUnchanged(h, before, 'INTERNAL_ERR');
    expect((await h.engine.listKeys(manager)).total).toBe(3);
    // Restored for real, the keys made since are gone.
    await h.engine.restoreCheckpoint(admin, checkpoint.id);
    expect((await h.engine.listKeys(manager)).total).toBe(0);
  });

  it('a restore never sets the demo clock back', async () => {
    const admin = h.as('admin');
    const checkpoint = await h.engine.saveCheckpoint(admin, { name: 'early' });
    await h.engine.advanceTime(admin, 86_400_000);
    const offset = (await h.engine.getSession()).clockOffsetMs;
    await h.engine.restoreCheckpoint(admin, checkpoint.id);
    expect((await h.engine.getSession()).clockOffsetMs).toBe(offset);
  });

  it('reset makes a fresh demo account, recorded, and keeps checkpoints', async () => {
    await expectRefusal(h, () => h.engine.resetAccount(h.as('writer')), 401, 'UNAUTHORIZED_ERR');
    await h.engine.loadScenario(h.as('admin'), 'cos-envelope');
    const admin = await on(h.engine, 'admin');
    await h.engine.saveCheckpoint(admin, { name: 'kept' });
    const summary = await h.engine.resetAccount(admin);
    expect(summary).toMatchObject({ keys: 0, buckets: 0, objects: 0 });
    await h.engine.flushEvents();
    const events = await rawEvents(h);
    expect(events[0]).toMatchObject({
      seq: 1,
      action: 'keyward.account.reset',
      outcome: 'success',
    });
    const fresh = await on(h.engine, 'admin');
    expect((await h.engine.listCheckpoints(fresh)).total).toBe(1);
    expect((await h.engine.listKeys(await on(h.engine, 'reader'))).keys).toHaveLength(0);
  });
});

describe('walkthroughs', () => {
  it('steps tick off from events recorded in another tab, and progress survives a reload', async () => {
    await h.engine.loadScenario(h.as('admin'), 'cos-envelope');
    const admin = await on(h.engine, 'admin');
    const first = await h.engine.getWalkthrough(admin);
    expect(first.walkthrough?.steps.map((s) => s.done)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(first.walkthrough?.steps[0]?.href).toBe('/buckets/customer-records');

    // Another tab, another user: an upload completes the first step.
    const tab = await h.openTab();
    await upload(tab, await on(tab, 'writer', 'cos'), 'customer-records', 'note.txt', 'hello');
    const manager = await on(tab, 'manager');
    const [key] = (await tab.listKeys(manager)).keys;
    await tab.rotate(manager, key!.id);
    await tab.close();
    await h.settle();
    const second = await h.engine.getWalkthrough(admin);
    expect(second.walkthrough?.steps.map((s) => s.done)).toEqual([true, true, false, false, false]);
    expect(second.walkthrough?.steps[0]?.doneBy?.initiator).toBe('Wren Writer');

    // A reload: a new engine on the same database reads the same progress.
    const reloaded = await h.openTab();
    const third = await reloaded.getWalkthrough(await on(reloaded, 'reader'));
    expect(third.walkthrough?.steps.map((s) => s.done)).toEqual([true, true, false, false, false]);
    await reloaded.close();

    // A restart counts from now on.
    const restarted = await h.engine.startWalkthrough(admin, 'cos-envelope');
    expect(restarted.steps.every((s) => !s.done)).toBe(true);
    expect(restarted.steps[1]?.href).toBe(`/keys/${key!.id}`);
    await h.engine.endWalkthrough(admin);
    expect(await h.engine.getWalkthrough(admin)).toEqual({});
  });

  it('a refused call does not complete a step', async () => {
    await h.engine.loadScenario(h.as('admin'), 'cos-envelope');
    const reader = await on(h.engine, 'reader');
    const [key] = (await h.engine.listKeys(reader)).keys;
    await expectError(h.engine.rotate(reader, key!.id), 401, 'UNAUTHORIZED_ERR');
    const state = await h.engine.getWalkthrough(reader);
    expect(state.walkthrough?.steps[1]?.done).toBe(false);
  });
});
