/**
 * Enrollment and the two certificate replacement windows (issue 7, item 4)
 * against a real ksc-sim: by touch and by keyboard alone, in English and in
 * Russian, axe clean, with screenshots at 1024×600 and 1920×1080.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, expectAccessible, screenshot, type AppUnderTest } from './fixtures/test';
import { startKsc, type RunningKsc } from './support/ksc';
import { tabTo } from './support/keyboard';
import { press, type Mode } from './support/press';
import { expectTouchTargets } from './support/screens';

type Language = 'en' | 'ru';

const WORDS = {
  en: {
    language: 'English',
    required: 'Certificate replacement required',
    next: 'Next: enter the replacement code',
    codeTitle: 'Certificate replacement code',
    entry: 'Replacement code',
    confirm: 'Confirm',
    wrong: /This code is wrong\. 4 attempts left/,
    malformed: /exactly 8 digits\. This did not count/,
    done: /The new certificate is trusted/,
    close: 'Close',
  },
  ru: {
    language: 'Русский',
    required: 'Требуется замена сертификата',
    next: 'Далее: ввести код замены',
    codeTitle: 'Код замены сертификата',
    entry: 'Код замены',
    confirm: 'Подтвердить',
    wrong: /Код неверный\. До блокировки формы осталось 4 попытки/,
    malformed: /ровно из 8 цифр\. Эта попытка не засчитана/,
    done: /Новый сертификат принят как доверенный/,
    close: 'Закрыть',
  },
} as const;

interface ManagementJson {
  state: string;
  deviceId: string | null;
  confirmationCode: string | null;
  failedAttempts: number;
  pinnedFingerprint: string | null;
}

function management(app: AppUnderTest): ManagementJson {
  const r = app.cli(['status', '--json']);
  return (JSON.parse(r.stdout) as { management: ManagementJson }).management;
}

function replacementCode(ksc: RunningKsc, m: ManagementJson): string {
  const r = ksc.admin(['replacement-code', '--device', m.deviceId ?? '', '--confirmation', m.confirmationCode ?? '']);
  expect(r.status, r.stderr).toBe(0);
  const digits = /(\d{4})-?(\d{4})/.exec(r.stdout);
  expect(digits, r.stdout).not.toBeNull();
  return `${digits?.[1]}${digits?.[2]}`;
}

/** Any other 8 digits: the code the operator mistyped. */
const wrongCodeFor = (code: string) => String((Number(code) + 1) % 100_000_000).padStart(8, '0');

/** Enters digits the way the mode allows: the on-screen keypad by touch, the code field's own typing by keyboard. */
async function enterCode(page: Page, mode: Mode, dialog: Locator, text: string, language: Language): Promise<void> {
  if (mode === 'touch') {
    const keypad = dialog.getByRole('group', { name: language === 'en' ? 'Number pad' : 'Цифровая клавиатура' });
    await keypad.getByRole('button', { name: language === 'en' ? 'Clear' : 'Очистить' }).tap();
    for (const digit of text.replace(/\D/g, '')) await keypad.getByRole('button', { name: digit, exact: true }).tap();
  } else {
    const field = dialog.getByLabel(WORDS[language].entry, { exact: true });
    await tabTo(page, field, { backwards: true });
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(text);
  }
}

