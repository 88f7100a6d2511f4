// What each feature of the recommended Worker (withLlmObs + OpenAI) costs in gzip -9 bytes: the
// Worker built again with that feature's files stubbed out (each stub keeps its exports and does
// nothing), both builds. An account of what the bytes buy, not a list of things to drop: the default
// records all of it. What a feature shares with the rest stays in both builds, so the rows do not add
// up to the whole.
//   node bench/figures/feature-size.js
import { bundleWorker, workerEntry } from '../lib/build.js';
import { runIfMain } from '../lib/figure.js';
import { log } from '../lib/stats.js';

const quietAccumulator = (name) =>
  `export class ${name} { error = undefined; add() { return false; } attributes() { return {}; } }`;

/** Per feature: the stub source of each file (path under src/) it is made of. */
const FEATURES = {
  'OpenAI Responses API (request, response, streamed items)': {
    'providers/openai/responses-attributes.ts':
      'export const responsesRequestAttributes = () => ({}); export const responsesResponseAttributes = () => ({});',
    'providers/openai/responses-stream.ts': quietAccumulator('ResponsesStreamAccumulator'),
  },
  'OpenAI embeddings (base64 vectors) and legacy completions': {
    'providers/openai/embeddings-attributes.ts':
      'export const embeddingsRequestAttributes = () => ({}); export const embeddingsResponseAttributes = () => ({});',
    'providers/openai/completions-attributes.ts': `export const completionsRequestAttributes = () => ({}); export const completionsResponseAttributes = () => ({}); ${quietAccumulator('CompletionsStreamAccumulator')}`,
  },
  'built-in prices (OpenAI, Anthropic, Gemini)': {
    'providers/openai/prices.ts': 'export const OPENAI_PRICES = {};',
    'providers/anthropic/prices.ts': 'export const ANTHROPIC_PRICES = {};',
    'providers/gemini/prices.ts': 'export const GEMINI_PRICES = {};',
  },
  'Workers AI env.AI binding (traced run(), the env proxy)': {
    'providers/workers-ai/traced-ai.ts': 'export function createTracedAi(ai) { return ai; }',
    'providers/workers-ai/env-bindings.ts': 'export function tracedEnv(env) { return env; }',
  },
  'Cloudflare bindings propagation (Durable Objects, services, queue producers; queue batch links)': {
    'adapters/cloudflare/binding-propagation.ts':
      'export function tracedBindings(env) { return env; } export function bindingsWithContext(env) { return env; }',
    'adapters/cloudflare/queue.ts': 'export function openBatch(batch) { return { batch, links: [], identity: {} }; }',
  },
  'W3C baggage (API baggage, session and user across bindings) and tracestate': {
    'propagation/baggage.ts':
      "export const BAGGAGE_KEY = Symbol.for('OpenTelemetry Baggage Key'); export const formatBaggage = () => ''; export const parseBaggage = () => ({}); export const withBaggageHeader = (c) => c; export const baggageHeader = () => undefined;",
    'propagation/trace-state.ts': 'export function parseTraceState() { return undefined; }',
  },
  '@opentelemetry/api global bridge (tracer provider, context manager, propagator)': {
    'otel/install-globals.ts': 'export function installOtelGlobals() { return () => {}; }',
  },
  'error-trace sampling and the head ratio': {
    'pipeline/sampling/error-trace-sampler.ts':
      'export function createTraceSampler() { return { sampleRoot: undefined }; }',
  },
  'export retry (backoff, Retry-After, per-attempt timeout)': {
    'pipeline/send-with-retry.ts':
      'export async function sendWithRetry(send) { const r = await send(undefined); return { ok: r.ok, retryable: false }; }',
  },
  'gzip of export bodies': {
    'pipeline/compression.ts':
      'export const MIN_COMPRESSED_BYTES = 1024; export const canGzip = () => false; export async function gzip() { return undefined; }',
  },
  "the console exporter (exporter: 'console')": {
    'pipeline/console-exporter.ts': 'export class ConsoleSpanExporter { async export() { return { ok: true }; } }',
  },
};

/** An esbuild plugin that replaces the given files of src/ with their stubs. */
function stubFiles(files) {
  return {
    name: 'stub-feature',
    setup(build) {
      build.onLoad({ filter: /src\/.+\.ts$/ }, (args) => {
        const file = Object.keys(files).find((path) => args.path.endsWith(`src/${path}`));
        return file === undefined ? undefined : { contents: files[file], loader: 'js' };
      });
    },
  };
}

/** The figure: per feature, the gzip bytes it adds in each build. */
export async function run() {
  const entry = workerEntry('edge-llmobs');
  const full = { wrangler: await bundleWorker(entry, 'wrangler'), plain: await bundleWorker(entry, 'plain') };
  const features = {};
  for (const [feature, files] of Object.entries(FEATURES)) {
    const row = {};
    for (const mode of ['wrangler', 'plain']) {
      row[mode] = full[mode].gzipBytes - (await bundleWorker(entry, mode, [stubFiles(files)])).gzipBytes;
    }
    features[feature] = row;
    log(`features: ${feature} adds ${row.wrangler} B wrangler-like, ${row.plain} B plain`);
  }
  return { worker: entry.split('/').pop(), features };
}

await runIfMain(import.meta.url, run);
