/**
 * Issue 13, hole 2: a paste larger than a certificate file may be is refused
 * on the page, in the operator's language, before it is sent to main.
 */
import { test, expect } from './fixtures/test';
import { storedCertificates } from './support/screens';

test('refuses a paste over 1 MiB before sending it, and stores nothing', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: /RDP servers/ }).click();
  await page.getByRole('button', { name: 'Add certificate' }).click();
  await page.getByRole('button', { name: 'Paste text' }).click();
  const line = 'MIIBszCCAVmgAwIBAgIUQ2hlY2sgdGhlIHNpemUgYmVmb3JlIHNlbmRpbmcwCgYI\n';
  const text = `-----BEGIN CERTIFICATE-----\n${line.repeat(Math.ceil((1024 * 1024) / line.length) + 1)}-----END CERTIFICATE-----\n`;
  // As a paste arrives: the whole text in one input event (typing a megabyte would take minutes).
  await page.getByLabel('Certificate text (PEM)').evaluate((field, value) => {
    const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
    setValue?.call(field, value);
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
  await page.getByRole('button', { name: 'Preview' }).click();
  // Main's own refusal of such text speaks of a file; this one is the page's.
  await expect(page.getByRole('alert')).toContainText('The pasted text is larger than the 1 MiB a certificate may be.');
  expect(storedCertificates(app)).toHaveLength(0);
  // Within the limit the paste goes to main as before.
  await page.getByLabel('Certificate text (PEM)').fill('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('alert')).not.toContainText('pasted text is larger');
  await expect(page.getByRole('alert')).toContainText(/\S/);
});
