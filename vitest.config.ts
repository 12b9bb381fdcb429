import os from 'node:os';
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
    // Vitest's default is one worker less than the CPUs: a single worker on a 2-core machine, where the database
    // tests wait on I/O half the time. Two workers there cut the database projects from ~13 to ~9 minutes. The
    // browser project still runs one file at a time (fileParallelism: false below).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
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
                setupFiles: ['test/support/no-network.ts', 'test/support/one-statement-at-a-time.ts'],
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
          // After the unit and database projects, not beside them: a browser test sharing the 2 cores with a database
          // worker missed clicks and saw slow pages (CI failures in three different browser tests). The database
          // projects take ~10 minutes on both cores first; the browser tests then have the machine to themselves.
          sequence: { groupOrder: 1 },
          fileParallelism: false,
          // A browser on a busy 2-core machine misses a click now and then (an option clicked while it animates in).
          // CI retries a failed browser test once; locally a failure is shown at once. A test that fails twice fails CI.
          retry: process.env.CI === 'true' ? 1 : 0,
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // expect.poll gives up after 1 s by default: too short for a query that loads after the page while the
          // machine is busy (CI saw a label still loading). A poll that succeeds returns at once, so this only
          // lengthens a failure.
          expect: { poll: { timeout: 15_000 } },
          globalSetup: ['test/support/e2e-setup.ts'],
        },
      },
    ],
  },
});
