/**
 * Remote desktops on the home screen (issue 15) against real xrdp servers and
 * the real FreeRDP 2 on an Xvfb display, all on 127.0.0.1: add, connect,
 * first connection (Cancel, Trust and connect), changed certificate (Reject,
 * Trust the new one), and the managed refusal with a real ksc-sim policy — by
 * touch and by keyboard alone, in English and in Russian, axe clean.
 *
 * The web host gets FreeRDP's extra arguments from THINCERT_FREERDP_ARGS:
 * `+auth-only /u:x /p:y` makes FreeRDP reach xrdp's RDP layer and end.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, expectAccessible, screenshot, type AppUnderTest } from './fixtures/test';
import { startKsc, type RunningKsc } from './support/ksc';
import { tabTo } from './support/keyboard';
import { press, type Mode } from './support/press';
import { expectTouchTargets } from './support/screens';
import { createTestPki, type TestPki } from '../test/peers/test-pki';
import { startXrdp, type XrdpPeer } from '../test/peers/xrdp';
import { startXvfb, type XvfbPeer } from '../test/peers/xvfb';
import { startForwardProxy, type ForwardProxy } from '../test/peers/forward-proxy';

type Language = 'en' | 'ru';

const WORDS = {
  en: {
    language: 'English',
    heading: 'Remote desktops',
    add: 'Add remote desktop',
    name: 'Name',
    host: 'Server name or address',
    port: 'Port',
    save: 'Save',
    connectTo: (name: string) => `Connect to ${name}`,
    firstTitle: /First connection to/,
    trustFirst: 'Trust and connect',
    cancel: 'Cancel',
    changedTitle: /has changed/,
    what: 'What changed:',
    previous: 'Trusted until now',
    presented: 'Presented now',
    trustNew: 'Trust the new one',
    reject: 'Reject',
    started: /Session with .* started/,
    endedProblem: /ended with a problem: .*FreeRDP status 147/,
    managedTitle: /is not trusted/,
    managedExplain: 'only the administrator can trust this server',
    close: 'Close',
    managedList: /set by the policy of IT service desk/,
  },
  ru: {
    language: 'Русский',
    heading: 'Удалённые рабочие столы',
    add: 'Добавить рабочий стол',
    name: 'Название',
    host: 'Имя или адрес сервера',
    port: 'Порт',
    save: 'Сохранить',
    connectTo: (name: string) => `Подключиться к ${name}`,
    firstTitle: /Первое подключение к/,
    trustFirst: 'Доверять и подключиться',
    cancel: 'Отмена',
    changedTitle: /изменился/,
    what: 'Что изменилось:',
    previous: 'Доверенный до сих пор',
    presented: 'Предъявлен сейчас',
    trustNew: 'Доверять новому',
    reject: 'Отклонить',
    started: /Сеанс с .* начат/,
    endedProblem: /завершился с ошибкой: .*FreeRDP status 147/,
    managedTitle: /нет доверия/,
    managedExplain: 'доверить этот сервер может только администратор',
    close: 'Закрыть',
    managedList: /задан политикой: IT service desk/,
  },
} as const;

let pki: TestPki;
let xrdp: XrdpPeer;
let renewed: XrdpPeer;
let xvfb: XvfbPeer;
let proxy: ForwardProxy;

const SESSION_LINE = /Connected client computer name/g;
const sessions = (peer: XrdpPeer) => (peer.log().match(SESSION_LINE) ?? []).length;

test.beforeAll(async () => {
  pki = createTestPki();
  xrdp = await startXrdp({ securityLayer: 'negotiate', certificatePath: pki.rdpRsa.certPath, keyPath: pki.rdpRsa.keyPath });
  // The same server after a renewal: another key and subject, presented at the same address.
  renewed = await startXrdp({ securityLayer: 'negotiate', certificatePath: pki.otherPin.certPath, keyPath: pki.otherPin.keyPath });
  xvfb = await startXvfb();
  // Read by the web host the app fixture starts for each test (it inherits this worker's environment).
  process.env.DISPLAY = xvfb.display;
  process.env.THINCERT_FREERDP_ARGS = '+auth-only /u:x /p:y';
});

test.afterAll(async () => {
  await xrdp?.stop();
  await renewed?.stop();
  await xvfb?.stop();
  pki?.cleanup();
});

test.beforeEach(async () => {
  proxy = await startForwardProxy(xrdp.port);
});

test.afterEach(async () => {
  await proxy?.stop();
});

async function switchLanguage(page: Page, mode: Mode, language: Language): Promise<void> {
  await press(page, mode, page.getByRole('button', { name: WORDS[language].language }));
  await expect(page.getByRole('heading', { name: WORDS[language].heading, level: 2 })).toBeVisible();
}

/** Fills a field the way the mode allows: the on-screen keyboard by touch, typing by keyboard. */
async function fill(page: Page, mode: Mode, field: Locator, text: string, clear = 0): Promise<void> {
  if (mode === 'touch') {
    await field.tap();
    const osk = page.locator('.osk');
    for (let i = 0; i < clear; i += 1) await osk.locator('.hg-button[data-skbtn="{bksp}"]').tap();
    for (const key of text) await osk.locator(`.hg-button[data-skbtn="${key}"]`).tap();
  } else {
    await tabTo(page, field);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(text);
  }
}

