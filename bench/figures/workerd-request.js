// Figure: request overhead in workerd. The same chat Worker (one call with a 4 KB prompt to the
// local OpenAI stand-in) untraced, traced by edge-llmobs (one export per request, and batched: one
// per 10 requests or 1 s window), and under otel-cf-workers, each in its own Miniflare instance,
// built with wrangler's options. Requests are sequential, in blocks that rotate between the Workers;
// each is timed from dispatch to the last byte of the answer. Spans go to a local collector in
// ctx.waitUntil, as in production, and the collector's counts prove they did.
// A fifth Worker, untraced but POSTing 1.2 KB to the collector in ctx.waitUntil, gives the floor:
// what exporting at all costs in this harness. Each tracer's time above that floor is its own cost.
// CPU time: each Worker runs in its own workerd process, whose user + system time (from
// /proc/<pid>/stat, 10 ms ticks) is read before and after the measured requests, the last exports
// included; per request, it covers everything that workerd did for it (the handler, the tracer,
// the export in waitUntil, the runtime's HTTP work), not the client's or the servers'.
import { readdirSync, readFileSync } from 'node:fs';
import { Miniflare } from 'miniflare';
import { edgeWorkerVariant, makeBuildDir, workerEntry, writeWorker } from '../lib/build.js';
import { runIfMain } from '../lib/figure.js';
import { startServers } from '../lib/servers.js';
import { log, median, round, summarize } from '../lib/stats.js';
import { COMPATIBILITY_DATE, COMPATIBILITY_FLAGS } from './bundle-size.js';

export const TOOLS = ['bare', 'edge-llmobs', 'edge-llmobs-batched', 'otel-cf-workers', 'bare-export'];
const TRACERS = ['edge-llmobs', 'edge-llmobs-batched', 'otel-cf-workers'];
const PEER = 'otel-cf-workers';
// The batched Worker's window (its EXPORT_WINDOW_MS binding): the figure waits longer than this for
// the last batch before counting exports and CPU time.
const WINDOW_MS = 1000;
// Short blocks: each tool's block sits close in time to the others' of the same round, so a round's
// differences see the same machine load.
const BLOCK = 20;
const REQUEST_BODY = JSON.stringify({ message: 'Where is my order #48213? It has not arrived.' });

/** Children of this process named workerd (each Miniflare starts one). */
function workerdPids() {
  const pids = new Set();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [comm, rest] = [
        stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
        stat.slice(stat.lastIndexOf(')') + 2),
      ];
      if (comm === 'workerd' && Number(rest.split(' ')[1]) === process.pid) pids.add(Number(name));
    } catch {
      // A process that ended while we looked.
    }
  }
  return pids;
}

/** User + system CPU time of a process, in µs (kernel ticks of 10 ms). */
function cpuUs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** Starts one Worker in its own Miniflare (its own workerd process); `pid` is that process, if found. */
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
      EXPORT_WINDOW_MS: String(WINDOW_MS),
      // One path prefix per Worker, so the collector counts each one's exports apart.
      OTEL_EXPORTER_OTLP_ENDPOINT: `${servers.collectorUrl}/${tool}`,
    },
  });
  const before = workerdPids();
  await mf.ready;
  const started = [...workerdPids()].filter((pid) => !before.has(pid));
  if (started.length === 1) mf.pid = started[0];
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

/** Each Worker's workerd CPU time in µs, where its process was found. */
function readCpu(workers) {
  return Object.fromEntries(
    Object.entries(workers)
      .filter(([, mf]) => mf.pid !== undefined)
      .map(([tool, mf]) => [tool, cpuUs(mf.pid)]),
  );
}

/** CPU µs per request per tool, or undefined when a Worker's workerd process was not found. */
function cpuPerRequest(before, after, requests) {
  if (!TOOLS.every((tool) => tool in before && tool in after)) return undefined;
  return Object.fromEntries(TOOLS.map((tool) => [tool, round((after[tool] - before[tool]) / requests, 1)]));
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
    // Let the warm-up's last batch go before counting.
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 500));
    const exportsBefore = await servers.stats();
    const cpuBefore = readCpu(workers);
    const { samples, rounds } = await alternateRequests(workers, requests);
    // Let the last waitUntil exports land (the batched Worker's last window too) before reading the
    // collector's counts and the CPU times.
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 500));
    const exportsAfter = await servers.stats();
    const cpuAfter = readCpu(workers);
    const medianUs = Object.fromEntries(TOOLS.map((tool) => [tool, round(median(samples[tool]), 1)]));
    // Paired within rounds: the median over rounds of (tool's block median − untraced block median),
    // and of their ratio. Load that drifts during the run moves both sides of a pair alike.
    const ratio = (tool) => round(median(rounds.map((r) => r[tool] / r.bare)));
    const addedUs = (tool) => round(median(rounds.map((r) => r[tool] - r.bare)), 1);
    // Above the floor, paired within rounds too: the tracer's own cost beyond sending the same bytes.
    const aboveFloorUs = Object.fromEntries(
      TRACERS.map((tool) => [tool, round(median(rounds.map((r) => r[tool] - r['bare-export'])), 1)]),
    );
    const cpuPerRequestUs = cpuPerRequest(cpuBefore, cpuAfter, requests);
    const cpuAboveFloorUs = cpuPerRequestUs
      ? Object.fromEntries(
          TRACERS.map((tool) => [tool, round(cpuPerRequestUs[tool] - cpuPerRequestUs['bare-export'], 1)]),
        )
      : undefined;
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
      ratio: Object.fromEntries(TRACERS.map((tool) => [tool, ratio(tool)])),
      addedUs: Object.fromEntries(TRACERS.map((tool) => [tool, addedUs(tool)])),
      // Not a tracer: what one 1.2 KB POST in ctx.waitUntil adds in this harness.
      exportFloor: { ratio: ratio('bare-export'), addedUs: addedUs('bare-export') },
      addedShareOfPeer: round(addedUs('edge-llmobs') / addedUs(PEER)),
      aboveFloorUs,
      // The goal's measure: edge-llmobs's time above the export floor over the peer's.
      aboveFloorShareOfPeer: round(aboveFloorUs['edge-llmobs'] / aboveFloorUs[PEER]),
      batchedAboveFloorShareOfPeer: round(aboveFloorUs['edge-llmobs-batched'] / aboveFloorUs[PEER]),
      cpuPerRequestUs,
      cpuNote:
        "user + system time of each Worker's workerd process (all threads) from before the first measured " +
        "request to after the last export, per request: handler, tracer, waitUntil export, the runtime's HTTP " +
        "work; not the client's or the servers'. 10 ms ticks: within ±10 µs a request over 2,000 requests, ±100 µs over 200",
      cpuAboveFloorUs,
      cpuAboveFloorShareOfPeer: cpuAboveFloorUs && {
        'edge-llmobs': round(cpuAboveFloorUs['edge-llmobs'] / cpuAboveFloorUs[PEER]),
        'edge-llmobs-batched': round(cpuAboveFloorUs['edge-llmobs-batched'] / cpuAboveFloorUs[PEER]),
      },
      exported: Object.fromEntries(TOOLS.filter((tool) => tool !== 'bare').map((tool) => [tool, exported(tool)])),
    };
  } finally {
    for (const mf of Object.values(workers)) await mf.dispose();
    await servers.close();
    remove();
  }
}

await runIfMain(import.meta.url, run);
