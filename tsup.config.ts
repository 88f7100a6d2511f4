import { defineConfig } from 'tsup';

// ESM only, types included; one output file per public entry point, shared code split into chunks
// so a Worker importing `edge-llmobs/cloudflare` does not carry two copies of the core.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'adapters/cloudflare/index': 'src/adapters/cloudflare/index.ts',
    'adapters/cloudflare/named': 'src/adapters/cloudflare/named.ts',
    'adapters/hono/index': 'src/adapters/hono/index.ts',
    'adapters/vercel/index': 'src/adapters/vercel/index.ts',
    'adapters/deno/index': 'src/adapters/deno/index.ts',
    protobuf: 'src/protobuf.ts',
    providers: 'src/providers/index.ts',
    'gen-ai': 'src/gen-ai.ts',
    'integrations/ai-sdk': 'src/integrations/ai-sdk/index.ts',
  },
  format: ['esm'],
  dts: true,
  splitting: true,
  treeshake: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['node:async_hooks'],
});
