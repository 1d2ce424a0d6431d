/** What every screen must satisfy, checked from the specs that reach it. */
import type { Page } from '@playwright/test';
import { expect } from '../fixtures/test';

/**
 * Every button, link, input, option and on-screen key is at least 44×44 CSS px (WCAG 2.5.5);
 * a screen that promises more (the identity screen: 48) names its part of the page and its minimum.
 */
export async function expectTouchTargets(page: Page, options: { within?: string; min?: number } = {}): Promise<void> {
  const min = options.min ?? 44;
  const small = await page
    .locator(options.within ?? 'body')
    .locator('button, a[href], input, textarea, select, summary, [role="option"], [tabindex="0"], .hg-button')
    .evaluateAll((elements, least) =>
      elements
        .filter((e) => {
          const style = getComputedStyle(e);
          return style.visibility !== 'hidden' && style.display !== 'none' && e.getClientRects().length > 0;
        })
        .map((e) => {
          // A radio button counts with its label: the whole label is the target a finger presses.
          const target = e instanceof HTMLInputElement && e.type === 'radio' && e.closest('label') ? e.closest('label') ?? e : e;
          const box = target.getBoundingClientRect();
          return { what: `${e.tagName.toLowerCase()} "${(e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40)}"`, width: Math.round(box.width), height: Math.round(box.height) };
        })
        .filter((b) => b.width < least || b.height < least),
      min,
    );
  expect(small).toEqual([]);
}

/** What the store holds, read with the CLI over the same data folder (the UI is not trusted to report on itself). */
export function storedCertificates(app: { cli(args: string[]): { status: number; stdout: string; stderr: string } }): { fingerprint: string; purposes: string[]; label: string | null }[] {
  const result = app.cli(['list', '--json']);
  expect(result.status, `thincert list failed: ${result.stderr}`).toBe(0);
  return (JSON.parse(result.stdout) as { certificates: { fingerprint: string; purposes: string[]; label: string | null }[] }).certificates;
}