async function addDesktop(page: Page, mode: Mode, language: Language, name: string, port: number): Promise<void> {
  const w = WORDS[language];
  await press(page, mode, page.getByRole('button', { name: w.add }));
  await expect(page.getByRole('heading', { name: w.add, level: 3 })).toBeFocused();
  await fill(page, mode, page.getByLabel(w.name, { exact: true }), name);
  await fill(page, mode, page.getByLabel(w.host, { exact: true }), '127.0.0.1');
  await fill(page, mode, page.getByLabel(w.port, { exact: true }), String(port), 4);
  if (mode === 'touch') await page.locator('.osk .hg-button[data-skbtn="{hide}"]').tap();
  await press(page, mode, page.getByRole('button', { name: w.save }));
  await expect(page.getByRole('button', { name: w.connectTo(name) })).toBeVisible();
}

function storedRdp(app: AppUnderTest): { fingerprint: string; servers?: string[] }[] {
  const r = app.cli(['list', 'rdp', '--json']);
  return (JSON.parse(r.stdout) as { certificates: { fingerprint: string }[] }).certificates;
}

for (const [mode, language] of [
  ['touch', 'en'],
  ['keyboard', 'ru'],
] as const) {
  test.describe(`by ${mode} in ${language}`, () => {
    test.use({ hasTouch: mode === 'touch' });

    test('first connection and a changed certificate: Cancel/Reject store nothing; Trust pins and connects', async ({ app }) => {
      const { page } = app;
      const w = WORDS[language];
      if (language !== 'en') await switchLanguage(page, mode, language);
      await expect(page.getByRole('heading', { name: w.heading, level: 2 })).toBeVisible();
      await addDesktop(page, mode, language, 'accounting', proxy.port);
      await expectAccessible(page);
      await expectTouchTargets(page);
      await screenshot(page, `remote-desktops-list-${language}-${mode}`);

      // First connection: the certificate with its SHA-256; Cancel stays blocked.
      const connect = page.getByRole('button', { name: w.connectTo('accounting') });
      await press(page, mode, connect);
      const first = page.getByRole('dialog', { name: w.firstTitle });
      await expect(first).toBeVisible();
      const groups = pki.rdpRsa.x509.fingerprint256.replace(/:/g, '').match(/.{4}/g) ?? [];
      await expect(first).toContainText(groups.join(' '));
      await expect(first.getByRole('button', { name: w.cancel })).toBeFocused();
      await expectAccessible(page);
      await expectTouchTargets(page);
      await screenshot(page, `remote-desktops-first-${language}-${mode}`);
      const before = sessions(xrdp);
      await press(page, mode, first.getByRole('button', { name: w.cancel }));
      await expect(first).toBeHidden();
      await expect(connect).toBeFocused();
      expect(storedRdp(app)).toEqual([]);
      expect(sessions(xrdp)).toBe(before);

      // Trust and connect: pinned (audited), FreeRDP reaches xrdp, main reports the end.
      await press(page, mode, connect);
      await press(page, mode, first.getByRole('button', { name: w.trustFirst }));
      await expect(page.getByRole('status').filter({ hasText: w.endedProblem })).toBeVisible({ timeout: 30_000 });
      expect(sessions(xrdp)).toBe(before + 1);
      expect(storedRdp(app).map((c) => c.fingerprint)).toEqual([pki.rdpRsa.x509.fingerprint256]);

      // The server is renewed: old and new side by side; Reject saves nothing and starts nothing.
      proxy.point(renewed.port);
      await press(page, mode, connect);
      const changed = page.getByRole('dialog', { name: w.changedTitle });
      await expect(changed).toBeVisible();
      await expect(changed.getByRole('region', { name: w.previous })).toContainText(groups.join(' '));
      const newGroups = pki.otherPin.x509.fingerprint256.replace(/:/g, '').match(/.{4}/g) ?? [];
      await expect(changed.getByRole('region', { name: w.presented })).toContainText(newGroups.join(' '));
      await expect(changed).toContainText(w.what);
      await expect(changed.getByRole('button', { name: w.reject })).toBeFocused();
      await expectAccessible(page);
      await expectTouchTargets(page);
      await screenshot(page, `remote-desktops-changed-${language}-${mode}`);
      const renewedBefore = sessions(renewed);
      await press(page, mode, changed.getByRole('button', { name: w.reject }));
      await expect(changed).toBeHidden();
      expect(storedRdp(app).map((c) => c.fingerprint)).toEqual([pki.rdpRsa.x509.fingerprint256]);
      expect(sessions(renewed)).toBe(renewedBefore);

      // Trust the new one: it replaces this server's pin and the session starts.
      await press(page, mode, connect);
      await press(page, mode, changed.getByRole('button', { name: w.trustNew }));
      await expect(page.getByRole('status').filter({ hasText: w.endedProblem })).toBeVisible({ timeout: 30_000 });
      expect(sessions(renewed)).toBe(renewedBefore + 1);
      expect(storedRdp(app).map((c) => c.fingerprint)).toEqual([pki.otherPin.x509.fingerprint256]);
      const audit = app.cli(['audit', '--json']).stdout;
      expect(audit).toContain('connection-allowed');
      expect(audit).not.toContain('/p:y');
    });
  });
}

