/**
 * Every screen at the kiosk's 1024×600 touchscreen and a 1920×1080 monitor, in
 * English and Russian: screenshots as artefacts, axe, and touch-target sizes.
 */
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible, screenshot } from './fixtures/test';
import { CertMaker } from './support/certs';
import { expectTouchTargets } from './support/screens';

const certs = new CertMaker();
test.afterAll(() => certs.cleanup());

const SIZES = [
  { width: 1024, height: 600 },
  { width: 1920, height: 1080 },
];
const WORDS = {
  en: { rdp: /RDP servers/, add: 'Add certificate', paste: 'Paste text', server: 'From a server', preview: 'Preview', remove: 'Remove…', check: 'Test connection', back: 'Back', cancel: 'Cancel', pem: 'Certificate text (PEM)', host: 'Server name or address' },
  ru: { rdp: /Серверы RDP/, add: 'Добавить сертификат', paste: 'Вставить текст', server: 'С сервера', preview: 'Просмотреть', remove: 'Удалить…', check: 'Проверить подключение', back: 'Назад', cancel: 'Отмена', pem: 'Текст сертификата (PEM)', host: 'Имя или адрес сервера' },
} as const;

async function checkScreen(page: Page, name: string, deep: boolean): Promise<void> {
  await screenshot(page, name);
  if (deep) {
    await expectAccessible(page);
    await expectTouchTargets(page);
  }
}

for (const size of SIZES) {
  for (const language of ['en', 'ru'] as const) {
    test(`every screen at ${size.width}×${size.height} in ${language}`, async ({ app }) => {
      // Eight screens with axe each: more than the default minute when the machine is shared.
      test.slow();
      const { page } = app;
      await page.setViewportSize(size);
      const w = WORDS[language];
      const suffix = `${language}-${size.width}x${size.height}`;
      // axe and target sizes do not depend on the window size: measured once per language, at the kiosk's size.
      const deep = size.width === 1024;
      const soon = certs.selfSigned(`soon-${language}-${size.width}.example.org`, { days: 5 });
      const ca = certs.selfSigned(`Example Root CA ${language} ${size.width}`, { ca: true, days: 3650 });
      const server = certs.selfSigned(`rdp-${language}-${size.width}.example.org`);
      for (const cert of [soon, ca, server]) expect(app.cli(['add', 'rdp', cert.path]).status).toBe(0);
      CertMaker.onMedia(server, app.mediaDir, 'server.crt');
      CertMaker.onMedia(ca, app.mediaDir, 'root-ca.pem');
      await page.reload();

      if (language === 'ru') await page.getByRole('button', { name: 'Русский' }).click();
      await expect(page.getByRole('button', { name: w.rdp })).toBeVisible();
      await checkScreen(page, `home-${suffix}`, deep);

      await page.getByRole('button', { name: w.rdp }).click();
      await expect(page.getByRole('option')).toHaveCount(3);
      await checkScreen(page, `list-${suffix}`, deep);

      await page.getByRole('option').first().click();
      await expect(page.getByRole('button', { name: w.remove })).toBeVisible();
      await checkScreen(page, `details-${suffix}`, deep);
      await page.getByRole('button', { name: w.remove }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await checkScreen(page, `remove-dialog-${suffix}`, deep);
      await page.getByRole('button', { name: w.cancel }).click();
      await page.getByRole('button', { name: w.back }).click();

      await page.getByRole('button', { name: w.add }).click();
      await expect(page.getByRole('radio')).toHaveCount(2);
      await checkScreen(page, `add-file-${suffix}`, deep);
      await page.getByRole('button', { name: w.preview }).click();
      await expect(page.getByRole('heading', { level: 3 })).toBeFocused();
      await checkScreen(page, `add-preview-${suffix}`, deep);
      await page.getByRole('button', { name: w.paste }).click();
      await page.getByLabel(w.pem).fill('not a certificate');
      await page.getByRole('button', { name: w.preview }).click();
      await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toBeVisible();
      await checkScreen(page, `add-paste-refused-${suffix}`, deep);
      await page.getByRole('button', { name: w.server }).click();
      await page.getByLabel(w.host).fill('127.0.0.1');
      await checkScreen(page, `add-server-${suffix}`, deep);
      await page.getByRole('button', { name: w.back }).click();

      await page.getByRole('button', { name: w.check }).click();
      await page.getByLabel(w.host).fill('127.0.0.1');
      await page.getByLabel(/^(Port|Порт)$/).fill('1');
      await page.getByRole('button', { name: w.check }).click();
      await expect(page.locator('.verdict, .error-message').first()).toBeVisible({ timeout: 15_000 });
      await checkScreen(page, `check-${suffix}`, deep);
    });
  }
}
