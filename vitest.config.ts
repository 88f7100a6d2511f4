import { transform } from 'esbuild';
import { defineConfig, type Plugin } from 'vitest/config';

// Vite's own transformer keeps stage 3 decorators as they are, and Node 20 cannot parse them, so
// test files about decorators are lowered by esbuild first.
const lowerDecorators: Plugin = {
  name: 'lower-stage-3-decorators',
  enforce: 'pre',
  async transform(code, id) {
    if (!id.endsWith('-decorator.test.ts')) return undefined;
    const result = await transform(code, { loader: 'ts', target: 'es2022', sourcemap: true, sourcefile: id });
    return { code: result.code, map: result.map };
  },
};

// Every suite that runs from Node (including the ones that drive workerd, Deno, Bun and Chromium as
// child processes). The vitest-pool-workers suite has its own config (test/workers/vitest.config.ts)
// because that pool replaces the runner.
export default defineConfig({
  plugins: [lowerDecorators],
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/workers/**', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
