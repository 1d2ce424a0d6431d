import { defineConfig } from 'vitest/config';

// `npm run test:packaged`: checks of a packed app in dist/, which only a
// machine with an Electron dist can produce (`npm run package -- --dir`).
// Kept out of `npm test` because it cannot run here; it fails, never skips,
// when there is nothing packed to check.
export default defineConfig({
  test: {
    root: `${__dirname}/../..`,
    include: ['test/packaged/**/*.packaged.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
