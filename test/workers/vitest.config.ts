import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

// The workerd suite: every test file runs inside workerd through @cloudflare/vitest-pool-workers, with
// nodejs_compat, so AsyncLocalStorage exists. Servers (OTLP sink, OpenAI stand-in) run in Node and are
// reached through the lab server that global-setup.ts starts.
//   npx vitest run --config test/workers/vitest.config.ts
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  plugins: [
    cloudflareTest({
      miniflare: {
        compatibilityDate: '2026-03-01',
        compatibilityFlags: ['nodejs_compat'],
      },
    }),
  ],
  test: {
    name: 'workers',
    include: ['test/workers/**/*.test.ts'],
    globalSetup: ['test/workers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
