/**
 * Issue 16 §3 on the kiosk: an authority limited to names shows its limit in
 * the list and the details, and the purpose screen shows the trust level, in
 * English and Russian.
 */
import { test, expect, expectAccessible } from './fixtures/test';
import { CertMaker } from './support/certs';

const certs = new CertMaker();
test.afterAll(() => certs.cleanup());

test('the list, the details and the purpose screen show name limits and the trust level', async ({ app }) => {
  const { page } = app;
  const ca = certs.selfSigned('Corp Limited Root CA', { ca: true, days: 3650 });
  expect(app.cli(['add', 'rdp', ca.path, '--only-for', 'corp.example,10.0.0.0/8']).status).toBe(0);
  expect(app.cli(['config', 'set', 'trustLevel', 'rdp', 'anchors-only']).status).toBe(0);
  await page.reload();

  await page.getByRole('button', { name: /RDP servers/ }).click();
  await expect(page.getByTestId('trust-level')).toHaveText('Trust level: certificate authorities only');
  await expect(page.getByRole('option', { name: /Corp Limited Root CA/ })).toContainText('only for corp.example, 10.0.0.0/8');
  await expectAccessible(page);

  await page.getByRole('option', { name: /Corp Limited Root CA/ }).click();
  const fact = page.locator('.fact').filter({ hasText: 'Trusted only for' });
  await expect(fact).toContainText('corp.example, 10.0.0.0/8');
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Русский' }).click();
  await expect(page.locator('.fact').filter({ hasText: 'Доверие только для' })).toContainText('corp.example, 10.0.0.0/8');
  await page.getByRole('button', { name: /Назад/ }).click();
  await expect(page.getByTestId('trust-level')).toHaveText('Уровень доверия: только удостоверяющие центры');
});
