import { test, expect, expectAccessible } from './fixtures/test';
import { CertMaker } from './support/certs';
import { expectTouchTargets, storedCertificates } from './support/screens';

const certs = new CertMaker();
test.afterAll(() => certs.cleanup());

test.describe('certificates by mouse', () => {
  test('adds a certificate from a file on removable media, after a preview', async ({ app }) => {
    const { page } = app;
    const cert = certs.selfSigned('rdp1.example.org');
    CertMaker.onMedia(cert, app.mediaDir, 'rdp1.crt');
    await page.getByRole('button', { name: /RDP servers/ }).click();
    await page.getByRole('button', { name: 'Add certificate' }).click();
    await expect(page.getByRole('radio', { name: /rdp1\.crt/ })).toBeChecked();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('region', { name: /will be added to RDP servers/ });
    await expect(preview).toContainText('CN=rdp1.example.org');
    await expect(preview).toContainText('it will be pinned');
    // Nothing is stored before Confirm.
    expect(storedCertificates(app)).toHaveLength(0);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Add to RDP servers' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Added 1 certificate to RDP servers.' })).toBeVisible();
    await page.getByRole('button', { name: 'Show RDP servers' }).click();
    await expect(page.getByRole('option', { name: /rdp1\.example\.org/ })).toBeVisible();
    await expectTouchTargets(page);
  });

  test('stores the certificate the preview showed, even if the file on the media changed since', async ({ app }) => {
    const { page } = app;
    const shown = certs.selfSigned('shown.example.org');
    const swapped = certs.selfSigned('swapped.example.org');
    CertMaker.onMedia(shown, app.mediaDir, 'server.crt');
    await page.getByRole('button', { name: /RDP servers/ }).click();
    await page.getByRole('button', { name: 'Add certificate' }).click();
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect(page.getByRole('region', { name: /will be added to RDP servers/ })).toContainText('CN=shown.example.org');
    CertMaker.onMedia(swapped, app.mediaDir, 'server.crt');
    await page.getByRole('button', { name: 'Add to RDP servers' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Added 1 certificate to RDP servers.' })).toBeVisible();
    expect(storedCertificates(app).map((c) => c.fingerprint)).toEqual([shown.fingerprint]);
  });

  test('a preview pushed out by 32 newer ones is refused in words and the input comes back to read again', async ({ app }) => {
    const { page } = app;
    const cert = certs.selfSigned('held.example.org');
    const openPaste = async (p: typeof page) => {
      await p.getByRole('button', { name: /Log server/ }).click();
      await p.getByRole('button', { name: 'Add certificate' }).click();
      await p.getByRole('button', { name: 'Paste text' }).click();
      await p.getByLabel('Certificate text (PEM)').fill(cert.pem);
    };
    await openPaste(page);
    await page.getByRole('button', { name: 'Preview' }).click();
    // A second window on the same main previews 32 more: main holds at most 32.
    const other = await page.context().newPage();
    await other.goto(page.url());
    await openPaste(other);
    for (let i = 0; i < 32; i++) {
      await other.getByRole('button', { name: 'Preview' }).click();
      await other.getByRole('button', { name: 'Choose another' }).click();
    }
    await other.close();
    await page.getByRole('button', { name: 'Add to Log server' }).click();
    await expect(page.getByRole('alert')).toContainText('no longer held; read it again');
    expect(storedCertificates(app)).toHaveLength(0);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('button', { name: 'Add to Log server' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Added 1 certificate to Log server.' })).toBeVisible();
    expect(storedCertificates(app).map((c) => c.fingerprint)).toEqual([cert.fingerprint]);
  });

  test('refuses a private key in place and adds nothing', async ({ app }) => {
    const { page } = app;
    const cert = certs.selfSigned('keyholder.example.org');
    await page.getByRole('button', { name: /Log server/ }).click();
    await page.getByRole('button', { name: 'Add certificate' }).click();
    await page.getByRole('button', { name: 'Paste text' }).click();
    await page.getByLabel('Certificate text (PEM)').fill(`${cert.pem}-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n`);
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect(page.getByRole('alert')).toContainText(/private key/i);
    expect(storedCertificates(app)).toHaveLength(0);
  });

  test('adds by paste, shows every detail with grouped fingerprints, and removes after naming it', async ({ app }) => {
    const { page } = app;
    const cert = certs.selfSigned('broker.example.org');
    await page.getByRole('button', { name: /Connection broker/ }).click();
    await page.getByRole('button', { name: 'Add certificate' }).click();
    await page.getByRole('button', { name: 'Paste text' }).click();
    await page.getByLabel('Certificate text (PEM)').fill(cert.pem);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByLabel('Label (optional)').fill('Broker A');
    await page.getByRole('button', { name: 'Add to Connection broker' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Added 1 certificate' })).toBeVisible();
    await page.getByRole('button', { name: 'Show Connection broker' }).click();
    await page.getByRole('option', { name: /Broker A/ }).click();

    await expect(page.getByRole('heading', { level: 2, name: 'Broker A' })).toBeVisible();
    const groups = cert.fingerprint.replace(/:/g, '').match(/.{4}/g) ?? [];
    await expect(page.locator('main')).toContainText(groups.slice(0, 4).join(' '));
    await expect(page.getByRole('region', { name: 'Certificate (PEM)' })).toContainText('BEGIN CERTIFICATE');
    for (const field of ['Subject', 'Issuer', 'Serial number', 'SHA-1 fingerprint', 'Signature algorithm', 'Key usage', 'Server names']) {
      await expect(page.getByRole('term').filter({ hasText: new RegExp(`^${field}$`) })).toBeVisible();
    }
    await expectAccessible(page);

    const opener = page.getByRole('button', { name: 'Remove…' });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Remove this certificate?' });
    await expect(dialog).toContainText('Remove “Broker A” from Connection broker?');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
    await opener.click();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect(page.getByText('No certificate is stored for this purpose yet.')).toBeVisible();
    expect(storedCertificates(app)).toHaveLength(0);
  });

  test('the list and home follow changes made elsewhere, from main\'s storeChanged event', async ({ app }) => {
    const { page } = app;
    const cert = certs.selfSigned('elsewhere.example.org');
    await page.getByRole('button', { name: /RDP servers/ }).click();
    await expect(page.getByText('No certificate is stored for this purpose yet.')).toBeVisible();
    // A second window on the same main adds the certificate; this page only hears main's event.
    const other = await page.context().newPage();
    await other.goto(page.url());
    await other.getByRole('button', { name: /RDP servers/ }).click();
    await other.getByRole('button', { name: 'Add certificate' }).click();
    await other.getByRole('button', { name: 'Paste text' }).click();
    await other.getByLabel('Certificate text (PEM)').fill(cert.pem);
    await other.getByRole('button', { name: 'Preview' }).click();
    await other.getByRole('button', { name: 'Add to RDP servers' }).click();
    await expect(other.getByRole('status').filter({ hasText: 'Added 1 certificate' })).toBeVisible();
    await other.close();
    await expect(page.getByRole('option', { name: /elsewhere\.example\.org/ })).toBeVisible();
    await page.getByRole('button', { name: 'Back' }).click();
    await expect(page.getByRole('button', { name: /RDP servers/ })).toContainText('1 certificate');
  });
});
