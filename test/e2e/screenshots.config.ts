import { defineConfig } from 'vitest/config';

/** `npm run screenshots`: rewrites docs/screenshots from the real UI (not part of `npm test`). */
export default defineConfig({
  test: {
    include: ['test/e2e/*.shot.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ['test/helpers/globalSetup.ts'],
  },
});
