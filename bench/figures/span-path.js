// Figure: the span path, ns per span. Start a span, set 10 mixed attributes, end it into the buffer.
// edge-llmobs: register()'s tracer (SpanTracer → RecordingSpan → SpanBuffer, a counting exporter).
// Peer: @opentelemetry/sdk-trace-base BasicTracerProvider with SimpleSpanProcessor, and with
// BatchSpanProcessor, each over a counting no-op exporter; the no-op API tracer is the floor.
// Each tool runs in its own process (its call sites stay monomorphic, its garbage is its own), the
// processes alternate, and the buffer is drained between timed batches, off the clock.
import { fileURLToPath } from 'node:url';
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { loadEdgeLlmobs } from '../lib/build.js';
import { argValue, runChild } from '../lib/child.js';
import { runIfMain } from '../lib/figure.js';
import { recordSpan } from '../lib/record-span.js';
import { log, median, round, startClock, summarize } from '../lib/stats.js';

export const TOOLS = ['edge-llmobs', 'sdk-trace-base-simple', 'sdk-trace-base-batch', 'otel-api-noop'];
const BATCH_SIZE = 1000;
/** An edge-llmobs exporter that counts spans and succeeds at once. */
function countingEdgeExporter() {
  const exporter = {
    exported: 0,
    export(spans) {
      exporter.exported += spans.length;
      return Promise.resolve({ ok: true });
    },
  };
  return exporter;
}

/** An sdk-trace-base exporter that counts spans and succeeds at once. */
function countingOtelExporter() {
  const exporter = {
    exported: 0,
    export(spans, done) {
      exporter.exported += spans.length;
      done({ code: 0 });
    },
    shutdown: () => Promise.resolve(),
    forceFlush: () => Promise.resolve(),
  };
  return exporter;
}

/** A tool's tracer and the way to drain what it buffered. */
async function setUp(tool) {
  if (tool === 'edge-llmobs') {
    const exporter = countingEdgeExporter();
    const { register } = await loadEdgeLlmobs();
    const obs = register({ serviceName: 'bench', exporter });
    return { tracer: obs.tracer, drain: () => obs.forceFlush(), exporter };
  }
  const exporter = countingOtelExporter();
  if (tool === 'otel-api-noop') return { tracer: trace.getTracer('bench'), drain: async () => {}, exporter };
  const processor =
    tool === 'sdk-trace-base-simple' ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter);
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  return { tracer: provider.getTracer('bench'), drain: () => provider.forceFlush(), exporter };
}

/**
 * In the child: warm up, then time `batches` batches of 1000 spans. The figure is the CPU time of the
 * batches over their spans (garbage collection during them included); wall time is kept beside.
 */
async function measureInThisProcess(tool, batches, warmup) {
  const { tracer, drain, exporter } = await setUp(tool);
  let cpuNs = 0;
  let wallNs = 0;
  for (let batch = 0; batch < warmup + batches; batch++) {
    const stop = startClock();
    for (let i = 0; i < BATCH_SIZE; i++) recordSpan(tracer);
    const elapsed = stop();
    await drain();
    if (batch < warmup) continue;
    cpuNs += elapsed.cpuNs;
    wallNs += elapsed.wallNs;
  }
  if (tool !== 'otel-api-noop' && exporter.exported !== (warmup + batches) * BATCH_SIZE) {
    throw new Error(`${tool} exported ${exporter.exported} spans, expected ${(warmup + batches) * BATCH_SIZE}`);
  }
  return { nsPerSpan: cpuNs / (batches * BATCH_SIZE), wallNsPerSpan: wallNs / (batches * BATCH_SIZE) };
}

/** The figure: alternating child processes, `repetitions` per tool. */
export async function run({ quick }) {
  const repetitions = quick ? 2 : 9;
  const batches = quick ? 40 : 300;
  const warmup = quick ? 20 : 50;
  const script = fileURLToPath(import.meta.url);
  const samples = Object.fromEntries(TOOLS.map((tool) => [tool, []]));
  const wall = Object.fromEntries(TOOLS.map((tool) => [tool, []]));
  log(`span path: ${repetitions} processes per tool, ${batches} x ${BATCH_SIZE} spans each`);
  for (let rep = 0; rep < repetitions; rep++) {
    for (let i = 0; i < TOOLS.length; i++) {
      const tool = TOOLS[(rep + i) % TOOLS.length];
      const result = await runChild(script, ['--tool', tool, '--batches', String(batches), '--warmup', String(warmup)]);
      samples[tool].push(result.nsPerSpan);
      wall[tool].push(result.wallNsPerSpan);
    }
  }
  const nsPerSpan = Object.fromEntries(TOOLS.map((tool) => [tool, round(median(samples[tool]), 1)]));
  const peerNs = Math.min(nsPerSpan['sdk-trace-base-simple'], nsPerSpan['sdk-trace-base-batch']);
  return {
    batchSize: BATCH_SIZE,
    repetitions,
    clock: 'process CPU time',
    nsPerSpan,
    wallNsPerSpan: Object.fromEntries(TOOLS.map((tool) => [tool, round(median(wall[tool]), 1)])),
    spread: Object.fromEntries(TOOLS.map((tool) => [tool, summarize(samples[tool].map((ns) => round(ns, 1)))])),
    ratioToSimple: round(nsPerSpan['edge-llmobs'] / nsPerSpan['sdk-trace-base-simple']),
    ratioToBatch: round(nsPerSpan['edge-llmobs'] / nsPerSpan['sdk-trace-base-batch']),
    // The goal is judged against the faster peer configuration: the stricter reading.
    ratioToPeer: round(nsPerSpan['edge-llmobs'] / peerNs),
  };
}

const tool = argValue('tool');
if (tool) {
  const result = await measureInThisProcess(tool, Number(argValue('batches')), Number(argValue('warmup')));
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  await runIfMain(import.meta.url, run);
}
