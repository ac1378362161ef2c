import { defineConfig } from 'vitest/config';

/** One runner for unit, fuzz, integration and browser tests. */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/helpers/globalSetup.ts'],
  },
});