async function enrollByUi(app: AppUnderTest, ksc: RunningKsc, mode: Mode): Promise<void> {
  const { page } = app;
  await press(page, mode, page.getByRole('button', { name: /^Enrollment and policy|^Подключение и политика/ }));
  await expect(page.getByRole('heading', { name: 'Management server', level: 2 })).toBeVisible();
  const host = page.getByLabel('Management server name or address');
  const port = page.getByLabel('Port', { exact: true });
  await expect(port).toHaveValue('13292');
  if (mode === 'touch') {
    // Typed on the on-screen keyboard, as on a kiosk without a keyboard; its Enter asks the server.
    const osk = page.getByRole('group', { name: 'On-screen keyboard' });
    const tapKeys = async (text: string) => {
      for (const key of text) await osk.locator(`.hg-button[data-skbtn="${key}"]`).tap();
    };
    await host.tap();
    await tapKeys('127.0.0.1');
    await port.tap();
    for (let i = 0; i < 5; i += 1) await osk.locator('.hg-button[data-skbtn="{bksp}"]').tap();
    await tapKeys(String(ksc.port));
    await osk.locator('.hg-button[data-skbtn="{enter}"]').tap();
  } else {
    await host.fill('127.0.0.1');
    await port.fill(String(ksc.port));
    await press(page, mode, page.getByRole('button', { name: 'Get the server’s certificate' }));
  }
  const presented = page.getByRole('region', { name: /Certificate presented by 127\.0\.0\.1/ });
  const groups = ksc.first.fingerprint.replace(/:/g, '').match(/.{4}/g) ?? [];
  await expect(presented).toContainText(groups.join(' '));
  // What the administrator's console says is what the screen shows.
  expect(ksc.admin(['fingerprint']).stdout.replace(/[^0-9A-F]/gi, '').toUpperCase()).toBe(groups.join(''));
  await expect(presented).toContainText('Compare the SHA-256 fingerprint');
  await expectAccessible(page);
  await expectTouchTargets(page);
  await screenshot(page, 'enroll-presented-en-1024x600');
  await press(page, mode, page.getByRole('button', { name: 'Fingerprints match: enroll' }));
  await expect(page.getByRole('status').filter({ hasText: `enrolled with 127.0.0.1:${ksc.port}` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Enrolled' })).toContainText('Connected');
  expect(management(app).state).toBe('ok');
  await expectAccessible(page);
  await screenshot(page, 'enroll-done-en-1024x600');
}

async function switchLanguage(page: Page, mode: Mode, language: Language, scope: Locator | Page = page): Promise<void> {
  await press(page, mode, scope.getByRole('button', { name: WORDS[language].language }).first());
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

for (const mode of ['touch', 'keyboard'] as const) {
  for (const language of ['en', 'ru'] as const) {
    test.describe(`replacement by ${mode} in ${language}`, () => {
      test.use({ hasTouch: mode === 'touch' });
      let ksc: RunningKsc;
      test.beforeEach(async () => {
        ksc = await startKsc();
        expect(ksc.admin(['policy', '--contact-name', 'IT service desk', '--contact-phone', '+7 495 000-00-00', '--contact-email', 'it@example.org']).status).toBe(0);
      });
      test.afterEach(async () => {
        await ksc?.stop();
      });

      test(`enroll, rotate, replace: ${mode}, ${language}`, async ({ app }) => {
        const { page } = app;
        const words = WORDS[language];
        if (mode === 'touch' && language === 'en') {
          await enrollByUi(app, ksc, mode);
          expect(ksc.admin(['rotate', '--cert', ksc.second.cert, '--key', ksc.second.key]).status).toBe(0);
          await press(page, mode, page.getByRole('button', { name: 'Sync now' }));
        } else {
          expect(app.cli(['enroll', `127.0.0.1:${ksc.port}`, '--accept-fingerprint', ksc.first.fingerprint]).status).toBe(0);
          if (language === 'ru') await switchLanguage(page, mode, 'ru');
          expect(ksc.admin(['rotate', '--cert', ksc.second.cert, '--key', ksc.second.key]).status).toBe(0);
          // The CLI's sync: the web host notices the changed state file and the window opens by itself.
          expect(app.cli(['sync']).status).toBe(4);
        }

        // Window 1: the confirmation code is the one main computed.
        const dialog = page.getByRole('dialog', { name: words.required });
        await expect(dialog).toBeVisible({ timeout: 15_000 });
        const m = management(app);
        expect(m.state).toBe('replacement-required');
        await expect(dialog.locator('.confirmation-code')).toHaveAttribute('data-code', m.confirmationCode ?? '');
        await expect(dialog.locator('.confirmation-code')).toContainText(m.confirmationCode ?? 'missing');
        await expect(dialog).toContainText('IT service desk');
        await expect(dialog).toContainText('+7 495 000-00-00');
        await expect(dialog).toContainText('it@example.org');
        const newGroups = ksc.second.fingerprint.replace(/:/g, '').match(/.{4}/g) ?? [];
        await expect(dialog).toContainText(newGroups.join(' '));
        await expect(dialog).toContainText('CN=ksc.test');
        await expectAccessible(page);
        await expectTouchTargets(page);
        await screenshot(page, `replacement-required-${language}-1024x600`, { viewport: true });
        if (mode === 'keyboard') {
          await page.setViewportSize({ width: 1920, height: 1080 });
          await screenshot(page, `replacement-required-${language}-1920x1080`, { viewport: true });
          await page.setViewportSize({ width: 1024, height: 600 });
        }

        // Window 2.
        await press(page, mode, dialog.getByRole('button', { name: words.next }));
        const codeDialog = page.getByRole('dialog', { name: words.codeTitle });
        await expect(codeDialog).toBeVisible();
        const right = replacementCode(ksc, m);

        await enterCode(page, mode, codeDialog, wrongCodeFor(right), language);
        await press(page, mode, codeDialog.getByRole('button', { name: words.confirm }));
        await expect(codeDialog.getByRole('alert')).toHaveText(words.wrong);
        expect(management(app).failedAttempts).toBe(1);

        await enterCode(page, mode, codeDialog, right.slice(0, 7), language);
        await press(page, mode, codeDialog.getByRole('button', { name: words.confirm }));
        await expect(codeDialog.getByRole('alert')).toHaveText(words.malformed);
        expect(management(app).failedAttempts).toBe(1);
        await expectAccessible(page);
        await expectTouchTargets(page);
        await screenshot(page, `replacement-code-${language}-1024x600`, { viewport: true });
        if (mode === 'keyboard') {
          await page.setViewportSize({ width: 1920, height: 1080 });
          await screenshot(page, `replacement-code-${language}-1920x1080`, { viewport: true });
          await page.setViewportSize({ width: 1024, height: 600 });
        }

        // As the administrator reads it out: with a space; main ignores it.
        await enterCode(page, mode, codeDialog, mode === 'keyboard' ? `${right.slice(0, 4)} ${right.slice(4)}` : right, language);
        if (mode === 'keyboard') await page.keyboard.press('Enter');
        else await codeDialog.getByRole('button', { name: words.confirm }).tap();
        const done = page.getByRole('dialog');
        await expect(done.getByRole('status')).toHaveText(words.done);
        const after = management(app);
        expect(after.state).toBe('ok');
        expect(after.pinnedFingerprint).toBe(ksc.second.fingerprint);
        await expectAccessible(page);
        await press(page, mode, done.getByRole('button', { name: words.close }));
        await expect(page.getByRole('dialog')).toHaveCount(0);
      });
    });
  }
}

test('a lock shows a live countdown', async ({ app }) => {
  const ksc = await startKsc();
  try {
    const { page } = app;
    expect(app.cli(['enroll', `127.0.0.1:${ksc.port}`, '--accept-fingerprint', ksc.first.fingerprint]).status).toBe(0);
    ksc.admin(['rotate', '--cert', ksc.second.cert, '--key', ksc.second.key]);
    app.cli(['sync']);
    const right = replacementCode(ksc, management(app));
    for (let i = 0; i < 5; i += 1) app.cli(['replace', '--code', wrongCodeFor(right)]);
    const dialog = page.getByRole('dialog', { name: WORDS.en.required });
    await expect(dialog).toBeVisible({ timeout: 15_000 });
    await dialog.getByRole('button', { name: WORDS.en.next }).click();
    const timer = page.getByRole('timer');
    await expect(timer).toHaveText(/You can try again in [01]:\d\d/);
    const first = await timer.textContent();
    await expect(timer).not.toHaveText(first ?? '', { timeout: 3000 });
    await expect(page.getByRole('button', { name: 'Confirm' })).toBeDisabled();
    await expectAccessible(page);
  } finally {
    await ksc.stop();
  }
});
