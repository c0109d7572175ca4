/**
 * Batch wrap and unwrap through the built app in real Chromium (SPEC section 5): a batch of 300
 * items over two keys, some refused (bad base64, another AAD, an altered ciphertext), answers
 * every item as its own single call does, in order (under the app's CSP: the fixture fails the
 * test on any violation).
 */
import { expect, kmsContext, test } from './fixtures';

test('a 300-item wrapBatch and unwrapBatch answer item by item as single calls', async ({
  page,
  keysPage,
}) => {
  await keysPage.open();
  const ctx = await kmsContext(page, 'user-manager');
  const outcome = await page.evaluate(async (c) => {
    const api = window.keyward;
    const a = await api.createKey(c, { name: 'batch-a', extractable: false });
    const b = await api.createKey(c, { name: 'batch-b', extractable: false });
    const b64 = (n: number, length: number) =>
      btoa(String.fromCharCode(...new Uint8Array(length).fill(n)));
    const items = Array.from({ length: 300 }, (_, i) => ({
      keyId: i % 3 === 0 ? b.id : a.id,
      ...(i % 5 === 0 ? {} : { plaintext: b64(i % 256, 1 + (i % 40)) }),
      ...(i % 4 === 0 ? { aad: [`object-${i}`] } : {}),
    }));
    items[9] = { keyId: a.id, plaintext: 'not base64!' };
    const wrapped = await api.wrapBatch(c, items);
    const plaintexts = wrapped.map((w, i) =>
      w.ok ? (w.value.plaintext ?? items[i]?.plaintext) : undefined,
    );
    // Some items spoiled: another AAD, a ciphertext altered.
    const openItems = wrapped.map((w, i) => {
      let ciphertext = w.ok ? w.value.ciphertext : 'AAAA';
      if (i % 50 === 7)
        ciphertext =
          ciphertext.slice(0, 70) + (ciphertext[70] === 'A' ? 'B' : 'A') + ciphertext.slice(71);
      return {
        keyId: items[i]?.keyId ?? '',
        ciphertext,
        ...(i % 4 === 0 ? { aad: [i % 8 === 0 ? `object-${i}` : 'other'] } : {}),
      };
    });
    const unwrapped = await api.unwrapBatch(c, openItems);
    const answer = (
      x:
        | { ok: true; value: { plaintext: string } }
        | { ok: false; error: { status: number; code: string } },
    ) => (x.ok ? x.value.plaintext : `${x.error.status} ${x.error.code}`);
    const single = [];
    for (const item of openItems)
      single.push(
        await api.unwrap(c, item.keyId, { ciphertext: item.ciphertext, aad: item.aad }).then(
          (v) => v.plaintext,
          (e: { status: number; code: string }) => `${e.status} ${e.code}`,
        ),
      );
    return {
      batch: unwrapped.map(answer),
      single,
      wrapCodes: wrapped.map((w) => (w.ok ? 'ok' : `${w.error.status} ${w.error.code}`)),
      plaintexts,
    };
  }, ctx);
  expect(outcome.wrapCodes.filter((x) => x !== 'ok')).toEqual(['400 INVALID_FIELD_ERR']);
  expect(outcome.batch).toEqual(outcome.single);
  // Every item that was wrapped and not spoiled opens to its plaintext.
  const opened = outcome.batch.filter((x, i) => x === outcome.plaintexts[i]).length;
  expect(opened).toBeGreaterThan(200);
  expect(
    outcome.batch.filter((x) => x === '422 UNPROCESSABLE_CIPHERTEXT_ERR').length,
  ).toBeGreaterThan(30);
});
