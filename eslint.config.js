// ESLint flat config: typescript-eslint's type-checked recommended rules over the sources and tests
// (tsconfig.json) and over the JavaScript scripts, bench and Helm plugin (tsconfig.scripts.json,
// type-checked as JavaScript). `npm run lint` runs it with Prettier's check; both are in .ci/run.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_GLOBALS = [
  'process',
  'console',
  'require',
  'module',
  'exports',
  '__dirname',
  '__filename',
  'Buffer',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'setImmediate',
  'queueMicrotask',
  'URL',
  'URLSearchParams',
  'performance',
  'TextDecoder',
  'TextEncoder',
  'AbortController',
  'structuredClone',
  'globalThis',
];

export default tseslint.config(
  { ignores: ['dist/', 'gen/', 'node_modules/', 'coverage/', 'test/golden/', 'examples/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // The scripts are JavaScript checked by TypeScript (tsconfig.scripts.json, JSDoc types).
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs', 'helm-plugin/**/*.cjs', 'eslint.config.js', 'jest.config.js'],
    languageOptions: {
      parserOptions: { projectService: false, project: ['./tsconfig.scripts.json'], tsconfigRootDir: import.meta.dirname },
      // Node's globals (the scripts run on Node only).
      globals: Object.fromEntries(NODE_GLOBALS.map((name) => [name, 'readonly'])),
    },
    // Their types come from TypeScript's checkJs (`npm run lint` runs tsc on tsconfig.scripts.json);
    // untyped JavaScript values are `any` to the type-aware rules, which would flag every call.
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // jest's asymmetric matchers (expect.objectContaining, expect.any, …) are typed `any`.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
