/** One way to press a control in each input mode the kiosk has, so a spec runs the same steps by touch and by keyboard. */
import type { Locator, Page } from '@playwright/test';
import { expectFocusRing, tabTo } from './keyboard';

export type Mode = 'touch' | 'keyboard';

/** Touch: a tap. Keyboard: Tab to it as a person would, check its focus ring is visible, then Enter. */
export async function press(page: Page, mode: Mode, target: Locator): Promise<void> {
  if (mode === 'touch') await target.tap();
  else {
    await tabTo(page, target);
    await expectFocusRing(target);
    await page.keyboard.press('Enter');
  }
}
