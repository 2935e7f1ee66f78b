/** ts-jest in ESM mode; tests import sources with `.js` suffixes like the build does. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 60000,
  // Says what ../shared provided, or which tests were skipped without it.
  globalTeardown: '<rootDir>/scripts/jest-shared-report.mjs',
};
