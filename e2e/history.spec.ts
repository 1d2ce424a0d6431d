/** The History screen and the log server setting (issue 10, item 4), by keyboard alone. */
import { test, expect, expectAccessible, screenshot } from './fixtures/test';
import { CertMaker } from './support/certs';
import { tabTo, expectFocusRing } from './support/keyboard';
import { expectTouchTargets } from './support/screens';

const certs = new CertMaker();
test.afterAll(() => certs.cleanup());

test('a change made through the CLI appears in History, filterable by keyboard alone', async ({ app }) => {
  const { page } = app;
  const cert = certs.selfSigned('history.example.org');
  expect(app.cli(['add', 'rdp', cert.path]).status).toBe(0);

  const historyTile = page.getByRole('button', { name: /^History/ });
  await tabTo(page, historyTile);
  await expectFocusRing(historyTile);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'History', level: 2 })).toBeVisible();
  const list = page.getByRole('region', { name: 'History records' });
  const row = list.getByRole('listitem').filter({ hasText: /Certificate “[^”]*CN=history\.example\.org[^”]*” added for RDP servers/ });
  await expect(row).toBeVisible();
  await expect(row).toContainText('from the command line');
  await expect(row).toContainText(cert.fingerprint.replace(/:/g, '').match(/.{4}/g)?.join(' ') ?? 'missing');
  await expectAccessible(page);
  await expectTouchTargets(page);
  await screenshot(page, 'history-en-1024x600');

  // A change while the screen is open arrives by itself.
  const second = certs.selfSigned('broker.example.org');
  expect(app.cli(['add', 'broker', second.path]).status).toBe(0);
  await expect(list.getByRole('listitem').first()).toContainText('broker.example.org', { timeout: 10_000 });

  // Purpose filter: Connection broker hides the RDP record.
  const broker = page.getByRole('group', { name: 'Purpose' }).getByRole('button', { name: 'Connection broker' });
  await tabTo(page, broker);
  await page.keyboard.press('Enter');
  await expect(broker).toHaveAttribute('aria-pressed', 'true');
  await expect(row).toHaveCount(0);
  await expect(list.getByRole('listitem')).toHaveCount(1);
  const all = page.getByRole('group', { name: 'Purpose' }).getByRole('button', { name: 'All' });
  await tabTo(page, all, { backwards: true });
  await page.keyboard.press('Enter');
  await expect(row).toBeVisible();

  // Event filter, a native select moved with the arrow keys.
  const select = page.getByLabel('Event');
  await tabTo(page, select);
  await expectFocusRing(select);
  await page.keyboard.press('ArrowDown');
  await expect(select).toHaveValue('certificate-added');
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await page.keyboard.press('ArrowDown');
  await expect(select).toHaveValue('certificate-removed');
  await expect(page.getByText('No record matches.')).toBeVisible();
  await page.keyboard.press('ArrowUp');

  // The list itself scrolls by keyboard: it is one Tab stop.
  await tabTo(page, list);
  await expectFocusRing(list);
  await expectAccessible(page);

  // In Russian, with the time in Russian.
  const russian = page.getByRole('button', { name: 'Русский' });
  await tabTo(page, russian, { backwards: true });
  await page.keyboard.press('Enter');
  const listRu = page.getByRole('region', { name: 'Записи журнала' });
  await expect(listRu).toContainText('CN=history.example.org» добавлен для назначения «Серверы RDP»');
  await expect(listRu).toContainText('из командной строки');
  await expectAccessible(page);
  await screenshot(page, 'history-ru-1024x600');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(page, 'history-ru-1920x1080');
});

test('log server setting: set, test connection with reasons, send now, clear — by keyboard', async ({ app }) => {
  const { page } = app;
  const tile = page.getByRole('button', { name: /^Record delivery/ });
  await tabTo(page, tile);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Log server setting', level: 2 })).toBeVisible();
  await expect(page.locator('main')).toContainText('No log server set');
  const field = page.getByLabel('Log server address (HOST:PORT)');
  await tabTo(page, field);
  // Port 1 on loopback: nothing listens, so the reason is a refused connection.
  await page.keyboard.type('127.0.0.1:1');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Saved.')).toBeVisible();
  expect(app.cli(['config', 'get', 'logServer']).stdout).toContain('127.0.0.1:1');

  await tabTo(page, page.getByRole('button', { name: 'Test connection' }));
  await page.keyboard.press('Enter');
  const verdict = page.locator('.verdict');
  await expect(verdict.getByRole('heading')).toHaveText('127.0.0.1:1 is NOT trusted', { timeout: 15_000 });
  await expect(verdict.getByRole('listitem').first()).toContainText('refused the connection');

  await tabTo(page, page.getByRole('button', { name: 'Send now' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: /127\.0\.0\.1:1/ })).toBeVisible({ timeout: 15_000 });
  await expectAccessible(page);
  await expectTouchTargets(page);
  await screenshot(page, 'log-server-en-1024x600');

  await tabTo(page, page.getByRole('button', { name: 'Clear' }), { backwards: true });
  await page.keyboard.press('Enter');
  await expect(field).toHaveValue('');
  expect(app.cli(['config', 'get', 'logServer']).stdout).not.toContain('127.0.0.1:1');
  // Both changes of where the records go are themselves records.
  const history = (JSON.parse(app.cli(['audit', '--json']).stdout) as { records?: { event: string }[] } | { event: string }[]);
  const records = Array.isArray(history) ? history : (history.records ?? []);
  expect(records.filter((r) => r.event === 'setting-changed')).toHaveLength(2);
});
