/** Three tiers: unit specs beside the code, integration and end-to-end tests in test/. */
const tsJest = [
  'ts-jest',
  { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false },
];
const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // jest cannot require() an ES module on Node 20 (Node itself can); @fastify/static does.
    '^content-disposition$': 'content-disposition-cjs',
  },
  transform: { '^.+\\.ts$': tsJest },
  testEnvironment: 'node',
};

export default {
  testTimeout: 60000,
  // Jest's default is one worker per core minus one: a single worker on a 2-core machine, where
  // most of a suite's time is spent waiting for PostgreSQL and Chromium. Two keep the cores busy.
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs'],
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/web/src/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
      setupFiles: ['reflect-metadata'],
    },
    {
      ...shared,
      // Services and repositories on a database cloned from the e2e template, no HTTP (test/support/ctx.ts).
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
      setupFiles: ['reflect-metadata'],
    },
    {
      ...shared,
      // The browser console driven by a headless Chromium (test/web/support/chromium.ts) against the real server and database.
      displayName: 'web',
      testMatch: ['<rootDir>/test/web/**/*.web-spec.ts'],
      globalSetup: '<rootDir>/test/web/global-setup.mjs',
      globalTeardown: '<rootDir>/test/web/global-teardown.mjs',
      setupFiles: ['reflect-metadata'],
    },
  ],
};
