import { defineConfig } from 'vitest/config';

// Node-side suites. The workerd suite has its own config (test/workers/vitest.config.ts) because the
// Workers pool replaces the runner.
export default defineConfig({
  test: {
    include: ['test/node/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
