// ESLint for the repository's TypeScript and JavaScript (`npm test` runs it): the recommended rules of ESLint and
// typescript-eslint. Layout is Prettier's job (.prettierrc.json), so no rule here is about formatting.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'build/',
      'node_modules/',
      '.venv/',
      'models/',
      'bench/results/',
      // The examples' installs and builds, and the package's assets their builds copy in.
      'examples/*/node_modules/',
      'examples/*/dist/',
      'examples/*/public/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // An unused argument that names what a callback receives reads better than a bare position.
      '@typescript-eslint/no-unused-vars': ['error', { args: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    // The element, its workers, the tests and the bench pages run in a browser page or worker.
    files: [
      'src/**',
      'test/**/*.ts',
      'test/support/*.js',
      'test/package/bundler-app/**',
      'bench/*-page/**',
      'bench/*.js',
      'demo/**',
      'docs/**',
      'examples/*/src/**',
    ],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  // Scripts and configs run in Node; those that drive Chromium also hand it functions that run in the page.
  { files: ['**/*.mjs'], languageOptions: { globals: globals.node } },
  {
    files: ['bench/*.mjs', 'scripts/*.mjs', 'test/demo/*.mjs', 'test/package/examples.test.mjs'],
    languageOptions: { globals: globals.browser },
  },
  // The examples' Vite configs run in Node.
  { files: ['examples/*/vite.config.js'], languageOptions: { globals: globals.node } },
  // The soak bench's page exposes its steps as `window.soak` (bench/soak-page/soak.js).
  { files: ['bench/soak.mjs'], languageOptions: { globals: { soak: 'readonly' } } },
  {
    // Chai's property assertions (`expect(x).to.be.true`) are expressions by design.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