for (const [mode, language] of [
  ['keyboard', 'en'],
  ['touch', 'ru'],
] as const) {
  test.describe(`managed, by ${mode} in ${language}`, () => {
    test.use({ hasTouch: mode === 'touch' });
    let ksc: RunningKsc;
    test.beforeEach(async () => {
      ksc = await startKsc();
    });
    test.afterEach(async () => {
      await ksc?.stop();
    });

    test('the policy names the desktops; Connect to one it does not vouch for shows the reasons and the contact, no accept', async ({ app }) => {
      const { page } = app;
      const w = WORDS[language];
      expect(app.cli(['enroll', `127.0.0.1:${ksc.port}`, '--accept-fingerprint', ksc.first.fingerprint]).status).toBe(0);
      const policy = ksc.admin([
        'policy', '--managed', 'true', '--remote-desktop', 'Accounting', `127.0.0.1:${proxy.port}`,
        '--contact-name', 'IT service desk', '--contact-phone', '+7 495 000-00-00', '--contact-email', 'it@example.org',
      ]);
      expect(policy.status, policy.stderr).toBe(0);
      expect(app.cli(['sync']).status).toBe(0);
      await page.reload();
      if (language !== 'en') await switchLanguage(page, mode, language);
      await expect(page.getByText(w.managedList)).toBeVisible();
      // Nothing to edit on a managed device.
      await expect(page.getByRole('button', { name: w.add })).toHaveCount(0);
      const connect = page.getByRole('button', { name: w.connectTo('Accounting') });
      await press(page, mode, connect);
      const refusal = page.getByRole('dialog', { name: w.managedTitle });
      await expect(refusal).toBeVisible();
      await expect(refusal).toContainText(w.managedExplain);
      await expect(refusal).toContainText('IT service desk');
      await expect(refusal).toContainText('+7 495 000-00-00');
      await expect(refusal).toContainText('it@example.org');
      await expect(refusal.getByRole('button')).toHaveCount(1);
      await expectAccessible(page);
      await expectTouchTargets(page);
      await screenshot(page, `remote-desktops-managed-${language}-${mode}`);
      await press(page, mode, refusal.getByRole('button', { name: w.close }));
      await expect(refusal).toBeHidden();
      expect(storedRdp(app)).toEqual([]);
    });
  });
}
