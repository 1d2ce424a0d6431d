/**
 * 10,000 certificates in one purpose. The store caps one file at 1,000
 * certificates and making 10,000 with openssl would take minutes, so the real
 * web host's `list` answer is widened on the wire (Playwright's WebSocket
 * route) to 10,000 entries; everything else is the real app.
 */
import { test, expect, expectAccessible } from './fixtures/test';
import { CertMaker } from './support/certs';
import { tabTo } from './support/keyboard';

const COUNT = 10_000;
const certs = new CertMaker();
test.afterAll(() => certs.cleanup());

function many(template: Record<string, unknown>): Record<string, unknown>[] {
  return Array.from({ length: COUNT }, (_, i) => {
    const hex = i.toString(16).toUpperCase().padStart(8, '0');
    return {
      ...template,
      fingerprint: `${hex.match(/../g)?.join(':')}:${String(template.fingerprint).slice(12)}`,
      subject: `CN=host-${String(i + 1).padStart(5, '0')}.example.org, O=Example`,
      label: null,
    };
  });
}

test('10,000 certificates: only the rows in view exist, arrows and End reach the last one, scrolling stays smooth', async ({ app }) => {
  test.setTimeout(150_000);
  const { page } = app;
  const cert = certs.selfSigned('template.example.org');
  expect(app.cli(['add', 'rdp', cert.path]).status).toBe(0);

  await page.routeWebSocket(/\/ws/, (ws) => {
    const server = ws.connectToServer();
    // The page the renderer asked for (issue 14: the first screenful, then the rest), cut from the 10,000.
    const pages = new Map<number, { offset?: number; limit?: number }>();
    ws.onMessage((message) => {
      const parsed = JSON.parse(String(message)) as { id: number; channel: string; payload?: { offset?: number; limit?: number } };
      // main holds one certificate: its whole list is the template for every page.
      if (parsed.channel === 'list') pages.set(parsed.id, { offset: parsed.payload?.offset ?? 0, ...(parsed.payload?.limit ? { limit: parsed.payload.limit } : {}) });
      server.send(parsed.channel === 'list' ? JSON.stringify({ ...parsed, payload: { purpose: 'rdp' } }) : message);
    });
    server.onMessage((message) => {
      const parsed = JSON.parse(String(message)) as { type: string; id?: number; result?: { ok: boolean; value?: { certificates: Record<string, unknown>[] } } };
      const template = parsed.result?.value?.certificates?.[0];
      const page = parsed.id === undefined ? undefined : pages.get(parsed.id);
      if (parsed.type === 'result' && page && template) {
        const offset = page.offset ?? 0;
        const certificates = many(template).slice(offset, page.limit === undefined ? undefined : offset + page.limit);
        ws.send(JSON.stringify({ ...parsed, result: { ok: true, value: { certificates, total: COUNT } } }));
      } else ws.send(message);
    });
  });
  await page.reload();
  await page.getByRole('button', { name: /RDP servers/ }).click();
  // Not a speed check (npm run bench is): 10,000 entries are rebuilt on the wire and validated at the
  // renderer's boundary, which takes a while on two busy cores.
  await expect(page.getByText('10,000 certificates, riskiest first')).toBeVisible({ timeout: 60_000 });
  const rendered = await page.getByRole('option').count();
  expect(rendered).toBeGreaterThan(0);
  expect(rendered).toBeLessThan(60);

  const first = page.getByRole('option').first();
  await tabTo(page, first);
  await expect(first).toHaveAttribute('aria-posinset', '1');
  await expect(first).toHaveAttribute('aria-setsize', String(COUNT));
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[role="option"][aria-posinset="2"]')).toBeFocused();
  await page.keyboard.press('End');
  const last = page.locator(`[role="option"][aria-posinset="${COUNT}"]`);
  await expect(last).toBeFocused();
  await expect(last).toContainText('host-10000.example.org');
  await page.keyboard.press('PageUp');
  await expect(page.locator('[role="option"][aria-posinset="10000"]')).not.toBeFocused();
  await expectAccessible(page);

  // Scroll the whole list top to bottom in 100 jumps of 100 rows, one per frame: every jump renders all-new rows.
  const frames = await page.locator('.cert-list').evaluate(async (list) => {
    list.scrollTop = 0;
    const times: number[] = [];
    let previous = performance.now();
    for (let step = 1; step <= 100; step += 1) {
      list.scrollTop = (list.scrollHeight * step) / 100;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const now = performance.now();
      times.push(now - previous);
      previous = now;
    }
    return times.sort((x, y) => x - y);
  });
  const median = frames[Math.floor(frames.length / 2)] ?? Infinity;
  test.info().annotations.push({ type: 'frames', description: `median ${median.toFixed(1)} ms, slowest ${frames.at(-1)?.toFixed(1)} ms` });
  // Headless Chromium without a GPU on two shared cores: a generous bound (60 fps is 16.7 ms) that a
  // non-virtualised list of 10,000 rows misses by far; the slowest frame is reported, not judged, as it
  // measures the machine's other load more than this list.
  expect(median).toBeLessThan(100);
  expect(await page.getByRole('option').count()).toBeLessThan(60);

  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'host-00001.example.org' }).or(page.getByRole('alert').filter({ hasText: /\S/ }))).toBeVisible();
});
