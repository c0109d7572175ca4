/**
 * Hardening in real Chromium: the built app is served with its strict Content-Security-Policy
 * and frame protection, the console works under it (Carbon's styles load, modals open, the
 * worker runs; the fixture fails any test on a violation), the clock control is an
 * Administrator's, and hostile input through the real worker is a 400.
 */
import { expect, kmsContext, test } from './fixtures';

test('the app is served with a strict CSP and frame protection, and works under it', async ({
  page,
  keysPage,
}) => {
  const response = await page.goto('/keys');
  const headers = response?.headers() ?? {};
  const csp = headers['content-security-policy'] ?? '';
  for (const directive of [
    "script-src 'self'",
    "style-src 'self'",
    "worker-src 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ])
    expect(csp).toContain(directive);
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(headers['x-frame-options']).toBe('DENY');
  // The engine (a worker) answers, Carbon's stylesheet applies, a modal opens and closes.
  await keysPage.createKey({ name: 'under-csp' });
  await expect(keysPage.row('under-csp')).toBeVisible();
  const primary = page.getByRole('button', { name: 'Create key' }).first();
  const background = await primary.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(background).not.toBe('rgba(0, 0, 0, 0)');
  const styleTags = await page.evaluate(() => document.querySelectorAll('style').length);
  const inlineScripts = await page.evaluate(
    () => [...document.querySelectorAll('script')].filter((s) => !s.src).length,
  );
  expect({ styleTags, inlineScripts }).toEqual({ styleTags: 0, inlineScripts: 0 });
  await page.goto('/events');
  await expect(page.getByRole('heading', { name: 'Events', exact: true })).toBeVisible();
});

test('an inline script is refused by the policy', async ({ browser }) => {
  // A context of its own, so the expected violation does not fail the fixture's check.
  const context = await browser.newContext();
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto('/keys');
  await expect(page.getByTestId('acting-user')).toBeVisible();
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true';
    document.body.append(script);
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  await context.close();
});

test('hostile input through the worker is a 400 naming the field, never a 500', async ({
  page,
  keysPage,
}) => {
  await keysPage.open();
  const ctx = await kmsContext(page, 'user-manager');
  const key = await keysPage.createKey({ name: 'kept-key' });
  void key;
  const results = await page.evaluate(async (c) => {
    const api = window.keyward as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    const keys = await window.keyward.listKeys(c);
    const id = keys.keys[0]?.id ?? '';
    const attempt = async (call: () => Promise<unknown>) => {
      try {
        await call();
        return 'allowed';
      } catch (e) {
        const err = e as { status?: number; code?: string; message?: string };
        return `${err.status} ${err.code} ${err.message?.split(':')[0]}`;
      }
    };
    return {
      force: await attempt(() => api.deleteKey!(c, id, { force: 'false' })),
      nullId: await attempt(() => api.deleteKey!(c, null)),
      proto: await attempt(() =>
        api.createKey!(c, JSON.parse('{"name":"x1","extractable":false,"__proto__":{"a":1}}')),
      ),
      hugeId: await attempt(() => api.getKeyMetadata!(c, 'k'.repeat(10_000_000))),
      hugeBase64: await attempt(() => api.wrap!(c, id, { plaintext: 'A'.repeat(4_000_000) })),
      state: (await window.keyward.getKeyMetadata(c, id)).state,
    };
  }, ctx);
  expect(results).toEqual({
    force: '400 INVALID_FIELD_ERR force',
    nullId: '400 INVALID_FIELD_ERR idOrAlias',
    proto: '400 INVALID_FIELD_ERR __proto__',
    hugeId: '400 INVALID_FIELD_ERR idOrAlias',
    hugeBase64: '400 INVALID_FIELD_ERR plaintext',
    state: 1,
  });
});
