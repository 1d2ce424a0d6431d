/**
 * "This device's certificate" (issue 17) against Debian's real scepserver on
 * 127.0.0.1: enrollment with the CA confirmed by its fingerprint, renewal
 * (a new serial, the old one revoked in the depot), removal, and the import
 * of a PKCS#12 file from removable media — by touch (the on-screen keyboard
 * types the challenge and the password) and by keyboard alone, in English and
 * in Russian, axe clean, every target of the screen at least 48 px.
 *
 * scepserver not starting fails the whole file: beforeAll throws, nothing is skipped.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, expectAccessible, screenshot, type AppUnderTest } from './fixtures/test';
import { tabTo } from './support/keyboard';
import { press, type Mode } from './support/press';
import { expectTouchTargets } from './support/screens';
import { startKsc } from './support/ksc';
import { startScepServer, type ScepPeer } from '../test/peers/scep';
import { Pki, daysFromNow } from '../test/peers/pki';

type Language = 'en' | 'ru';

const CHALLENGE = 'kiosk-secret-17';
const P12_PASSWORD = 'usb-pass-42';

const WORDS = {
  en: {
    language: 'English',
    homeHeading: 'Certificates',
    tile: /^This device’s certificate/,
    title: 'This device’s certificate',
    none: 'No certificate',
    valid: 'Valid',
    enroll: 'Enroll with SCEP',
    enrollHeading: 'Enroll with a certificate authority (SCEP)',
    url: 'SCEP address',
    challenge: 'Challenge password',
    cn: 'Device name (CN), optional',
    sans: 'Other names, optional',
    fetchCa: 'Get the CA certificate',
    presented: /^Certificate authority at http:\/\/127\.0\.0\.1:\d+\/scep$/,
    confirm: 'Fingerprints match: enroll',
    enrolled: 'Enrolled: this device now has its certificate.',
    renew: 'Renew now',
    renewTitle: 'Renew the certificate now?',
    renewChallenge: 'Challenge password, if your CA asks for it again',
    renewed: 'Renewed: the new certificate is in use.',
    cancel: 'Cancel',
    remove: 'Remove',
    removeTitle: 'Remove this device’s certificate?',
    removed: 'Removed: this device has no certificate of its own.',
    import: 'Import from removable media',
    importHeading: 'Import a PKCS#12 file',
    files: 'PKCS#12 files on removable media',
    password: 'File password',
    importNow: 'Import',
    imported: 'Imported: the certificate from the file is in use.',
    expiredProblem: /This device’s certificate expired on/,
    managed: 'Set by the policy of IT service desk: only they can enroll this device elsewhere or remove its certificate.',
    open: 'Renew or enroll',
    back: 'Back',
  },
  ru: {
    language: 'Русский',
    homeHeading: 'Сертификаты',
    tile: /^Сертификат этого устройства/,
    title: 'Сертификат этого устройства',
    none: 'Нет сертификата',
    valid: 'Действителен',
    enroll: 'Получить по SCEP',
    enrollHeading: 'Получение сертификата в центре сертификации (SCEP)',
    url: 'Адрес SCEP',
    challenge: 'Пароль запроса (challenge)',
    cn: 'Имя устройства (CN), необязательно',
    sans: 'Другие имена, необязательно',
    fetchCa: 'Получить сертификат ЦС',
    presented: /^Центр сертификации по адресу http:\/\/127\.0\.0\.1:\d+\/scep$/,
    confirm: 'Отпечатки совпадают: получить',
    enrolled: 'Готово: у этого устройства теперь есть сертификат.',
    renew: 'Обновить сейчас',
    renewTitle: 'Обновить сертификат сейчас?',
    renewChallenge: 'Пароль запроса (challenge), если ЦС спросит его снова',
    renewed: 'Обновлён: используется новый сертификат.',
    cancel: 'Отмена',
    remove: 'Удалить',
    removeTitle: 'Удалить сертификат этого устройства?',
    removed: 'Удалён: у этого устройства нет своего сертификата.',
    import: 'Импортировать со съёмного носителя',
    importHeading: 'Импорт файла PKCS#12',
    files: 'Файлы PKCS#12 на съёмных носителях',
    password: 'Пароль файла',
    importNow: 'Импортировать',
    imported: 'Импортирован: используется сертификат из файла.',
    expiredProblem: /Сертификат этого устройства истёк/,
    managed: 'Задан политикой: IT service desk. Только администратор может выпустить сертификат в другом месте или удалить его.',
    open: 'Обновить или получить',
    back: 'Назад',
  },
} as const;

type Words = (typeof WORDS)[Language];

let scep: ScepPeer;
let pki: Pki;

test.beforeAll(async () => {
  scep = await startScepServer({ challenge: CHALLENGE, crtValidDays: 2 });
  pki = new Pki();
});

test.afterAll(async () => {
  await scep?.dispose();
  pki?.cleanup();
});

/** Keys of the on-screen keyboard's shifted Latin layout: pressed after {shift}. */
const SHIFTED = /[A-Z!@#$%^&*()+=;<>?]/;

/** Fills a field the way the mode allows: the on-screen keyboard by touch, typing by keyboard. */
async function fill(page: Page, mode: Mode, field: Locator, text: string): Promise<void> {
  if (mode === 'touch') {
    await field.tap();
    const osk = page.locator('.osk');
    for (const key of text) {
      if (SHIFTED.test(key)) await osk.locator('.hg-button[data-skbtn="{shift}"]').tap();
      await osk.locator(`.hg-button[data-skbtn="${key}"]`).tap();
    }
    await expect(field).toHaveValue(text);
    await osk.locator('.hg-button[data-skbtn="{hide}"]').tap();
  } else {
    await tabTo(page, field);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(text);
  }
}

async function switchLanguage(page: Page, mode: Mode, language: Language): Promise<void> {
  await press(page, mode, page.getByRole('button', { name: WORDS[language].language }));
  await expect(page.getByRole('heading', { name: WORDS[language].homeHeading, level: 2 })).toBeVisible();
}

/** axe, and every target of the screen (and of an open dialog) at least 48 px; the page's shared parts at least 44. */
async function expectUsable(page: Page): Promise<void> {
  await expectAccessible(page);
  await expectTouchTargets(page);
  await expectTouchTargets(page, { within: '#content', min: 48 });
}

async function openScreen(page: Page, mode: Mode, w: Words): Promise<void> {
  await press(page, mode, page.getByRole('button', { name: w.tile }));
  await expect(page.getByRole('heading', { name: w.title, level: 2 })).toBeFocused();
}

interface IdentityJson {
  state: string;
  certificate: { subject: string; issuer: string; serial: string; notBefore: string; notAfter: string; fingerprint: string } | null;
  renewAt: string | null;
}

/** What the device holds, read with the CLI over the same data folder (the UI is not trusted to report on itself). */
function storedIdentity(app: AppUnderTest): IdentityJson {
  const result = app.cli(['identity', 'show', '--json']);
  expect(result.status, `thincert identity show failed: ${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout) as IdentityJson;
}

const groups = (fingerprint: string) => fingerprint.replace(/:/g, '').match(/.{4}/g) ?? [];
const serialOf = (serial: string) => serial.replace(/[^0-9a-f]/gi, '').replace(/^0+/, '').toUpperCase();

/** Enrollment up to the CA's certificate on screen, compared with the depot's CA by its fingerprint groups. */
async function enrollUpToCa(page: Page, mode: Mode, w: Words, challenge: string, names: { cn: string; san: string } | null): Promise<void> {
  await press(page, mode, page.getByRole('button', { name: w.enroll }));
  await expect(page.getByRole('heading', { name: w.enrollHeading })).toBeFocused();
  await fill(page, mode, page.getByLabel(w.url, { exact: true }), scep.url);
  await fill(page, mode, page.getByLabel(w.challenge, { exact: true }), challenge);
  await expect(page.getByLabel(w.challenge, { exact: true })).toHaveAttribute('type', 'password');
  if (names) {
    await fill(page, mode, page.getByLabel(w.cn, { exact: true }), names.cn);
    await fill(page, mode, page.getByLabel(w.sans, { exact: true }), names.san);
  }
  await press(page, mode, page.getByRole('button', { name: w.fetchCa }));
  const caHeading = page.getByRole('heading', { name: w.presented });
  await expect(caHeading).toBeFocused();
  await expect(page.locator('.fingerprint').first()).toContainText(groups(scep.caFingerprint).join(' '));
}

for (const [mode, language] of [
  ['touch', 'en'],
  ['keyboard', 'ru'],
] as const) {
  test.describe(`by ${mode} in ${language}`, () => {
    test.use({ hasTouch: mode === 'touch' });

    test('enrolls against the real scepserver with the CA confirmed by fingerprint, renews, removes', async ({ app }) => {
      test.setTimeout(180_000);
      const { page } = app;
      const w = WORDS[language];
      const cn = `kiosk-${mode}-${language}`;
      if (language !== 'en') await switchLanguage(page, mode, language);
      await expect(page.getByRole('button', { name: w.tile })).toContainText(w.none);

      await openScreen(page, mode, w);
      await expect(page.locator('.facts')).toContainText(w.none);
      await expectUsable(page);
      await screenshot(page, `identity-none-${language}-${mode}`);

      // A wrong challenge: the CA refuses, the refusal is said, nothing is stored; the form comes back for the challenge.
      await enrollUpToCa(page, mode, w, 'not-the-challenge', { cn, san: `DNS:${cn}.test` });
      await expectUsable(page);
      await screenshot(page, `identity-ca-${language}-${mode}`);
      await press(page, mode, page.getByRole('button', { name: w.confirm }));
      await expect(page.locator('#identity-error')).not.toBeEmpty({ timeout: 30_000 });
      await expect(page.getByRole('heading', { name: w.enrollHeading })).toBeFocused();
      // The facts' last failure is the same refusal in the same words, its parameters (the CA's failInfo) filled in.
      const refusal = (await page.locator('#identity-error').innerText()).trim();
      expect(refusal).not.toContain('{{');
      await expect(page.locator('.facts')).toContainText(refusal);
      await expect(page.getByLabel(w.challenge, { exact: true })).toHaveValue('');
      await expect(page.getByLabel(w.cn, { exact: true })).toHaveValue(cn);
      expect(storedIdentity(app).state).toBe('none');
      expect(scep.index().filter((line) => line.includes(cn))).toEqual([]);
      await expectUsable(page);
      await screenshot(page, `identity-refused-${language}-${mode}`);

      // The right challenge: enrolled, the certificate the depot issued is the one in use.
      await fill(page, mode, page.getByLabel(w.challenge, { exact: true }), CHALLENGE);
      await press(page, mode, page.getByRole('button', { name: w.fetchCa }));
      await expect(page.getByRole('heading', { name: w.presented })).toBeFocused();
      await press(page, mode, page.getByRole('button', { name: w.confirm }));
      await expect(page.getByRole('status').filter({ hasText: w.enrolled })).toBeVisible({ timeout: 60_000 });
      await expect(page.getByRole('heading', { name: w.title, level: 2 })).toBeFocused();
      const enrolled = storedIdentity(app);
      expect(enrolled.state).toBe('valid');
      expect(enrolled.certificate?.subject).toContain(cn);
      await expect(page.locator('.facts')).toContainText(w.valid);
      await expect(page.locator('.facts')).toContainText(enrolled.certificate?.subject ?? '?');
      const issued = scep.index().filter((line) => line.includes(cn));
      expect(issued).toHaveLength(1);
      expect(issued[0]).toMatch(/^V\t/);
      await expectUsable(page);
      await screenshot(page, `identity-valid-${language}-${mode}`);

      // Renew now, confirmed on the screen: Cancel (Esc by keyboard) changes nothing; confirming with the challenge
      // (scepserver checks it on renewal too) gets a new serial and a later end, and the depot revokes the old one.
      const renew = page.getByRole('button', { name: w.renew });
      await press(page, mode, renew);
      const renewHeading = page.getByRole('heading', { name: w.renewTitle });
      await expect(renewHeading).toBeFocused();
      await expect(page.locator('#content')).toContainText(scep.url);
      await expect(page.getByLabel(w.renewChallenge, { exact: true })).toHaveAttribute('type', 'password');
      await expectUsable(page);
      await screenshot(page, `identity-renew-${language}-${mode}`);
      if (mode === 'keyboard') await page.keyboard.press('Escape');
      else await page.getByRole('button', { name: w.cancel }).tap();
      await expect(renewHeading).toBeHidden();
      await expect(page.getByRole('heading', { name: w.title, level: 2 })).toBeFocused();
      expect(storedIdentity(app).certificate?.serial).toBe(enrolled.certificate?.serial);
      await press(page, mode, renew);
      await fill(page, mode, page.getByLabel(w.renewChallenge, { exact: true }), CHALLENGE);
      await press(page, mode, page.getByRole('button', { name: w.renew }));
      await expect(page.getByRole('status').filter({ hasText: w.renewed })).toBeVisible({ timeout: 60_000 });
      await expect(page.getByRole('heading', { name: w.title, level: 2 })).toBeFocused();
      const renewed = storedIdentity(app);
      expect(renewed.state).toBe('valid');
      expect(renewed.certificate?.serial).not.toBe(enrolled.certificate?.serial);
      expect(Date.parse(renewed.certificate?.notAfter ?? '')).toBeGreaterThanOrEqual(Date.parse(enrolled.certificate?.notAfter ?? ''));
      await expect(page.locator('.facts')).toContainText(renewed.certificate?.serial ?? '?');
      const lines = scep.index().filter((line) => line.includes(cn));
      expect(lines).toHaveLength(2);
      const bySerial = (serial: string | undefined) => lines.find((line) => line.split('\t')[3]?.replace(/^0+/, '').toUpperCase() === serialOf(serial ?? ''));
      expect(bySerial(enrolled.certificate?.serial)).toMatch(/^R\t/);
      expect(bySerial(renewed.certificate?.serial)).toMatch(/^V\t/);

      // Remove: confirmed in a dialog; the device has no certificate afterwards, and home says so.
      await press(page, mode, page.getByRole('button', { name: w.remove }));
      const removeDialog = page.getByRole('dialog', { name: w.removeTitle });
      await expect(removeDialog.getByRole('button', { name: w.cancel })).toBeFocused();
      await press(page, mode, removeDialog.getByRole('button', { name: w.remove }));
      await expect(page.getByRole('status').filter({ hasText: w.removed })).toBeVisible();
      expect(storedIdentity(app).state).toBe('none');
      await press(page, mode, page.getByRole('button', { name: w.back }));
      await expect(page.getByRole('button', { name: w.tile })).toContainText(w.none);
    });
  });
}

/** A PKCS#12 on the media folder, made by `openssl pkcs12 -export` (OpenSSL 3 defaults) from a client certificate of the test PKI. */
function p12OnMedia(app: AppUnderTest, name: string, options: { commonName: string; notBefore?: Date; notAfter?: Date }): X509Certificate {
  // An RSA CA, as the SCEP CAs this device meets are.
  const root = pki.issue({ name: `${name}-root`, commonName: `${name} Test CA`, key: 'rsa2048', ca: {} });
  const leaf = pki.issue({
    name,
    commonName: options.commonName,
    key: 'rsa2048',
    issuer: root,
    extKeyUsage: ['clientAuth'],
    ...(options.notBefore ? { notBefore: options.notBefore } : {}),
    ...(options.notAfter ? { notAfter: options.notAfter } : {}),
  });
  execFileSync('openssl', ['pkcs12', '-export', '-in', leaf.certPath, '-inkey', leaf.keyPath, '-out', path.join(app.mediaDir, `${name}.p12`), '-passout', `pass:${P12_PASSWORD}`], {
    stdio: 'pipe',
  });
  return leaf.x509;
}

test.describe('import from removable media by keyboard in en', () => {
  test('a wrong password is refused with nothing stored; the right one imports the file’s certificate', async ({ app }) => {
    const { page } = app;
    const w = WORDS.en;
    const leaf = p12OnMedia(app, 'kiosk-import', { commonName: 'kiosk-import.test' });
    await openScreen(page, 'keyboard', w);
    await press(page, 'keyboard', page.getByRole('button', { name: w.import }));
    await expect(page.getByRole('heading', { name: w.importHeading })).toBeFocused();
    await expect(page.getByRole('radio', { name: /kiosk-import\.p12/ })).toBeChecked();
    await expect(page.getByRole('group', { name: w.files })).toBeVisible();
    await expectUsable(page);
    await screenshot(page, 'identity-import-en-keyboard');

    await fill(page, 'keyboard', page.getByLabel(w.password, { exact: true }), 'wrong-password');
    await page.keyboard.press('Enter');
    await expect(page.locator('#identity-error')).not.toBeEmpty({ timeout: 30_000 });
    expect(storedIdentity(app).state).toBe('none');
    await expect(page.getByLabel(w.password, { exact: true })).toHaveValue('');

    await fill(page, 'keyboard', page.getByLabel(w.password, { exact: true }), P12_PASSWORD);
    await press(page, 'keyboard', page.getByRole('button', { name: w.importNow }));
    await expect(page.getByRole('status').filter({ hasText: w.imported })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('heading', { name: w.title, level: 2 })).toBeFocused();
    const stored = storedIdentity(app);
    expect(stored.state).toBe('valid');
    expect(stored.certificate?.fingerprint).toBe(leaf.fingerprint256);
    await expect(page.locator('.facts')).toContainText('kiosk-import.test');
    // An imported file has no SCEP server: there is nothing to renew from.
    await expect(page.getByRole('button', { name: w.renew })).toHaveCount(0);
    await expectUsable(page);
    await screenshot(page, 'identity-imported-en-keyboard');
  });
});

test.describe('an expired identity by touch in ru', () => {
  test.use({ hasTouch: true });

  test('is a problem on the home screen that leads to the identity screen', async ({ app }) => {
    const { page } = app;
    const w = WORDS.ru;
    p12OnMedia(app, 'kiosk-expired', { commonName: 'kiosk-expired.test', notBefore: daysFromNow(-30), notAfter: daysFromNow(-1) });
    await switchLanguage(page, 'touch', 'ru');
    await openScreen(page, 'touch', w);
    await press(page, 'touch', page.getByRole('button', { name: w.import }));
    await expect(page.getByRole('radio', { name: /kiosk-expired\.p12/ })).toBeChecked();
    await fill(page, 'touch', page.getByLabel(w.password, { exact: true }), P12_PASSWORD);
    await press(page, 'touch', page.getByRole('button', { name: w.importNow }));
    await expect(page.getByRole('status').filter({ hasText: w.imported })).toBeVisible({ timeout: 30_000 });
    expect(storedIdentity(app).state).toBe('expired');
    await expect(page.locator('.facts')).toContainText('Истёк');

    await press(page, 'touch', page.getByRole('button', { name: w.back }));
    await expect(page.getByText(w.expiredProblem)).toBeVisible();
    await expectUsable(page);
    await screenshot(page, 'identity-expired-home-ru-touch');
    await press(page, 'touch', page.getByRole('button', { name: w.open }));
    await expect(page.getByRole('heading', { name: w.title, level: 2 })).toBeFocused();
  });
});

test.describe('managed by the policy by keyboard in en', () => {
  test('the screen names who manages the identity and offers neither enroll, import nor remove; the policy enrolls it', async ({ app }) => {
    test.setTimeout(180_000);
    const { page } = app;
    const w = WORDS.en;
    const ksc = await startKsc();
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'thincert-e2e-identity-'));
    try {
      expect(app.cli(['enroll', `127.0.0.1:${ksc.port}`, '--accept-fingerprint', ksc.first.fingerprint]).status).toBe(0);
      const challengeFile = path.join(scratch, 'challenge');
      writeFileSync(challengeFile, CHALLENGE);
      const policy = ksc.admin([
        'policy', '--contact-name', 'IT service desk',
        '--identity-scep', scep.url, '--identity-ca-fingerprint', path.join(scep.depot, 'ca.pem'),
        '--identity-challenge-file', challengeFile, '--identity-cn', 'kiosk-managed',
      ]);
      expect(policy.status, policy.stderr).toBe(0);
      expect(app.cli(['sync']).status).toBe(0);

      await openScreen(page, 'keyboard', w);
      await expect(page.getByText(w.managed)).toBeVisible();
      for (const name of [w.enroll, w.import, w.remove]) await expect(page.getByRole('button', { name })).toHaveCount(0);
      // The device's background enrolls where the policy says, and the screen follows without a reload.
      await expect(page.locator('.facts')).toContainText('kiosk-managed', { timeout: 120_000 });
      await expect(page.locator('.facts')).toContainText(w.valid);
      expect(storedIdentity(app).certificate?.subject).toContain('kiosk-managed');
      await expect(page.getByRole('button', { name: w.renew })).toBeVisible();
      for (const name of [w.enroll, w.import, w.remove]) await expect(page.getByRole('button', { name })).toHaveCount(0);
      await expectUsable(page);
      await screenshot(page, 'identity-managed-en-keyboard');

      // Renewal by policy: the policy's challenge is used, the operator is not asked for one.
      await press(page, 'keyboard', page.getByRole('button', { name: w.renew }));
      await expect(page.getByRole('heading', { name: w.renewTitle })).toBeFocused();
      await expect(page.getByLabel(w.renewChallenge, { exact: true })).toHaveCount(0);
      const before = storedIdentity(app).certificate?.serial;
      await press(page, 'keyboard', page.getByRole('button', { name: w.renew }));
      await expect(page.getByRole('status').filter({ hasText: w.renewed })).toBeVisible({ timeout: 60_000 });
      expect(storedIdentity(app).certificate?.serial).not.toBe(before);
    } finally {
      await ksc.stop();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
