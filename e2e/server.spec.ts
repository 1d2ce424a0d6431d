/** Adding from a server and testing connections, against real nginx on 127.0.0.1 (by mouse). */
import { test, expect, expectAccessible, screenshot } from './fixtures/test';
import { startUiPeers, type UiPeers } from './support/peers';
import { expectTouchTargets, storedCertificates } from './support/screens';

let peers: UiPeers;
test.beforeAll(async () => {
  peers = await startUiPeers();
});
test.afterAll(async () => {
  await peers?.stop();
});

test.describe('servers by mouse', () => {
  test('adds a server certificate fetched from the server, confirmed by its fingerprint', async ({ app }) => {
    const { page } = app;
    await page.getByRole('button', { name: /Connection broker/ }).click();
    await page.getByRole('button', { name: 'Add certificate' }).click();
    await page.getByRole('button', { name: 'From a server' }).click();
    await page.getByLabel('Server name or address').fill('127.0.0.1');
    await page.getByLabel('Port').fill(String(peers.ports.selfSigned));
    await page.getByRole('button', { name: 'Get the server’s certificates' }).click();
    const chain = page.getByRole('group', { name: /Certificates presented by 127\.0\.0\.1/ });
    await expect(chain.getByRole('radio')).toHaveCount(1);
    await expect(chain.getByRole('radio').first()).toBeChecked();
    const groups = peers.selfSigned.x509.fingerprint256.replace(/:/g, '').match(/.{4}/g) ?? [];
    await expect(chain).toContainText(groups.join(' '));
    await expect(page.getByText('it will be pinned')).toBeVisible();
    expect(storedCertificates(app)).toHaveLength(0);
    await expectAccessible(page);
    await expectTouchTargets(page);
    await screenshot(page, 'add-server-chain-en-1024x600');
    await page.getByRole('button', { name: 'Add to Connection broker' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Added 1 certificate to Connection broker.' })).toBeVisible();
    const stored = storedCertificates(app);
    expect(stored.map((c) => [c.fingerprint, c.purposes])).toEqual([[peers.selfSigned.x509.fingerprint256, ['broker']]]);

    // The pinned server is now trusted.
    await page.getByRole('button', { name: 'Show Connection broker' }).click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByLabel('Server name or address').fill('127.0.0.1');
    await page.getByLabel('Port').fill(String(peers.ports.selfSigned));
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.getByRole('heading', { name: /is trusted: its certificate is pinned/ })).toBeVisible({ timeout: 15_000 });
  });

  test('adds the CA chosen from a server\'s chain as an anchor: the server is then trusted by its name', async ({ app }) => {
    const { page } = app;
    await page.getByRole('button', { name: /Connection broker/ }).click();
    await page.getByRole('button', { name: 'Add certificate' }).click();
    await page.getByRole('button', { name: 'From a server' }).click();
    await page.getByLabel('Server name or address').fill('127.0.0.1');
    await page.getByLabel('Port').fill(String(peers.ports.anchored));
    await page.getByRole('button', { name: 'Get the server’s certificates' }).click();
    const chain = page.getByRole('group', { name: /Certificates presented by 127\.0\.0\.1/ });
    await expect(chain.getByRole('radio')).toHaveCount(2);
    await chain.getByRole('radio').nth(1).check();
    await expect(page.getByText('servers whose certificates it issued will be trusted by their names')).toBeVisible();
    await page.getByRole('button', { name: 'Add to Connection broker' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Added 1 certificate to Connection broker.' })).toBeVisible();
    await expect(page.getByText('a certificate authority: servers it issued are trusted by domain name')).toBeVisible();
    const listed = JSON.parse(app.cli(['list', '--json']).stdout) as { certificates: { fingerprint: string; isCA: boolean; subject: string }[] };
    expect(listed.certificates).toMatchObject([{ isCA: true, subject: expect.stringContaining('ThinCert UI Test Intermediate') }]);

    await page.getByRole('button', { name: 'Show Connection broker' }).click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByLabel('Server name or address').fill('127.0.0.1');
    await page.getByLabel('Port').fill(String(peers.ports.anchored));
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.locator('.verdict').getByRole('heading')).toHaveText(/is trusted by its name/, { timeout: 15_000 });
  });

  test('test connection: untrusted with every reason in words, then trusted by a stored CA', async ({ app }) => {
    const { page } = app;
    await page.getByRole('button', { name: /Log server/ }).click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByLabel('Server name or address').fill('127.0.0.1');
    await page.getByLabel('Port').fill(String(peers.ports.anchored));
    await page.getByRole('button', { name: 'Test connection' }).click();
    const verdict = page.locator('.verdict');
    await expect(verdict.getByRole('heading')).toHaveText(`127.0.0.1:${peers.ports.anchored} is NOT trusted`, { timeout: 15_000 });
    await expect(verdict.getByRole('listitem').first()).toBeVisible();
    // Words, not codes: every reason is a sentence.
    for (const text of await verdict.getByRole('listitem').allTextContents()) expect(text).toMatch(/\s.*\./);
    await expect(page.getByRole('region', { name: 'Certificates the server presented' })).toContainText('127.0.0.1');
    await expectAccessible(page);
    await screenshot(page, 'check-untrusted-en-1024x600');

    // Russian, at runtime: the same verdict in Russian words.
    await page.getByRole('button', { name: 'Русский' }).click();
    await expect(verdict.getByRole('heading')).toContainText('НЕ доверенный');
    await expect(verdict.getByRole('listitem').first()).toHaveText(/[а-яё]/i);
    await screenshot(page, 'check-untrusted-ru-1024x600');
    await page.getByRole('button', { name: 'English' }).click();

    expect(app.cli(['add', 'logServer', peers.root.certPath]).status).toBe(0);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(verdict.getByRole('heading')).toHaveText(/is trusted by its name/, { timeout: 15_000 });
    await screenshot(page, 'check-trusted-en-1024x600');
  });
});
