// Layering (ARCHITECTURE.md): renderer → app; main hosts → main/core → app.
// main/core never imports electron, a host or the renderer; app imports nothing
// of ours and no Node; the renderer reaches main only through window.thinCert.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeBuiltinPaths = nodeBuiltins.map((name) => ({ name, message: 'Node built-ins are for main/ only.' }));
const noElectron = { name: 'electron', message: 'main/core and app/ must run without Electron (tests, CLI, web host).' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'e2e/artifacts/**', 'bench/work/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  // CommonJS files load with require() by definition (the bench's floor scripts start as plain Node programs).
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['**/electron/*', '**/web/*', '**/cli/*', '**/sim/*', '**/renderer/**'], message: 'main/core must not import a host, the CLI, the simulator or the renderer.' },
          ],
        },
      ],
    },
  },
  {
    // Issue 14: the CLI calls the contract (service.call) and nothing else of the core; pure helpers it needs live in app/ or main/cli/.
    files: ['main/cli/**/*.ts'],
    ignores: ['main/cli/**/*.test.ts', 'main/cli/test-support/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/**', '!**/core/create-service', '!**/core/service', '!**/core/errors'],
              allowTypeImports: true,
              message: 'The CLI reaches the core through service.call (app/channels.ts, app/main-channels.ts) only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...nodeBuiltinPaths],
          patterns: [{ group: ['**/main/**', '**/renderer/**'], message: 'app/ is the contract: it imports nothing of ours.' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer reaches main only through window.thinCert.' }, ...nodeBuiltinPaths],
          patterns: [{ group: ['**/main/**'], message: 'The renderer reaches main only through window.thinCert.' }],
        },
      ],
    },
  },
);
