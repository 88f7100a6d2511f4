// Figure: gzip bytes each provider module (src/providers/<name>/) adds to a Worker. The edge-llmobs
// bench Worker (withLlmObs) is built with wrangler's options, then again with one provider's folder
// stubbed out (its LlmApi recognizes nothing, its prices are empty, Workers AI's binding wrappers
// return what they are given); the difference is what that module costs. What a module shares with
// another (Workers AI reuses OpenAI's chat-message and usage writers) stays in both builds.
//   node bench/figures/provider-size.js
import { bundleWorker, workerEntry } from '../lib/build.js';
import { runIfMain } from '../lib/figure.js';
import { log } from '../lib/stats.js';

/** Per module: the stub source of each of its files that the rest of src/ imports. */
const STUBS = {
  openai: {
    'openai-api.ts': "export const openAiApi = { name: 'openai', recognize: () => undefined };",
    'prices.ts': 'export const OPENAI_PRICES = {};',
  },
  anthropic: {
    'anthropic-api.ts': "export const anthropicApi = { name: 'anthropic', recognize: () => undefined };",
    'prices.ts': 'export const ANTHROPIC_PRICES = {};',
  },
  gemini: {
    'gemini-api.ts': "export const geminiApi = { name: 'gemini', recognize: () => undefined };",
    'prices.ts': 'export const GEMINI_PRICES = {};',
  },
  'workers-ai': {
    'workers-ai-api.ts': "export const workersAiApi = { name: 'workers-ai', recognize: () => undefined };",
    'traced-ai.ts': 'export function createTracedAi(ai) { return ai; }',
    'env-bindings.ts': 'export function tracedEnv(env) { return env; }',
  },
};

/** An esbuild plugin that replaces the stubbed files of one provider folder. */
function stubProvider(name) {
  const stubs = STUBS[name];
  const filter = new RegExp(`src/providers/${name}/([^/]+)\\.ts$`);
  return {
    name: `stub-${name}`,
    setup(build) {
      build.onLoad({ filter }, (args) => {
        const file = `${args.path.match(filter)[1]}.ts`;
        return stubs[file] === undefined ? undefined : { contents: stubs[file], loader: 'js' };
      });
    },
  };
}

/** The figure: the Worker's gzip bytes with every module, and what each module adds. */
export async function run() {
  const entry = workerEntry('edge-llmobs');
  const full = await bundleWorker(entry, 'wrangler');
  const addedGzipBytes = {};
  for (const name of Object.keys(STUBS)) {
    const without = await bundleWorker(entry, 'wrangler', [stubProvider(name)]);
    addedGzipBytes[name] = full.gzipBytes - without.gzipBytes;
    log(`providers: ${name} adds ${addedGzipBytes[name]} B gzip`);
  }
  return { worker: entry.split('/').pop(), gzipBytes: full.gzipBytes, addedGzipBytes };
}

await runIfMain(import.meta.url, run);
