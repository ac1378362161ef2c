import { defineConfig } from 'vitest/config';

/**
 * One runner for unit, fuzz, integration and browser tests, in two projects:
 *  - sqlite: everything, on the embedded store;
 *  - pg: the integration tests again with STORE=pg, each server on its own database of one
 *    PostgreSQL server started for the run (test/helpers/postgresSetup.ts), plus the
 *    PostgreSQL-only tests (*.pg.test.ts: several stores on one database, PostgreSQL down).
 * `npx vitest run --project sqlite` runs one of them.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Polls wait for a signal, like Playwright's waits (8 s): a busy machine is slow, not wrong.
    expect: { poll: { timeout: 8_000 } },
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.pg.test.ts'],
          globalSetup: ['test/helpers/globalSetup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'pg',
          include: ['test/integration/**/*.test.ts'],
          env: { STORE: 'pg' },
          globalSetup: ['test/helpers/postgresSetup.ts'],
        },
      },
    ],
  },
});
