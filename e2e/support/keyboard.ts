/** Keyboard-only driving: every step is a key press; the page is only read, never clicked. */
import type { Locator, Page } from '@playwright/test';
import { expect } from '../fixtures/test';

/** Presses Tab (or Shift+Tab) until `target` has focus, as a person would, and fails if it never does. */
export async function tabTo(page: Page, target: Locator, options: { backwards?: boolean; max?: number } = {}): Promise<void> {
  const key = options.backwards ? 'Shift+Tab' : 'Tab';
  for (let i = 0; i < (options.max ?? 40); i += 1) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(key);
  }
  await expect(target, `never reached by ${key}`).toBeFocused();
}

/** The focused element shows a visible focus indicator (outline or box-shadow). */
export async function expectFocusRing(target: Locator): Promise<void> {
  const ring = await target.evaluate((el) => {
    const style = getComputedStyle(el);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
  });
  expect(ring, 'focused element has a visible focus ring').toBe(true);
}
