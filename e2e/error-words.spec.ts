/**
 * Issue 14, one error vocabulary: every code main can answer has words in
 * both catalogues, so a refusal is said in the operator's language, not in
 * main's English. Against a real closed port on 127.0.0.1.
 */
import { createServer } from 'node:net';
import { test, expect, expectAccessible } from './fixtures/test';

/** A port nothing listens on: bound, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

test('a server that refuses the connection is said in Russian on a Russian screen', async ({ app }) => {
  const { page } = app;
  const port = await closedPort();
  await page.getByRole('button', { name: 'Русский' }).click();
  await page.getByRole('button', { name: /Брокер подключений/ }).click();
  await page.getByRole('button', { name: 'Добавить сертификат' }).click();
  await page.getByRole('button', { name: 'С сервера' }).click();
  await page.getByLabel('Имя или адрес сервера').fill('127.0.0.1');
  await page.getByLabel('Порт').fill(String(port));
  await page.getByRole('button', { name: 'Получить сертификаты сервера' }).click();
  await expect(page.locator('#add-error')).toHaveText(`127.0.0.1:${port} отклонил подключение: на этом порту ничего не слушает.`, { timeout: 15_000 });
  await expectAccessible(page);
});
