import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * Playwright cannot download its browsers here: Debian's Chromium drives the
 * suite through the web host. Where an Electron binary exists
 * (ELECTRON_OVERRIDE_DIST_PATH), the project `electron` runs the same specs
 * on the real app. A missing browser fails loudly instead of skipping.
 */
export const CHROMIUM = process.env.THINCERT_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install chromium (or set THINCERT_CHROMIUM).`);
}

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const electronDist = process.env.ELECTRON_OVERRIDE_DIST_PATH;

export default defineConfig<{ host: 'web' | 'electron' }>({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  use: {
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_FLAGS },
    viewport: { width: 1024, height: 600 },
    trace: 'off',
  },
  projects: [
    { name: 'web-chromium', use: { browserName: 'chromium' } },
    ...(electronDist ? [{ name: 'electron', use: { host: 'electron' as const } }] : []),
  ],
});
