/**
 * Issue 14, first paint: the list screen opened by its address is in the first
 * render, not behind a Suspense fallback. React 19 reveals content at least
 * 300 ms after it showed a fallback, which was most of the list's first paint;
 * a fallback (null) shows as the header painted over an empty main.
 */
import { test, expect } from './fixtures/test';
import { CertMaker } from './support/certs';

const certs = new CertMaker();
test.afterAll(() => certs.cleanup());

test('the list screen opened by its address renders with the header, never behind an empty main', async ({ app }) => {
  const { page } = app;
  expect(app.cli(['add', 'rdp', certs.selfSigned('first-render.example.org').path]).status).toBe(0);
  await page.addInitScript(() => {
    const seen = { emptyMain: false };
    (window as unknown as { __firstRender: typeof seen }).__firstRender = seen;
    new MutationObserver(() => {
      const main = document.getElementById('content');
      if (document.querySelector('.app-header h1') && main && main.childElementCount === 0) seen.emptyMain = true;
    }).observe(document, { subtree: true, childList: true });
  });
  const address = page.url().split('#')[0] as string;
  await page.goto('about:blank');
  await page.goto(`${address}#/purpose/rdp`);
  await expect(page.getByText('first-render.example.org').first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __firstRender: { emptyMain: boolean } }).__firstRender.emptyMain)).toBe(false);
});
