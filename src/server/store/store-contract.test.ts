/**
 * The store contract: what every `Store`/`StoreTx` implementation must do, run against
 * IndexedDB (fake-indexeddb), PGlite and — when KEYWARD_TEST_DATABASE_URL is set — a real
 * PostgreSQL. Then the engine itself over each store: keys, wraps, and a verifying audit chain.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aesGcmDecrypt, aesGcmEncrypt, generateAesKey } from '../../engine/crypto/aes-gcm';
import { Engine } from '../../engine/engine';
import { DEMO_USERS } from '../../engine/iam/bootstrap';
import type { AuditEvent, KeyRecord } from '../../engine/store/records';
import type { StoreTx } from '../../engine/store/store-tx';
import { STORE_KINDS, type OpenedStore } from '../test/stores';

function keyRecord(id: string, extra: Partial<KeyRecord> = {}): KeyRecord {
  return {
    id,
    instanceId: 'inst-1',
    name: `key ${id}`,
    keyRingID: 'default',
    ...extra,
  } as unknown as KeyRecord;
}

function event(seq: number, keyId?: string): AuditEvent {
  return {
    seq,
    id: `e${seq}`,
    time: new Date(seq * 1000).toISOString(),
    action: 'kms.secrets.read',
    initiator: { id: 'u', name: 'U', roles: [] },
    target: { crn: 'crn', ...(keyId ? { keyId } : {}) },
    outcome: 'success',
    correlationId: 'c',
    prevHash: 'p',
    hash: `h${seq}`,
  };
}

// Starting PGlite compiles its WebAssembly (seconds on a loaded machine); each query is a few ms.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

for (const kind of STORE_KINDS) {
  describe.skipIf(!kind.available)(`store contract: ${kind.name}`, () => {
    let opened: OpenedStore | undefined;
    const open = async () => (opened = await kind.open());
    afterEach(async () => {
      await opened?.close();
      opened = undefined;
    });

    it('keeps records, bytes and absent fields as written', async () => {
      const { store } = await open();
      const material = new Uint8Array(randomBytes(32));
      await store.write(async (tx) => {
        await tx.putKey(keyRecord('k1', { description: undefined } as Partial<KeyRecord>));
        await tx.putVersion({ keyId: 'k1', number: 1, id: 'v1', material } as never);
        await tx.putMeta('clockOffsetMs', 42);
      });
      const [key, version, offset, missing] = await store.read(async (tx) => [
        await tx.getKey('k1'),
        await tx.getVersion('k1', 1),
        await tx.getMeta('clockOffsetMs'),
        await tx.getKey('nope'),
      ]);
      expect(key).toEqual(keyRecord('k1'));
      // Structured clone keeps an undefined member; so does the SQL store.
      expect(key && 'description' in key).toBe(true);
      const stored = (version as unknown as { material: Uint8Array }).material;
      expect(stored).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(stored).equals(Buffer.from(material))).toBe(true);
      expect(offset).toBe(42);
      expect(missing).toBeUndefined();
    });

    it('keeps a non-extractable CryptoKey usable, and another opening reads it', async () => {
      const o = await open();
      const key = await generateAesKey(false);
      const iv = new Uint8Array(12);
      const aad = new Uint8Array(0);
      const cipher = await aesGcmEncrypt(key, iv, new Uint8Array([7]), aad);
      await o.store.write((tx) => tx.putMasterKey({ instanceId: 'i', key } as never));
      const other = await o.reopen!();
      const back = await other.read((tx) => tx.getMasterKey('i'));
      const restored = (back as unknown as { key: CryptoKey }).key;
      expect(restored.extractable).toBe(false);
      expect(restored.usages.sort()).toEqual(['decrypt', 'encrypt']);
      const plain = await aesGcmDecrypt(restored, iv, cipher, aad);
      expect([...(plain ?? [])]).toEqual([7]);
      await other.close();
    });

    it('answers index queries as IndexedDB does: only records with the field, in key order', async () => {
      const { store } = await open();
      await store.write(async (tx) => {
        await tx.putKey(
          keyRecord('b', { autoPurgeAt: 300, rotationDueAt: 50 } as Partial<KeyRecord>),
        );
        await tx.putKey(keyRecord('a', { autoPurgeAt: 100 } as Partial<KeyRecord>));
        await tx.putKey(keyRecord('c', { keyRingID: 'ring2' } as Partial<KeyRecord>));
        await tx.putKey(keyRecord('d', { instanceId: 'inst-2' } as Partial<KeyRecord>));
      });
      await store.read(async (tx) => {
        expect((await tx.keysDueForPurge(200)).map((k) => k.id)).toEqual(['a']);
        expect((await tx.keysDueForPurge(1000)).map((k) => k.id)).toEqual(['a', 'b']);
        expect(await tx.nextAutoPurgeAt()).toBe(100);
        expect(await tx.nextRotationDueAt()).toBe(50);
        expect((await tx.keysDueForRotation(49)).length).toBe(0);
        expect((await tx.keysOfInstance('inst-1')).map((k) => k.id)).toEqual(['a', 'b', 'c']);
        expect((await tx.keysOfRing('inst-1', 'default')).map((k) => k.id)).toEqual(['a', 'b']);
        expect((await tx.keysOfRing('inst-1', 'ring2')).map((k) => k.id)).toEqual(['c']);
      });
      await store.write(async (tx) => {
        await tx.putKey(keyRecord('a'));
      });
      expect(await store.read((tx) => tx.nextAutoPurgeAt())).toBe(300);
    });

    it('deletes by key prefix only what belongs to that key', async () => {
      const { store } = await open();
      await store.write(async (tx) => {
        for (const keyId of ['k1', 'k2'])
          for (const number of [1, 2, 3])
            await tx.putVersion({ keyId, number, id: `${keyId}-${number}` } as never);
        await tx.putRegistration({ keyId: 'k1', resourceCrn: 'crn:a' } as never);
        await tx.putRegistration({ keyId: 'k2', resourceCrn: 'crn:b' } as never);
        await tx.putAlias({ instanceId: 'i1', alias: 'x', keyId: 'k1' } as never);
        await tx.putAlias({ instanceId: 'i2', alias: 'x', keyId: 'k2' } as never);
      });
      await store.write(async (tx) => {
        await tx.deleteVersionsOfKey('k1');
        await tx.deleteRegistrationsOfKey('k1');
        await tx.deleteAliasesOfInstance('i1');
      });
      await store.read(async (tx) => {
        expect(await tx.versionsOfKey('k1')).toEqual([]);
        expect((await tx.versionsOfKey('k2')).map((v) => v.number)).toEqual([1, 2, 3]);
        expect(await tx.registrationsOfKey('k1')).toEqual([]);
        expect((await tx.listRegistrations()).length).toBe(1);
        expect(await tx.countAliases('i1')).toBe(0);
        expect(await tx.countAliases('i2')).toBe(1);
      });
    });

    it('visits events in chain order, newest first, after a seq, and stops when asked', async () => {
      const { store } = await open();
      const total = 1_203; // more than one batch of the SQL store
      // Written as flushes of 7 events: a flush straddles the seq that eachEventAfter starts at.
      await store.write(async (tx) => {
        for (let first = 1; first <= total; first += 7) {
          const flush: AuditEvent[] = [];
          for (let seq = first; seq < first + 7 && seq <= total; seq++)
            flush.push(event(seq, seq % 2 ? 'k1' : seq % 3 ? 'k2' : undefined));
          await tx.putEvents(flush);
        }
      });
      await store.read(async (tx) => {
        expect(await tx.countEvents()).toBe(total);
        expect((await tx.lastEvent())?.seq).toBe(total);
        const seen: number[] = [];
        await tx.eachEvent((e) => (seen.push(e.seq), true));
        expect(seen).toEqual(Array.from({ length: total }, (_, i) => i + 1));
        const newest: number[] = [];
        await tx.eachEvent((e) => (newest.push(e.seq), newest.length < 3), true);
        expect(newest).toEqual([total, total - 1, total - 2]);
        const after: number[] = [];
        await tx.eachEventAfter(1_200, (e) => after.push(e.seq));
        expect(after).toEqual([1_201, 1_202, 1_203]);
        const ofK1 = (await tx.eventsOfKey('k1')).map((e) => e.seq);
        expect(ofK1).toEqual(Array.from({ length: 602 }, (_, i) => 2 * i + 1));
        const ofK2 = await tx.eventsOfKey('k2');
        expect(ofK2.every((e) => e.target.keyId === 'k2')).toBe(true);
        expect(ofK2.map((e) => e.seq)).toEqual(
          Array.from({ length: total }, (_, i) => i + 1).filter((s) => s % 2 === 0 && s % 3 !== 0),
        );
        const early: number[] = [];
        await tx.eachEvent((e) => (early.push(e.seq), e.seq < 10));
        expect(early).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      });
    });

    it('keeps undelivered key notices in the order written, until deleted (the outbox)', async () => {
      const { store } = await open();
      const notice = (id: string) =>
        ({
          id,
          createdAt: 1,
          change: 'rotated',
          keyId: 'k1',
          keyCrn: 'crn:k1',
          keyName: 'k',
          keyInstanceId: 'i',
          keyVersionId: 'v2',
          resourceCrns: ['crn:b'],
          correlationId: 'c',
        }) as const;
      await store.write(async (tx) => {
        await tx.putKeyNotice({ ...notice('0002-b'), resourceCrns: ['crn:b'] });
        await tx.putKeyNotice({ ...notice('0001-a'), resourceCrns: ['crn:a', 'crn:b'] });
      });
      await store.read(async (tx) => {
        expect((await tx.listKeyNotices()).map((n) => n.id)).toEqual(['0001-a', '0002-b']);
        expect(await tx.getKeyNotice('0001-a')).toEqual({
          ...notice('0001-a'),
          resourceCrns: ['crn:a', 'crn:b'],
        });
      });
      // Delivery: read and delete in one write; a second delivery finds nothing.
      const deliver = (id: string) =>
        store.write(async (tx) => {
          const found = await tx.getKeyNotice(id);
          if (found) await tx.deleteKeyNotice(id);
          return found !== undefined;
        });
      expect(await Promise.all([deliver('0001-a'), deliver('0001-a')])).toEqual([true, false]);
      expect((await store.read((tx) => tx.listKeyNotices())).map((n) => n.id)).toEqual(['0002-b']);
    });

    it('keeps nothing of a write that throws', async () => {
      const { store } = await open();
      await expect(
        store.write(async (tx) => {
          await tx.putKey(keyRecord('k1'));
          await tx.putEvents([event(1)]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      await store.read(async (tx) => {
        expect(await tx.getKey('k1')).toBeUndefined();
        expect(await tx.countEvents()).toBe(0);
      });
    });

    it('runs concurrent writes one after another: each sees the last commit', async () => {
      const { store } = await open();
      const bump = (tx: StoreTx) =>
        tx.getMeta('clockOffsetMs').then((n) => tx.putMeta('clockOffsetMs', (n ?? 0) + 1));
      await Promise.all(Array.from({ length: 20 }, () => store.write(bump)));
      expect(await store.read((tx) => tx.getMeta('clockOffsetMs'))).toBe(20);
    });

    it('runs the engine: keys, wrap and unwrap, and an audit chain that verifies', async () => {
      const { store } = await open();
      const engine = await Engine.open({ store, channel: null, now: () => Date.UTC(2026, 0, 1) });
      const session = await engine.getSession();
      const kms = session.instances.find((i) => i.kind === 'kms')!;
      const ctx = { userId: DEMO_USERS.manager.id, instanceId: kms.id };
      const key = await engine.createKey(ctx, { name: 'contract-root', extractable: false });
      const wrapped = await engine.wrap(ctx, key.id);
      const unwrapped = await engine.unwrap(ctx, key.id, { ciphertext: wrapped.ciphertext });
      expect(unwrapped.plaintext).toBe(wrapped.plaintext);
      await engine.disableKey(ctx, key.id);
      await expect(engine.wrap(ctx, key.id)).rejects.toMatchObject({
        status: 409,
        code: 'KEY_ACTION_INVALID_STATE_ERR',
      });
      await engine.flushEvents();
      const verification = await engine.verifyEvents(ctx);
      expect(verification.ok).toBe(true);
      expect(verification.verified).toBeGreaterThan(4);
      await engine.close();
    });

    it('runs createKeys: writes issued together, each item checked, a refused item writes nothing', async () => {
      const { store } = await open();
      const engine = await Engine.open({ store, channel: null, now: () => Date.UTC(2026, 0, 1) });
      const session = await engine.getSession();
      const kms = session.instances.find((i) => i.kind === 'kms')!;
      const ctx = { userId: DEMO_USERS.writer.id, instanceId: kms.id };
      const results = await engine.createKeys(ctx, [
        { name: 'bulk-one', extractable: false, aliases: ['bulk-a'] },
        { name: 'bulk-two', extractable: true, aliases: ['bulk-a', 'bulk-b'] },
        { name: 'bulk-three', extractable: false, keyRingID: 'no-such-ring' },
        { name: 'bulk-four', extractable: true, aliases: ['bulk-b'] },
      ]);
      expect(results.map((r) => (r.ok ? r.value.aliases : r.error.code))).toEqual([
        ['bulk-a'],
        'KEY_ALIAS_NOT_UNIQUE_ERR',
        'KEY_RING_NOT_FOUND_ERR',
        ['bulk-b'],
      ]);
      const listed = await engine.listKeys(ctx);
      expect(listed.keys.map((k) => k.name).sort()).toEqual(['bulk-four', 'bulk-one']);
      await expect(engine.getKey(ctx, 'bulk-b')).resolves.toMatchObject({ name: 'bulk-four' });
      await engine.flushEvents();
      expect((await engine.verifyEvents({ ...ctx, userId: DEMO_USERS.manager.id })).ok).toBe(true);
      await engine.close();
    });

    it('delivers a key notice left in the outbox once, though two engines open at once', async () => {
      const { store } = await open();
      const now = () => Date.UTC(2026, 0, 1);
      const first = await Engine.open({ store, channel: null, now });
      const session = await first.getSession();
      const kms = session.instances.find((i) => i.kind === 'kms')!;
      const cos = session.instances.find((i) => i.kind === 'cos')!;
      const manager = { userId: DEMO_USERS.manager.id, instanceId: kms.id };
      const key = await first.createKey(manager, { name: 'outbox-root', extractable: false });
      await first.createAuthorization(
        { userId: DEMO_USERS.admin.id, instanceId: kms.id },
        { sourceInstanceId: cos.id, targetInstanceId: kms.id, role: 'Reader' },
      );
      const bucket = await first.createBucket(
        { userId: DEMO_USERS.writer.id, instanceId: cos.id },
        { name: 'outbox-bucket', encryption: { type: 'customer', keyCrn: key.crn } },
      );
      await first.flushEvents();
      // A key change committed by a process that stopped before delivering its notification.
      await store.write((tx) =>
        tx.putKeyNotice({
          id: '0000000000000001-left',
          createdAt: now(),
          change: 'disabled',
          keyId: key.id,
          keyCrn: key.crn,
          keyName: key.name,
          keyInstanceId: kms.id,
          keyVersionId: key.keyVersion.id,
          resourceCrns: [bucket.crn],
          correlationId: 'left-behind',
        }),
      );
      const engines = await Promise.all([
        Engine.open({ store, channel: null, now }),
        Engine.open({ store, channel: null, now }),
      ]);
      for (const engine of engines) await engine.flushEvents();
      const actions: string[] = [];
      await store.read((tx) =>
        tx.eachEvent((e) => {
          if (e.correlationId === 'left-behind') actions.push(e.action);
          return true;
        }),
      );
      expect(actions).toEqual(['kms.registrations.notify', 'kms.secrets-event.ack']);
      expect(await store.read((tx) => tx.listKeyNotices())).toEqual([]);
      // One store under all three: closing one closes it.
      await first.close();
    });
  });
}
