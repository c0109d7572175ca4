/**
 * The encrypted backup through the engine (SPEC section 14): export, restore into an empty
 * profile (keys unwrap ciphertexts made before, buckets read their objects, provider-managed ones
 * too, the chain verifies, Hyper Protect units come back with empty registers), and every refusal
 * — wrong passphrase, each kind of damage, truncation, a newer version, not an Administrator —
 * leaving storage exactly as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../domain/api';
import type { Engine } from '../engine';
import { DEMO_USERS } from '../iam/bootstrap';
import { expectRefusal } from '../test/expect-refusal';
import { openHarness, type Harness, type Persona } from '../test/harness';
import { rawEvents } from '../test/raw-db';

const PASSPHRASE = 'correct horse battery staple';

let source: Harness;
let target: Harness;

beforeEach(async () => {
  source = await openHarness();
  target = await openHarness();
});
afterEach(async () => {
  await source.engine.close();
  await target.engine.close();
});

async function on(engine: Engine, persona: Persona, kind: 'kms' | 'cos' | 'hpcs' = 'kms') {
  const session = await engine.getSession();
  const instance = session.instances.find((i) => i.kind === kind);
  return { userId: DEMO_USERS[persona].id, instanceId: instance!.id } satisfies CallContext;
}

async function download(engine: Engine, ctx: CallContext, bucket: string, name: string) {
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
  await engine.completeUpload(ctx, ticket.uploadId);
}

/** The envelope scenario plus a provider-managed bucket and a wrapped ciphertext. */
async function populated(): Promise<{ file: ArrayBuffer; ciphertext: string; keyId: string }> {
  const e = source.engine;
  await e.loadScenario(source.as('admin'), 'cos-envelope');
  const writer = await on(e, 'writer', 'cos');
  await e.createBucket(writer, { name: 'plain-bucket' });
  await upload(e, writer, 'plain-bucket', 'readme.txt', 'provider-managed bytes');
  const reader = await on(e, 'reader');
  const [key] = (await e.listKeys(reader)).keys;
  const { ciphertext } = await e.wrap(reader, key!.id, { aad: ['backup-test'] });
  const file = await e.exportBackup(await on(e, 'admin'), { passphrase: PASSPHRASE });
  return { file, ciphertext, keyId: key!.id };
}

function withHeader(
  file: ArrayBuffer,
  edit: (header: Record<string, unknown>) => void,
): ArrayBuffer {
  const bytes = new Uint8Array(file);
  const end = bytes.indexOf(0x0a);
  const header = JSON.parse(new TextDecoder().decode(bytes.slice(0, end))) as Record<
    string,
    unknown
  >;
  edit(header);
  const head = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(head.length + bytes.length - end);
  out.set(head);
  out.set(bytes.slice(end), head.length);
  return out.buffer;
}

describe('backup round trip', () => {
  it('restores into an empty profile: keys unwrap, buckets read, the chain verifies', async () => {
    const { file, ciphertext, keyId } = await populated();
    const header = new TextDecoder().decode(new Uint8Array(file).slice(0, 400));
    expect(header).toMatch(/"iterations":600000/);
    // No key material in the clear in the file.
    expect(new TextDecoder().decode(new Uint8Array(file))).not.toMatch(/cos-root-key/);

    const summary = await target.engine.restoreBackup(target.as('admin'), {
      file,
      passphrase: PASSPHRASE,
    });
    expect(summary).toMatchObject({ keys: 1, buckets: 2, objects: 4 });
    expect(summary.notes.join(' ')).toMatch(/signing key/);
    const e = target.engine;
    const reader = await on(e, 'reader');
    const unwrapped = await e.unwrap(reader, keyId, { ciphertext, aad: ['backup-test'] });
    expect(unwrapped.plaintext).toBeTruthy();
    const cosReader = await on(e, 'reader', 'cos');
    expect(await download(e, cosReader, 'customer-records', 'customers.csv')).toContain('Ada');
    expect(await download(e, cosReader, 'plain-bucket', 'readme.txt')).toBe(
      'provider-managed bytes',
    );
    expect((await e.verifyEvents(reader)).ok).toBe(true);
    await e.flushEvents();
    const events = await rawEvents(target);
    const at = events.findIndex((ev) => ev.action === 'keyward.backup.restore');
    // The restore is recorded as the next link of the backup's own chain.
    expect(events[at]).toMatchObject({ outcome: 'success', prevHash: events[at - 1]!.hash });
    expect(events[0]).toMatchObject({ action: 'keyward.scenario.load' });
    // A digest signed by the new key verifies.
    const digest = await e.getEventsDigest(reader);
    expect((await e.verifyEvents(reader, [digest])).ok).toBe(true);
    // New keys and objects work as before.
    const manager = await on(e, 'manager');
    await e.createKey(manager, { name: 'after restore', extractable: false });
    await upload(e, await on(e, 'writer', 'cos'), 'customer-records', 'new.txt', 'new');
  });

  it('export and restore report their progress: rising shares from 0 to 1', async () => {
    // The boundary refuses a listener that is not a function.
    await expectRefusal(
      target,
      () =>
        target.engine.exportBackup(
          target.as('admin'),
          { passphrase: PASSPHRASE },
          'call me' as unknown as () => void,
        ),
      400,
      'INVALID_FIELD_ERR',
    );
    await source.engine.loadScenario(source.as('admin'), 'cos-envelope');
    const exported: number[] = [];
    const file = await source.engine.exportBackup(
      await on(source.engine, 'admin'),
      { passphrase: PASSPHRASE },
      (share) => exported.push(share),
    );
    const restored: number[] = [];
    // A listener that fails (a page gone away) stops nothing.
    await target.engine.restoreBackup(target.as('admin'), { file, passphrase: PASSPHRASE }, (s) => {
      restored.push(s);
      throw new Error('the page went away');
    });
    for (const shares of [exported, restored]) {
      expect(shares[0]).toBe(0);
      expect(shares.at(-1)).toBe(1);
      expect(shares.length).toBeGreaterThan(3);
      expect(shares).toEqual([...shares].sort((a, b) => a - b));
      expect(new Set(shares).size).toBe(shares.length);
    }
  });

  it('Hyper Protect units come back with empty registers; administrators and thresholds stay', async () => {
    await source.engine.loadScenario(source.as('admin'), 'hpcs');
    const file = await source.engine.exportBackup(await on(source.engine, 'admin'), {
      passphrase: PASSPHRASE,
    });
    await target.engine.restoreBackup(target.as('admin'), { file, passphrase: PASSPHRASE });
    const state = await target.engine.getHpcsState(await on(target.engine, 'manager', 'hpcs'));
    expect(state.admins).toHaveLength(2);
    expect(state).toMatchObject({ signatureThreshold: 1 });
  });
});

