// Figure: request overhead in workerd. The same chat Worker (one call with a 4 KB prompt to the
// local OpenAI stand-in) untraced, traced by edge-llmobs, and under otel-cf-workers, each in its own
// Miniflare instance, built with wrangler's options. Requests are sequential, in blocks that rotate
// between the Workers; each is timed from dispatch to the last byte of the answer. Spans go to a
// local collector in ctx.waitUntil, as in production, and the collector's counts prove they did.
// A fourth Worker, untraced but POSTing 1.2 KB to the collector in ctx.waitUntil, gives the floor:
// what exporting at all costs in this harness.
import { Miniflare } from 'miniflare';
import { edgeWorkerVariant, makeBuildDir, workerEntry, writeWorker } from '../lib/build.js';
import { runIfMain } from '../lib/figure.js';
import { startServers } from '../lib/servers.js';
import { log, median, round, summarize } from '../lib/stats.js';
import { COMPATIBILITY_DATE, COMPATIBILITY_FLAGS } from './bundle-size.js';

export const TOOLS = ['bare', 'edge-llmobs', 'otel-cf-workers', 'bare-export'];
// Short blocks: each tool's block sits close in time to the others' of the same round, so a round's
// differences see the same machine load.
const BLOCK = 20;
const REQUEST_BODY = JSON.stringify({ message: 'Where is my order #48213? It has not arrived.' });

/** Starts one Worker in its own Miniflare (its own workerd process). */
async function startWorker(tool, variant, dir, servers) {
  const scriptPath = await writeWorker(workerEntry(tool, variant), 'wrangler', dir, tool);
  const mf = new Miniflare({
    modules: true,
    scriptPath,
    modulesRoot: dir,
    compatibilityDate: COMPATIBILITY_DATE,
    compatibilityFlags: COMPATIBILITY_FLAGS,
    bindings: {
      OPENAI_BASE_URL: servers.openAiUrl,
      OPENAI_API_KEY: 'sk-bench',
      // One path prefix per Worker, so the collector counts each one's exports apart.
      OTEL_EXPORTER_OTLP_ENDPOINT: `${servers.collectorUrl}/${tool}`,
    },
  });
  await mf.ready;
  return mf;
}

/** One request through a Worker; its duration in µs. */
async function timedRequest(mf) {
  const start = performance.now();
  const response = await mf.dispatchFetch('http://bench.local/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-session-id': 'sess-bench', 'x-user-id': 'user-bench' },
    body: REQUEST_BODY,
  });
  const text = await response.text();
  const us = (performance.now() - start) * 1000;
  if (response.status !== 200) throw new Error(`Worker answered ${response.status}: ${text.slice(0, 300)}`);
  return us;
}

/**
 * Sends `count` requests to every Worker, `BLOCK` at a time, rotating which Worker goes first. Returns
 * every request's µs per tool, and per round each tool's block median.
 */
async function alternateRequests(workers, count) {
  const samples = Object.fromEntries(TOOLS.map((tool) => [tool, []]));
  const rounds = [];
  for (let sent = 0, turn = 0; sent < count; sent += BLOCK, turn++) {
    const size = Math.min(BLOCK, count - sent);
    const blockMedians = {};
    for (let i = 0; i < TOOLS.length; i++) {
      const tool = TOOLS[(turn + i) % TOOLS.length];
      const block = [];
      for (let r = 0; r < size; r++) block.push(await timedRequest(workers[tool]));
      samples[tool].push(...block);
      blockMedians[tool] = median(block);
    }
    rounds.push(blockMedians);
  }
  return { samples, rounds };
}

/** Starts the Workers; when the withLlmObs Worker fails to start or to export, uses the core-API one. */
async function startAll(dir, servers) {
  let variant = edgeWorkerVariant();
  let variantNote;
  const workers = {};
  for (const tool of TOOLS) {
    try {
      workers[tool] = await startWorker(tool, variant, dir, servers);
      await timedRequest(workers[tool]);
    } catch (error) {
      if (tool !== 'edge-llmobs' || variant !== 'adapter') throw error;
      variantNote = `the withLlmObs Worker failed (${String(error.message).split('\n')[0]}); the core-API Worker was measured`;
      variant = 'core';
      await workers[tool]?.dispose();
      workers[tool] = await startWorker(tool, variant, dir, servers);
    }
  }
  return { workers, variant, variantNote };
}

/** The figure. */
export async function run({ quick }) {
  const requests = quick ? 200 : 2000;
  const warmup = quick ? 30 : 100;
  const servers = await startServers();
  const { dir, remove } = makeBuildDir();
  const started = await startAll(dir, servers);
  const { workers } = started;
  try {
    log(`workerd: ${requests} sequential requests per Worker (edge-llmobs Worker: ${started.variant})`);
    await alternateRequests(workers, warmup);
    const exportsBefore = await servers.stats();
    const { samples, rounds } = await alternateRequests(workers, requests);
    // Let the last waitUntil exports land before reading the collector's counts.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const exportsAfter = await servers.stats();
    const medianUs = Object.fromEntries(TOOLS.map((tool) => [tool, round(median(samples[tool]), 1)]));
    // Paired within rounds: the median over rounds of (tool's block median − untraced block median),
    // and of their ratio. Load that drifts during the run moves both sides of a pair alike.
    const ratio = (tool) => round(median(rounds.map((r) => r[tool] / r.bare)));
    const addedUs = (tool) => round(median(rounds.map((r) => r[tool] - r.bare)), 1);
    const exported = (tool) => ({
      requests: (exportsAfter[tool]?.requests ?? 0) - (exportsBefore[tool]?.requests ?? 0),
      bytes: (exportsAfter[tool]?.bytes ?? 0) - (exportsBefore[tool]?.bytes ?? 0),
    });
    return {
      edgeWorker: started.variant,
      variantNote: started.variantNote,
      requestsPerWorker: requests,
      medianUs,
      spread: Object.fromEntries(TOOLS.map((tool) => [tool, summarize(samples[tool].map((us) => round(us, 1)))])),
      rounds: rounds.length,
      ratio: { 'edge-llmobs': ratio('edge-llmobs'), 'otel-cf-workers': ratio('otel-cf-workers') },
      addedUs: { 'edge-llmobs': addedUs('edge-llmobs'), 'otel-cf-workers': addedUs('otel-cf-workers') },
      // Not a tracer: what one 1.2 KB POST in ctx.waitUntil adds in this harness.
      exportFloor: { ratio: ratio('bare-export'), addedUs: addedUs('bare-export') },
      addedShareOfPeer: round(addedUs('edge-llmobs') / addedUs('otel-cf-workers')),
      exported: {
        'edge-llmobs': exported('edge-llmobs'),
        'otel-cf-workers': exported('otel-cf-workers'),
        'bare-export': exported('bare-export'),
      },
    };
  } finally {
    for (const mf of Object.values(workers)) await mf.dispose();
    await servers.close();
    remove();
  }
}

await runIfMain(import.meta.url, run);
