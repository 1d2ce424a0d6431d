/**
 * The same flows by touch (hasTouch, tap) on the 1024×600 kiosk screen, with
 * text typed on the on-screen keyboard.
 */
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible, screenshot } from './fixtures/test';
import { CertMaker } from './support/certs';
import { startUiPeers, type UiPeers } from './support/peers';
import { expectTouchTargets, storedCertificates } from './support/screens';

test.use({ hasTouch: true });

const certs = new CertMaker();
let peers: UiPeers;
test.beforeAll(async () => {
  peers = await startUiPeers();
});
test.afterAll(async () => {
  certs.cleanup();
  await peers?.stop();
});

/** Types on the on-screen keyboard, one tap per key. */
async function tapKeys(page: Page, text: string): Promise<void> {
  const keyboard = page.getByRole('group', { name: 'On-screen keyboard' });
  for (const key of text) await keyboard.locator(`.hg-button[data-skbtn="${key}"]`).tap();
}

async function tapKey(page: Page, key: '{bksp}' | '{enter}' | '{hide}', times = 1): Promise<void> {
  const keyboard = page.getByRole('group', { name: 'On-screen keyboard' });
  for (let i = 0; i < times; i += 1) await keyboard.locator(`.hg-button[data-skbtn="${key}"]`).tap();
}

test.describe('touch', () => {
  test('adds from a file, opens it from the list and removes it, all by tap', async ({ app }) => {
    const { page } = app;
    const cert = certs.selfSigned('touch.example.org');
    CertMaker.onMedia(cert, app.mediaDir, 'touch.crt');
    await page.getByRole('button', { name: /RDP servers/ }).tap();
    await page.getByRole('button', { name: 'Add certificate' }).tap();
    await page.getByText('touch.crt', { exact: true }).tap();
    await expect(page.getByRole('radio', { name: /touch\.crt/ })).toBeChecked();
    await page.getByRole('button', { name: 'Preview' }).tap();
    await page.getByRole('button', { name: 'Add to RDP servers' }).tap();
    await expect(page.getByRole('status').filter({ hasText: 'Added 1 certificate' })).toBeVisible();
    await page.getByRole('button', { name: 'Show RDP servers' }).tap();
    await page.getByRole('option', { name: /touch\.example\.org/ }).tap();
    await page.getByRole('button', { name: 'Remove…' }).tap();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove', exact: true }).tap();
    await expect(page.getByText('No certificate is stored for this purpose yet.')).toBeVisible();
    expect(storedCertificates(app)).toHaveLength(0);
  });

  test('adds from a server and tests the connection, typing on the on-screen keyboard', async ({ app }) => {
    const { page } = app;
    const keyboard = page.getByRole('group', { name: 'On-screen keyboard' });
    await page.getByRole('button', { name: /Connection broker/ }).tap();
    await page.getByRole('button', { name: 'Add certificate' }).tap();
    await page.getByRole('button', { name: 'From a server' }).tap();
    await page.getByLabel('Server name or address').tap();
    await expect(keyboard).toBeVisible();
    await expect(page.getByLabel('Server name or address')).toBeFocused();
    await expectTouchTargets(page);
    await expectAccessible(page);
    await screenshot(page, 'touch-keyboard-en-1024x600');
    await tapKeys(page, '127.0.0.1');
    await expect(page.getByLabel('Server name or address')).toHaveValue('127.0.0.1');
    // The field being typed into stays above the keyboard.
    const fieldBox = await page.getByLabel('Server name or address').boundingBox();
    const keyboardBox = await keyboard.boundingBox();
    expect(fieldBox && keyboardBox && fieldBox.y >= 0 && fieldBox.y + fieldBox.height <= keyboardBox.y).toBe(true);
    await screenshot(page, 'touch-keyboard-typed-en-1024x600', { viewport: true });
    await page.getByLabel('Port').tap();
    await tapKey(page, '{bksp}', 3);
    await tapKeys(page, String(peers.ports.selfSigned));
    await expect(page.getByLabel('Port')).toHaveValue(String(peers.ports.selfSigned));
    // Enter on the on-screen keyboard submits, like Enter on a physical one.
    await tapKey(page, '{enter}');
    await expect(keyboard).toBeHidden();
    await page.getByRole('button', { name: 'Add to Connection broker' }).tap({ timeout: 15_000 });
    await expect(page.getByRole('status').filter({ hasText: 'Added 1 certificate to Connection broker.' })).toBeVisible();
    expect(storedCertificates(app).map((c) => c.fingerprint)).toEqual([peers.selfSigned.x509.fingerprint256]);

    await page.getByRole('button', { name: 'Show Connection broker' }).tap();
    await page.getByRole('button', { name: 'Test connection' }).tap();
    await page.getByLabel('Server name or address').tap();
    await tapKeys(page, '127.0.0.1');
    await page.getByLabel('Port').tap();
    await tapKey(page, '{bksp}', 3);
    await tapKeys(page, String(peers.ports.anchored));
    await tapKey(page, '{hide}');
    await expect(keyboard).toBeHidden();
    await page.getByRole('button', { name: 'Test connection' }).tap();
    const verdict = page.locator('.verdict');
    await expect(verdict.getByRole('heading')).toHaveText(/is NOT trusted/, { timeout: 15_000 });
    await expect(verdict.getByRole('listitem').first()).toBeVisible();
    await screenshot(page, 'touch-check-untrusted-en-1024x600');
  });

  test('the on-screen keyboard stays away from a physical keyboard', async ({ app }) => {
    const { page } = app;
    const keyboard = page.getByRole('group', { name: 'On-screen keyboard' });
    await page.getByRole('button', { name: /Log server/ }).tap();
    await page.getByRole('button', { name: 'Test connection' }).tap();
    const host = page.getByLabel('Server name or address');
    // Focus by key: no on-screen keyboard.
    await host.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    await expect(host).toBeFocused();
    await expect(keyboard).toBeHidden();
    // Focus by finger: it appears; the first physical key sends it away and the key still types.
    await host.tap();
    await expect(keyboard).toBeVisible();
    await page.keyboard.type('x');
    await expect(keyboard).toBeHidden();
    await expect(host).toHaveValue('x');
  });
});