describe('refused backups change nothing', () => {
  let file: ArrayBuffer;
  beforeEach(async () => {
    ({ file } = await populated());
  });
  const restore = (f: ArrayBuffer, passphrase = PASSPHRASE, persona: Persona = 'admin') =>
    target.engine.restoreBackup(target.as(persona), { file: f, passphrase });

  it('a wrong passphrase', async () => {
    const error = await expectRefusal(
      target,
      () => restore(file, 'not the passphrase'),
      400,
      'BACKUP_PASSPHRASE_ERR',
    );
    expect(error.message).toMatch(/passphrase/);
  });

  it('a damaged body, an altered header, a file that is no backup', async () => {
    const body = new Uint8Array(file.slice(0));
    body[body.length - 40]! ^= 0x01;
    await expectRefusal(target, () => restore(body.buffer), 400, 'BACKUP_DAMAGED_ERR');
    const header = withHeader(file, (h) => {
      h.createdAt = '2020-01-01T00:00:00.000Z';
    });
    await expectRefusal(target, () => restore(header), 400, 'BACKUP_DAMAGED_ERR');
    const junk = new TextEncoder().encode('PK\u0003\u0004 not a backup at all').buffer;
    await expectRefusal(target, () => restore(junk), 400, 'BACKUP_DAMAGED_ERR');
    const extra = new Uint8Array(file.byteLength + 3);
    extra.set(new Uint8Array(file));
    await expectRefusal(target, () => restore(extra.buffer), 400, 'BACKUP_DAMAGED_ERR');
  });

  it('a truncated file, cut in the body or in the header', async () => {
    await expectRefusal(
      target,
      () => restore(file.slice(0, file.byteLength - 100)),
      400,
      'BACKUP_TRUNCATED_ERR',
    );
    await expectRefusal(target, () => restore(file.slice(0, 60)), 400, 'BACKUP_TRUNCATED_ERR');
  });

  it('a file from a newer format version', async () => {
    const newer = withHeader(file, (h) => {
      h.version = 2;
    });
    const error = await expectRefusal(target, () => restore(newer), 400, 'BACKUP_VERSION_ERR');
    expect(error.message).toMatch(/newer Keyward/);
  });

  it('not an Administrator: neither export nor restore', async () => {
    await expectRefusal(
      target,
      () => restore(file, PASSPHRASE, 'manager'),
      401,
      'UNAUTHORIZED_ERR',
    );
    await expectRefusal(
      target,
      () => target.engine.exportBackup(target.as('manager'), { passphrase: PASSPHRASE }),
      401,
      'UNAUTHORIZED_ERR',
    );
    await expectRefusal(
      target,
      () => target.engine.exportBackup(target.as('admin'), { passphrase: 'short' }),
      400,
      'INVALID_FIELD_ERR',
    );
  });
});
