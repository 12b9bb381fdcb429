import { defineConfig } from 'vitest/config';

/**
 * Test kinds, by file name:
 *   *.test.ts      unit tests, no database
 *   *.int.test.ts  integration tests on a real database: run on PGlite, and again on PostgreSQL when
 *                  TEST_DATABASE_URL is set (required under CI=true)
 *   *.e2e.test.ts  whole processes and the browser (Debian's /usr/bin/chromium)
 */
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);
if (process.env.CI === 'true' && !withPostgres) {
  throw new Error('CI=true requires TEST_DATABASE_URL: the PostgreSQL suite must not be skipped.');
}

const integration = ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    // Any outbound connection to a non-local address fails the test (providers are faked locally).
    setupFiles: ['test/support/no-network.ts'],
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...integration, '**/*.e2e.test.ts', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'pglite',
          include: integration,
          env: { RATELOOP_TEST_DB: 'pglite' },
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      ...(withPostgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: integration,
                env: { RATELOOP_TEST_DB: 'postgres' },
                globalSetup: ['test/support/global-setup.ts'],
              },
            },
          ]
        : []),
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.test.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
          globalSetup: ['test/support/e2e-setup.ts'],
        },
      },
    ],
  },
});
