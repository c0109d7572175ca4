/**
 * Batch wrap, unwrap and rewrap (SPEC section 5): up to 1,000 items, each checked as its own
 * call, one result or error per item in order, one event listing every item's key, key version
 * and outcome, in the hash chain.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { BatchItem } from '../../domain/api';
import { MINUTE } from '../../domain/time';
import type { Key } from '../../domain/types';
import { encodeBase64 } from '../../domain/validation';
import { expectError } from '../test/expect-error';
import { openHarness, type Harness } from '../test/harness';
import { addUser, grant, rawEvents, updateEvent } from '../test/raw-db';

let h: Harness;
let a: Key;
let b: Key;
const r = () => h.as('reader');
const dek = (n: number) => encodeBase64(new Uint8Array(32).fill(n));

beforeEach(async () => {
  h = await openHarness();
  a = await h.engine.createKey(h.as('writer'), { name: 'root-a', extractable: false });
  b = await h.engine.createKey(h.as('writer'), { name: 'root-b', extractable: false });
});

const codes = <T>(results: BatchItem<T>[]) =>
  results.map((x) => (x.ok ? 'ok' : `${x.error.status} ${x.error.code}`));

const lastEvent = async () => (await rawEvents(h)).at(-1);

describe('batch wrap, unwrap and rewrap', () => {
  it('answers every item in order, across keys, and each result opens with its key', async () => {
    const items = Array.from({ length: 40 }, (_, i) => ({
      keyId: i % 2 === 0 ? a.id : 'root-b-alias',
      plaintext: dek(i),
      aad: [`object-${i}`],
    }));
    await h.engine.createAlias(h.as('writer'), b.id, 'root-b-alias');
    const wrapped = await h.engine.wrapBatch(r(), items);
    expect(codes(wrapped)).toEqual(items.map(() => 'ok'));
    const unwrapped = await h.engine.unwrapBatch(
      r(),
      wrapped.map((w, i) => ({
        keyId: i % 2 === 0 ? a.id : b.id,
        ciphertext: w.ok ? w.value.ciphertext : '',
        aad: [`object-${i}`],
      })),
    );
    expect(unwrapped.map((u) => (u.ok ? u.value.plaintext : u.error.code))).toEqual(
      items.map((x) => x.plaintext),
    );
    // And each single call agrees with the batch's result.
    const single = await h.engine.unwrap(r(), a.id, {
      ciphertext: wrapped[0]?.ok ? wrapped[0].value.ciphertext : '',
      aad: ['object-0'],
    });
    expect(single.plaintext).toBe(dek(0));
  });

  it('refuses an item exactly as its own call would, and answers the others', async () => {
    await h.engine.disableKey(h.as('manager'), b.id);
    const standard = await h.engine.createKey(h.as('writer'), {
      name: 'standard',
      extractable: true,
    });
    const good = await h.engine.wrap(r(), a.id, { plaintext: dek(1), aad: ['x'] });
    const results = await h.engine.unwrapBatch(r(), [
      { keyId: a.id, ciphertext: good.ciphertext, aad: ['x'] },
      { keyId: b.id, ciphertext: good.ciphertext, aad: ['x'] }, // Disabled
      { keyId: standard.id, ciphertext: good.ciphertext }, // not a root key
      { keyId: '0d4b8e7e-6d8f-4f3e-9d7c-1c2b3a4d5e6f', ciphertext: good.ciphertext }, // no such key
      { keyId: a.id, ciphertext: good.ciphertext, aad: ['y'] }, // wrong AAD
      { keyId: a.id, ciphertext: good.ciphertext, aad: ['x'] },
    ]);
    expect(codes(results)).toEqual([
      'ok',
      '409 KEY_ACTION_INVALID_STATE_ERR',
      '400 KEY_ROOT_REQ_ERR',
      '404 KEY_NOT_FOUND_ERR',
      '422 UNPROCESSABLE_CIPHERTEXT_ERR',
      'ok',
    ]);
    // The same refusals as single calls.
    await expectError(
      h.engine.unwrap(r(), b.id, { ciphertext: good.ciphertext, aad: ['x'] }),
      409,
      'KEY_ACTION_INVALID_STATE_ERR',
    );
  });

  it('refuses the items of a key the caller has no role on, among allowed ones', async () => {
    // A user whose only role is on key a: items on key b are denied (401), items on a pass.
    const onlyA = { userId: 'user-scoped', instanceId: h.instanceId };
    await addUser(h, 'user-scoped');
    await grant(h, 'user-scoped', 'Reader', { keyId: a.id });
    await addUser(h, 'user-none');
    const tab = await h.openTab();
    const results = await tab.wrapBatch(onlyA, [{ keyId: a.id }, { keyId: b.id }, { keyId: a.id }]);
    expect(codes(results)).toEqual(['ok', '401 UNAUTHORIZED_ERR', 'ok']);
    // A caller with no role in the instance: every item is refused as its own call would be.
    const none = await tab.wrapBatch({ userId: 'user-none', instanceId: h.instanceId }, [
      { keyId: a.id },
      { keyId: b.id },
    ]);
    expect(codes(none)).toEqual(['401 UNAUTHORIZED_ERR', '401 UNAUTHORIZED_ERR']);
  });

  it('audits the call as one event listing each item: key, version, outcome', async () => {
    const before = (await rawEvents(h)).length;
    const results = await h.engine.wrapBatch({ ...r(), correlationId: 'batch-1' }, [
      { keyId: a.id },
      { keyId: 'no-such-alias' },
      { keyId: b.id },
    ]);
    expect(codes(results)).toEqual(['ok', '404 KEY_NOT_FOUND_ERR', 'ok']);
    // Durable before the call resolved: the event is already in the store.
    const events = (await rawEvents(h)).slice(before);
    expect(events).toHaveLength(1);
    const event = events[0];
    expect(event).toMatchObject({
      action: 'kms.secrets.wrap',
      outcome: 'failure',
      correlationId: 'batch-1',
      initiator: { id: 'user-reader' },
      target: { instanceId: h.instanceId },
      reason: { status: 404, code: 'KEY_NOT_FOUND_ERR' },
      items: [
        { keyId: a.id, keyVersion: a.keyVersion.id, outcome: 'success' },
        { keyId: 'no-such-alias', outcome: 'failure', code: 'KEY_NOT_FOUND_ERR' },
        { keyId: b.id, keyVersion: b.keyVersion.id, outcome: 'success' },
      ],
    });
    expect(event?.reason?.message).toMatch(/^1 of 3 items refused; the first \(item 1\)/);
    expect(event?.target.keyId).toBeUndefined();
    expect(await h.engine.verifyEvents(h.as('manager'))).toEqual({
      ok: true,
      verified: before + 1,
    });
  });

  it("targets the key when every item names it, so the key's history shows the call", async () => {
    const wrapped = await h.engine.wrap(r(), a.id, { plaintext: dek(7) });
    h.clock.advance(2 * MINUTE);
    const rotated = await h.engine.rotate(h.as('writer'), a.id);
    const results = await h.engine.rewrapBatch(r(), [
      { keyId: a.id, ciphertext: wrapped.ciphertext },
      { keyId: a.id, ciphertext: wrapped.ciphertext },
    ]);
    expect(
      results.map((x) => x.ok && [x.value.keyVersion.id, x.value.rewrappedKeyVersion.id]),
    ).toEqual([
      [a.keyVersion.id, rotated.keyVersion.id],
      [a.keyVersion.id, rotated.keyVersion.id],
    ]);
    const event = await lastEvent();
    expect(event).toMatchObject({
      action: 'kms.secrets.rewrap',
      outcome: 'success',
      target: { keyId: a.id, crn: a.crn },
    });
    expect(event?.items?.map((i) => i.keyVersion)).toEqual([a.keyVersion.id, a.keyVersion.id]);
    const history = await h.engine.listEvents(h.as('manager'), { target: a.id, limit: 1 });
    expect(history.events[0]?.id).toBe(event?.id);
    // Last use of the key's first version is the batch's.
    const usage = await h.engine.getKeyUsage(h.as('manager'), a.id);
    expect(usage.versions[a.keyVersion.id]?.eventId).toBe(event?.id);
  });

  it('an altered item list is found by verification', async () => {
    await h.engine.wrapBatch(r(), [{ keyId: a.id }, { keyId: b.id }]);
    const event = await lastEvent();
    await updateEvent(h, event?.seq ?? 0, (e) => ({
      ...e,
      items: e.items?.map((i) => ({ ...i, outcome: 'failure' })),
    }));
    const verdict = await h.engine.verifyEvents(h.as('manager'));
    expect(verdict.ok).toBe(false);
    expect(verdict.brokenAt?.seq).toBe(event?.seq);
  });

  it('answers each item exactly as its own call: value, or status, code and message', async () => {
    // Per key, the batch resolves and checks the key once and looks each version up once: every
    // item must still get what its own call gets, whatever mix of keys, versions and faults.
    const old = await h.engine.wrap(r(), a.id, { plaintext: dek(3), aad: ['o'] });
    h.clock.advance(2 * MINUTE);
    await h.engine.rotate(h.as('writer'), a.id);
    const current = await h.engine.wrap(r(), a.id, { plaintext: dek(4) });
    const ofB = await h.engine.wrap(r(), b.id, { plaintext: dek(5) });
    await h.engine.createAlias(h.as('writer'), a.id, 'alias-of-a');
    const standard = await h.engine.createKey(h.as('writer'), { name: 'std', extractable: true });
    const flipped = (ct: string, at: number) => {
      const bytes = Uint8Array.from(atob(ct), (c) => c.charCodeAt(0));
      bytes[at] = (bytes[at] ?? 0) ^ 1;
      return encodeBase64(bytes);
    };
    const unwrapItems = [
      { keyId: a.id, ciphertext: old.ciphertext, aad: ['o'] }, // older version: rewrapped
      { keyId: 'alias-of-a', ciphertext: current.ciphertext },
      { keyId: a.id, ciphertext: ofB.ciphertext }, // another key's
      { keyId: a.id, ciphertext: flipped(current.ciphertext, 30) }, // version id altered
      { keyId: a.id, ciphertext: flipped(current.ciphertext, 10) }, // key id altered
      { keyId: a.id, ciphertext: flipped(current.ciphertext, 60) }, // sealed bytes altered
      { keyId: a.id, ciphertext: current.ciphertext.slice(0, 40) }, // truncated
      { keyId: a.id, ciphertext: 'not base64!' },
      { keyId: a.id, ciphertext: '' },
      { keyId: a.id, ciphertext: old.ciphertext, aad: ['wrong'] },
      { keyId: a.id, ciphertext: current.ciphertext, aad: ['\ud800'] },
      { keyId: standard.id, ciphertext: current.ciphertext },
      { keyId: 'no-such-alias', ciphertext: current.ciphertext },
      { keyId: b.id, ciphertext: ofB.ciphertext },
    ];
    const answer = async <T>(call: Promise<T>) => {
      try {
        return { ok: true, value: await call };
      } catch (error) {
        const e = error as { status: number; code: string; message: string };
        return { ok: false, error: { status: e.status, code: e.code, message: e.message } };
      }
    };
    // What differs between two wraps of the same DEK (the IV) is compared by opening it.
    const opened = async (i: number, x: { ok: boolean; value?: unknown }) => {
      const v = x.value as { ciphertext?: string } | undefined;
      if (!x.ok || !v?.ciphertext) return x;
      const { keyId, aad } = unwrapItems[i] ?? { keyId: '' };
      const back = await h.engine.unwrap(r(), keyId, { ciphertext: v.ciphertext, aad });
      return { ...x, value: { ...v, ciphertext: back.plaintext } };
    };
    for (const kind of ['unwrap', 'rewrap'] as const) {
      const batch = await (kind === 'unwrap'
        ? h.engine.unwrapBatch(r(), unwrapItems)
        : h.engine.rewrapBatch(r(), unwrapItems));
      const singles = [];
      for (const { keyId, ...req } of unwrapItems)
        singles.push(await answer<unknown>(h.engine[kind](r(), keyId, req)));
      expect(await Promise.all(batch.map((x, i) => opened(i, x)))).toEqual(
        await Promise.all(singles.map((x, i) => opened(i, x))),
      );
    }
    const wrapItems = [
      { keyId: a.id, plaintext: dek(1), aad: ['w'] },
      { keyId: 'alias-of-a' },
      { keyId: a.id, plaintext: '' },
      { keyId: a.id, plaintext: 'abc' },
      { keyId: a.id, plaintext: encodeBase64(new Uint8Array(7501)) },
      { keyId: b.id, aad: ['\ud800'] },
      { keyId: standard.id },
      { keyId: 'no-such-alias' },
    ];
    const batch = await h.engine.wrapBatch(r(), wrapItems);
    const singles = [];
    for (const { keyId, ...req } of wrapItems)
      singles.push(await answer(h.engine.wrap(r(), keyId, req)));
    // A generated DEK differs call to call: compare that it is there and opens to itself.
    const shape = async (x: { ok: boolean; value?: unknown; error?: unknown }, i: number) => {
      if (!x.ok) return x;
      const v = x.value as { ciphertext: string; keyVersion: unknown; plaintext?: string };
      const back = await h.engine.unwrap(r(), wrapItems[i]?.keyId ?? '', {
        ciphertext: v.ciphertext,
        aad: wrapItems[i]?.aad,
      });
      return {
        keyVersion: v.keyVersion,
        opens: back.plaintext === (v.plaintext ?? wrapItems[i]?.plaintext),
        generated: v.plaintext !== undefined,
      };
    };
    expect(await Promise.all(batch.map(shape))).toEqual(await Promise.all(singles.map(shape)));
  });

  it('takes 1–1,000 items', async () => {
    await expectError(h.engine.wrapBatch(r(), []), 400, 'INVALID_FIELD_ERR');
    await expectError(
      h.engine.wrapBatch(
        r(),
        Array.from({ length: 1001 }, () => ({ keyId: a.id })),
      ),
      400,
      'INVALID_FIELD_ERR',
    );
  });
});
