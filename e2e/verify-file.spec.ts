/**
 * Issue 16: "Check a certificate file" beside Test connection — a chain from
 * removable media (or pasted) judged by the trust rules, nothing stored. By
 * keyboard alone in English and by touch in Russian, axe clean.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible, screenshot } from './fixtures/test';
import { tabTo } from './support/keyboard';
import { expectTouchTargets, storedCertificates } from './support/screens';

const dir = mkdtempSync(path.join(os.tmpdir(), 'thincert-e2e-verify-'));
let caPath: string;
let chainPem: string;

/** A CA and a server certificate it issued for files.example.org, made with openssl. */
test.beforeAll(() => {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  run(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '365', '-subj', '/CN=ThinCert E2E Files CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  run(['req', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=files.example.org']);
  writeFileSync(path.join(dir, 'leaf.ext'), '[v3]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:files.example.org\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
  run(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-days', '90', '-extfile', 'leaf.ext', '-extensions', 'v3', '-out', 'leaf.pem']);
  caPath = path.join(dir, 'ca.pem');
  chainPem = readFileSync(path.join(dir, 'leaf.pem'), 'utf8');
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

function prepare(app: { cli(args: string[]): { status: number }; mediaDir: string }): void {
  expect(app.cli(['add', 'broker', caPath]).status).toBe(0);
  writeFileSync(path.join(app.mediaDir, 'new-server.pem'), chainPem);
}

test.describe('check a certificate file by keyboard (English)', () => {
  test('trusted for the right name, not for another, the name check skipped when empty; nothing stored', async ({ app }) => {
    const { page } = app;
    prepare(app);
    const before = storedCertificates(app);
    await tabTo(page, page.getByRole('button', { name: /Connection broker/ }));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('button', { name: 'Check a certificate file' }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Check a certificate file: Connection broker' })).toBeVisible();

    const file = page.getByRole('radio', { name: /new-server\.pem/ });
    await tabTo(page, file);
    await page.keyboard.press('Space');
    await expect(file).toBeChecked();
    await tabTo(page, page.getByLabel('Server name (optional)'));
    await page.keyboard.type('files.example.org');
    await page.keyboard.press('Enter');
    const verdict = page.locator('.verdict');
    await expect(verdict.getByRole('heading')).toHaveText('Trusted: a stored authority issued this certificate.', { timeout: 15_000 });
    await expect(verdict).toContainText('Checked for the name files.example.org.');
    await expect(page.getByRole('heading', { name: 'Certificates in the file' })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'verify-file-trusted-en-1024x600');

    await tabTo(page, page.getByLabel('Server name (optional)'));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('other.example.org');
    await tabTo(page, page.getByRole('button', { name: 'Check', exact: true }));
    await page.keyboard.press('Enter');
    await expect(verdict.getByRole('heading')).toHaveText('NOT trusted', { timeout: 15_000 });
    await expect(verdict.locator('[data-code="name-mismatch"]')).toContainText('other.example.org');
    await expectAccessible(page);

    await tabTo(page, page.getByLabel('Server name (optional)'));
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Enter');
    await expect(verdict).toContainText('The name was not checked', { timeout: 15_000 });
    expect(storedCertificates(app)).toEqual(before);
  });
});

test.describe('check a certificate file by touch (Russian)', () => {
  test.use({ hasTouch: true });

  async function tapTo(page: Page, name: RegExp | string): Promise<void> {
    await page.getByRole('button', typeof name === 'string' ? { name, exact: true } : { name }).tap();
  }

  test('taps through in Russian: a file from the media, no name, then pasted text with nothing to paste', async ({ app }) => {
    const { page } = app;
    prepare(app);
    await tapTo(page, 'Русский');
    await tapTo(page, /Брокер подключений/);
    await tapTo(page, 'Проверить файл сертификата');
    await expect(page.getByRole('heading', { name: /Проверка файла сертификата/ })).toBeVisible();
    await page.getByText('new-server.pem', { exact: true }).tap();
    await expect(page.getByRole('radio', { name: /new-server\.pem/ })).toBeChecked();
    await tapTo(page, 'Проверить');
    const verdict = page.locator('.verdict');
    await expect(verdict.getByRole('heading')).toHaveText('Доверенный: сертификат выдан сохранённым центром сертификации.', { timeout: 15_000 });
    await expect(verdict).toContainText('Имя не проверялось');
    await expectAccessible(page);
    await expectTouchTargets(page);
    await screenshot(page, 'verify-file-trusted-ru-1024x600');

    await tapTo(page, 'Вставить текст PEM');
    await tapTo(page, 'Проверить');
    await expect(page.getByRole('alert')).toHaveText('Сначала вставьте текст сертификата.');
    await expectAccessible(page);
  });
});

test.describe('check a certificate file: revocation as Test connection applies it', () => {
  test('soft mode: a chain with no revocation source is trusted with the warning shown', async ({ app }) => {
    const { createRevocationPki } = await import('../test/peers/revocation-pki');
    const rev = await createRevocationPki();
    try {
      const { page } = app;
      expect(app.cli(['add', 'broker', rev.ca.certPath]).status).toBe(0);
      expect(app.cli(['config', 'set', 'revocation', 'broker', 'soft']).status).toBe(0);
      writeFileSync(path.join(app.mediaDir, 'no-source.pem'), rev.leaves.noSource.pem);
      await page.getByRole('button', { name: /Connection broker/ }).click();
      await page.getByRole('button', { name: 'Check a certificate file' }).click();
      await page.getByText('no-source.pem', { exact: true }).click();
      await page.getByRole('button', { name: 'Check', exact: true }).click();
      const verdict = page.locator('.verdict');
      await expect(verdict.getByRole('heading')).toHaveText('Trusted: a stored authority issued this certificate.', { timeout: 15_000 });
      await expect(verdict.locator('.warnings [data-code="revocation-unknown"]')).toBeVisible();
      await expectAccessible(page);
    } finally {
      rev.cleanup();
    }
  });
});
