// Figure: the viewer (viewer/, workerd + D1, as `npm run viewer` runs it). Ingest throughput in spans
// per second with 20 clients posting OTLP JSON at once, and whether cost grows with what is stored:
// a 100-span batch and every page and API read, timed on a small store (3,000 spans, a full page of
// sessions) and again after it holds 100,000 spans (10,000 with --quick). The goal: within 2×.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { startLocalViewer } from '../../viewer/scripts/local-viewer.js';
import { syntheticTraceRequest } from '../../viewer/scripts/synthetic-spans.js';
import { runIfMain } from '../lib/figure.js';
import { log, median, round } from '../lib/stats.js';

const CLIENTS = 20;
const TRACES_PER_BATCH = 100; // 300 spans
const SMALL_BATCHES = 10;
const READS = ['/', '/users', '/api/sessions', '/api/users', '/api/sessions/syn-sess-0-0', '/sessions/syn-sess-0-0'];

async function post(url, body) {
  const response = await fetch(`${url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`ingest answered ${response.status}`);
}

async function timed(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Median ms of `times` runs of fn. */
async function medianMs(times, fn) {
  const samples = [];
  for (let i = 0; i < times; i++) samples.push(await timed(fn));
  return round(median(samples), 2);
}

let nextBatch = 1000;
/** One 100-span batch (34 traces of 3 spans, minus 2) of fresh ids, timed. */
const hundredSpans = (url) => {
  const request = syntheticTraceRequest({ batch: nextBatch++, traces: 34 });
  request.resourceSpans[0].scopeSpans[0].spans.length = 100;
  return post(url, JSON.stringify(request));
};

async function costs(url, times) {
  const result = { ingest100Ms: await medianMs(times, () => hundredSpans(url)) };
  for (const path of READS) {
    result[path] = await medianMs(times, async () => {
      const response = await fetch(`${url}${path}`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    });
  }
  return result;
}

export async function run({ quick }) {
  const targetSpans = quick ? 10_000 : 100_000;
  const times = quick ? 5 : 15;
  const dir = mkdtempSync(join(os.tmpdir(), 'edge-llmobs-bench-viewer-'));
  const viewer = await startLocalViewer({ port: 0, persistTo: dir });
  try {
    // The small store already fills a page (200 sessions), so both sides render the same rows.
    for (let batch = 0; batch < SMALL_BATCHES; batch++) {
      await post(viewer.url, JSON.stringify(syntheticTraceRequest({ batch, traces: TRACES_PER_BATCH })));
    }
    // A warm-up pass first, so the small store's figures are not its first (cold) requests.
    await costs(viewer.url, 3);
    const small = await costs(viewer.url, times);
    log(`viewer: small store ${JSON.stringify(small)}`);
    // Fill to the target with 20 clients at once; the fill is the throughput measurement.
    const batches = Math.ceil(targetSpans / (TRACES_PER_BATCH * 3));
    let next = SMALL_BATCHES;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let batch = next++; batch <= batches; batch = next++) {
          await post(viewer.url, JSON.stringify(syntheticTraceRequest({ batch, traces: TRACES_PER_BATCH })));
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    const stored = batches * TRACES_PER_BATCH * 3;
    const sent = (batches - SMALL_BATCHES + 1) * TRACES_PER_BATCH * 3;
    const spansPerSecond = Math.round(sent / seconds);
    log(`viewer: ${sent} spans from ${CLIENTS} clients in ${round(seconds, 1)} s: ${spansPerSecond} spans/s`);
    const full = await costs(viewer.url, times);
    log(`viewer: full store ${JSON.stringify(full)}`);
    const ratios = Object.fromEntries(Object.keys(small).map((key) => [key, round(full[key] / small[key], 2)]));
    return {
      clients: CLIENTS,
      spansPerBatch: TRACES_PER_BATCH * 3,
      smallStoreSpans: SMALL_BATCHES * TRACES_PER_BATCH * 3,
      storedSpans: stored,
      spansPerSecond,
      smallStoreMs: small,
      fullStoreMs: full,
      ratios,
      worstRatio: Math.max(...Object.values(ratios)),
    };
  } finally {
    await viewer.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

await runIfMain(import.meta.url, run);
