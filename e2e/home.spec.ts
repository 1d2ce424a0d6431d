import { test, expect, expectAccessible, screenshot } from './fixtures/test';

test.describe('home screen', () => {
  test('shows ThinCert with the four purposes and passes axe', async ({ app }) => {
    const { page } = app;
    await expect(page.getByRole('heading', { level: 1, name: 'ThinCert' })).toBeVisible();
    for (const title of ['Management server', 'RDP servers', 'Connection broker', 'Log server']) {
      await expect(page.getByRole('button', { name: new RegExp(title) })).toBeVisible();
    }
    await expect(page.getByRole('button', { name: /RDP servers/ })).toContainText('0 certificates');
    await expectAccessible(page);
    await screenshot(page, 'home-en-1024x600');
  });

  test('switches to Russian at runtime', async ({ app }) => {
    const { page } = app;
    await page.getByRole('button', { name: 'Русский' }).click();
    await expect(page.getByRole('button', { name: /Серверы RDP/ })).toContainText('0 сертификатов');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
    await expectAccessible(page);
    await screenshot(page, 'home-ru-1024x600');
  });

  test('the page refuses to load without the per-run token', async ({ app, browser }) => {
    const url = new URL(app.page.url());
    const context = await browser.newContext();
    const stranger = await context.newPage();
    const response = await stranger.goto(`${url.origin}/`);
    expect(response?.status()).toBe(403);
    await context.close();
  });
});
