/**
 * The same flows with the keyboard only: Tab, Shift+Tab, Enter, Space,
 * arrows and Esc. No click, tap or mouse event is sent.
 */
import { test, expect, expectAccessible } from './fixtures/test';
import { CertMaker } from './support/certs';
import { expectFocusRing, tabTo } from './support/keyboard';
import { startUiPeers, type UiPeers } from './support/peers';
import { storedCertificates } from './support/screens';

const certs = new CertMaker();
let peers: UiPeers;
test.beforeAll(async () => {
  peers = await startUiPeers();
});
test.afterAll(async () => {
  certs.cleanup();
  await peers?.stop();
});

test.describe('keyboard only', () => {
  test('adds from a file and by paste, moves through the list with arrows, removes with a confirmation, Esc closes', async ({ app }) => {
    const { page } = app;
    const first = certs.selfSigned('kbd-one.example.org');
    const second = certs.selfSigned('kbd-two.example.org', { days: 3 });
    CertMaker.onMedia(first, app.mediaDir, 'a-first.crt');
    CertMaker.onMedia(second, app.mediaDir, 'b-second.pem');

    const tile = page.getByRole('button', { name: /RDP servers/ });
    await tabTo(page, tile);
    await expectFocusRing(tile);
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('button', { name: 'Add certificate' }));
    await page.keyboard.press('Enter');

    // From a file: arrows move between the files, Space/Enter on buttons.
    const firstRadio = page.getByRole('radio', { name: /a-first\.crt/ });
    await tabTo(page, firstRadio);
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('radio', { name: /b-second\.pem/ })).toBeChecked();
    await tabTo(page, page.getByRole('button', { name: 'Preview' }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: /will be added to RDP servers/ })).toBeFocused();
    await expect(page.getByRole('region', { name: /will be added/ })).toContainText('Expires in 2 days');
    await tabTo(page, page.getByLabel('Label (optional)'));
    await page.keyboard.type('Second');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'Added 1 certificate to RDP servers.' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Done' })).toBeFocused();

    // Paste: the text arrives as keyboard input.
    await tabTo(page, page.getByRole('button', { name: 'Add another' }));
    await page.keyboard.press('Space');
    await tabTo(page, page.getByRole('button', { name: 'Paste text' }));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByLabel('Certificate text (PEM)'));
    await page.keyboard.insertText(first.pem);
    await tabTo(page, page.getByRole('button', { name: 'Preview' }));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('button', { name: 'Add to RDP servers' }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'Added 1 certificate' })).toBeVisible();
    await tabTo(page, page.getByRole('button', { name: 'Show RDP servers' }));
    await page.keyboard.press('Enter');

    // The list: one Tab stop, arrows between rows, Enter opens. Riskiest (expiring) first.
    const options = page.getByRole('option');
    await expect(options).toHaveCount(2);
    await tabTo(page, options.first());
    await expect(options.first()).toContainText('Second');
    await expectFocusRing(options.first());
    await page.keyboard.press('ArrowDown');
    await expect(options.nth(1)).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('End');
    await expect(options.nth(1)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 2, name: 'kbd-one.example.org' })).toBeVisible();

    // Remove: focus goes into the dialog, Esc closes it and focus returns to its opener.
    const opener = page.getByRole('button', { name: 'Remove…' });
    await tabTo(page, opener);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Remove this certificate?' });
    await expect(dialog).toContainText('“kbd-one.example.org”');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Remove', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('option')).toHaveCount(1);
    expect(storedCertificates(app).map((c) => c.label)).toEqual(['Second']);

    // Shift+Tab walks back to Back; Enter returns home with the count updated.
    await tabTo(page, page.getByRole('button', { name: 'Back' }), { backwards: true });
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: /RDP servers/ })).toContainText('1 certificate');
  });

  test('adds from a server and tests the connection', async ({ app }) => {
    const { page } = app;
    await tabTo(page, page.getByRole('button', { name: /Log server/ }));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('button', { name: 'Add certificate' }));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('button', { name: 'From a server' }));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByLabel('Server name or address'));
    await page.keyboard.type('127.0.0.1');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(String(peers.ports.selfSigned));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: /will be added to Log server/ })).toBeFocused({ timeout: 15_000 });
    await tabTo(page, page.getByRole('button', { name: 'Add to Log server' }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'Added 1 certificate to Log server.' })).toBeVisible();

    await tabTo(page, page.getByRole('button', { name: 'Show Log server' }));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('button', { name: 'Test connection' }));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByLabel('Server name or address'));
    await page.keyboard.type('127.0.0.1');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(String(peers.ports.anchored));
    await page.keyboard.press('Enter');
    const verdict = page.locator('.verdict');
    await expect(verdict.getByRole('heading')).toHaveText(/is NOT trusted/, { timeout: 15_000 });
    await expect(verdict.getByRole('listitem').first()).toBeVisible();
    await expectAccessible(page);

    await tabTo(page, page.getByLabel('Port'), { backwards: true });
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(String(peers.ports.selfSigned));
    await page.keyboard.press('Enter');
    await expect(verdict.getByRole('heading')).toHaveText(/is trusted: its certificate is pinned/, { timeout: 15_000 });
  });
});
