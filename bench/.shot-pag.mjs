import { withBenchPage } from './lib/bench-page.mjs';
await withBenchPage({ path: '/bench-seeding', port: 4530, viewport: { width: 1440, height: 900 } }, async (page) => {
  page.setDefaultTimeout(120000);
  const instanceId = await page.evaluate(async () => (await window.keyward.getSession()).instances.find((i) => i.kind === 'kms').id);
  const ctx = { userId: 'user-manager', instanceId };
  await page.evaluate(async (ctx) => {
    for (let c = 0; c < 6; c++) {
      const req = [];
      for (let i = 0; i < 1000; i++) req.push({ name: `key-${c}-${String(i).padStart(4, '0')}-with-a-rather-long-descriptive-name-for-the-payments-team`, extractable: i % 3 === 0 });
      await window.keyward.createKeys(ctx, req);
    }
  }, ctx);
  for (const theme of ['white', 'g100']) {
    await page.evaluate((t) => localStorage.setItem('keyward.theme', t), theme);
    for (const width of [1440, 1024, 600]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(new URL('/keys?page=37', page.url()).href);
      await page.locator('table[aria-label="Keys"] tbody tr').first().waitFor();
      const pag = page.locator('.cds--pagination');
      await pag.scrollIntoViewIfNeeded();
      await pag.screenshot({ path: `/tmp/pagshots/${theme}-${width}.png` });
      const box = await pag.boundingBox();
      const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      console.log(theme, width, JSON.stringify(box), 'overflow', over);
    }
  }
  // Type a page and go there.
  const field = page.getByRole('textbox', { name: /Page number/ });
  await field.fill('120');
  await field.press('Enter');
  await page.waitForURL(/page=120/);
  await field.hover();
  await page.locator('.cds--pagination').screenshot({ path: '/tmp/pagshots/g100-600-typed.png' });
  console.log('url', page.url());
});
