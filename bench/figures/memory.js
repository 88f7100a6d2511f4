// Figure: memory. (1) Bytes per buffered LLM span: the heap growth (after full GCs) when 2,000
// LLM-shaped spans (20 attributes, two unique 2 KB strings) sit in the tracer's buffer, per span;
// beside it, the two long strings alone held in a plain array, so the tracer's own overhead (span,
// ids, times, attribute storage) can be read off. (2) Heap after 100,000 spans with the collector down: spans made in 1,000 "requests"
// of 100, each request followed by the flush a Worker would hand to ctx.waitUntil (not awaited),
// against a port where nothing listens. (3) Heap after big-prompt calls with the collector down: one
// LLM span per "request" holding a 100 KB prompt (as input.value JSON and as the message content) and
// a 20 KB reply, each request followed by its un-awaited flush. Every measurement runs in its own
// process with --expose-gc.
import { fileURLToPath } from 'node:url';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { llmSpanAttributes } from '../lib/attributes.js';
import { loadEdgeLlmobs } from '../lib/build.js';
import { argValue, runChild } from '../lib/child.js';
import { runIfMain } from '../lib/figure.js';
import { closedPortUrl } from '../lib/servers.js';
import { log, median, round } from '../lib/stats.js';

export const TOOLS = ['edge-llmobs', 'sdk-trace-base'];
const BUFFERED = 2000;
const BURST = 100;

/** Heap in use after two full collections (the second clears what the first's finalizers freed). */
function settledHeap() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

function nextTurn() {
  return new Promise((resolve) => setImmediate(resolve));
}

/** An edge-llmobs exporter that succeeds at once (it is never reached while spans are held). */
function countingEdgeExporter() {
  return { export: async () => ({ ok: true }) };
}

/** An sdk-trace-base exporter that succeeds. */
function countingOtelExporter() {
  return { export: (_spans, done) => done({ code: 0 }), shutdown: () => Promise.resolve() };
}

/** sdk-trace-base's exporter in a Worker: JsonTraceSerializer and fetch (as bench/workers/otel-fetch-export.js). */
function fetchJsonExporter(url) {
  return {
    export(spans, done) {
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JsonTraceSerializer.serializeRequest(spans),
      })
        .then((response) => {
          done({ code: response.ok ? 0 : 1 });
          return response.body?.cancel();
        })
        .catch((error) => done({ code: 1, error }));
    },
    shutdown: () => Promise.resolve(),
  };
}

/** A tool's tracer and flush. `holdAll`: keep every span buffered (no export) for the per-span figure. */
async function setUp(tool, { holdAll, collectorUrl }) {
  if (tool === 'edge-llmobs') {
    const { register } = await loadEdgeLlmobs();
    const options = holdAll
      ? { exporter: countingEdgeExporter(), scheduledDelayMs: 0 }
      : { endpoint: collectorUrl, exportTimeoutMs: 10_000 };
    const obs = register({ serviceName: 'bench', ...options });
    return { tracer: obs.tracer, flush: () => obs.forceFlush(), dropped: () => obs.buffer.droppedSpans };
  }
  const processor = holdAll
    ? new BatchSpanProcessor(countingOtelExporter(), {
        maxQueueSize: 2048,
        maxExportBatchSize: 2048,
        scheduledDelayMillis: 1e9,
      })
    : new BatchSpanProcessor(fetchJsonExporter(`${collectorUrl}/v1/traces`));
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  return { tracer: provider.getTracer('bench'), flush: () => provider.forceFlush(), dropped: () => undefined };
}

const BIG_PROMPT_CHARS = 100_000;
const BIG_REPLY_CHARS = 20_000;

/** One LLM span of a RAG-sized call: distinct strings, as the fetch instrumentation records them. */
function makeBigPromptSpans(tracer, from, count) {
  for (let i = from; i < from + count; i++) {
    const prompt = `${i}:${'p'.repeat(BIG_PROMPT_CHARS)}`;
    const reply = `${i}:${'r'.repeat(BIG_REPLY_CHARS)}`;
    tracer
      .startSpan('ChatCompletion', {
        attributes: {
          'openinference.span.kind': 'LLM',
          'session.id': `session-${i}`,
          'user.id': `user-${i % 10}`,
          'llm.model_name': 'gpt-4o-mini-2024-07-18',
          'input.value': JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] }),
          'llm.input_messages.0.message.role': 'user',
          'llm.input_messages.0.message.content': prompt,
          'output.value': JSON.stringify({ choices: [{ message: { role: 'assistant', content: reply } }] }),
          'llm.output_messages.0.message.role': 'assistant',
          'llm.output_messages.0.message.content': reply,
          'llm.token_count.prompt': 25_000,
          'llm.token_count.completion': 5_000,
          'llm.token_count.total': 30_000,
        },
      })
      .end();
  }
}

function makeSpans(tracer, from, count) {
  for (let i = from; i < from + count; i++) {
    tracer.startSpan('ChatCompletion', { attributes: llmSpanAttributes(i) }).end();
  }
}

/** Bytes per buffered span for a tool, or per span for its two long strings alone (`strings`). */
async function bufferedSpanBytes(tool) {
  if (tool === 'strings') {
    const before = settledHeap();
    const held = [];
    for (let i = 0; i < BUFFERED; i++) {
      const attributes = llmSpanAttributes(i);
      held.push(attributes['input.value'], attributes['output.value']);
    }
    const bytes = (settledHeap() - before) / BUFFERED;
    if (held.length !== 2 * BUFFERED) throw new Error('unreachable');
    return bytes;
  }
  const { tracer, flush } = await setUp(tool, { holdAll: true });
  // Warm up (compiled code lives on the heap too), then empty the buffer.
  makeSpans(tracer, 1e6, 100);
  await flush();
  const before = settledHeap();
  makeSpans(tracer, 0, BUFFERED);
  const after = settledHeap();
  await flush();
  return (after - before) / BUFFERED;
}

/** Heap after `total` spans in bursts, the collector down; also the largest settled heap seen on the way. */
async function collectorDown(tool, total, collectorUrl, bigPrompts = false) {
  const { tracer, flush, dropped } = await setUp(tool, { holdAll: false, collectorUrl });
  const before = settledHeap();
  let peak = 0;
  const burst = bigPrompts ? 1 : BURST;
  for (let made = 0; made < total; made += burst) {
    if (bigPrompts) makeBigPromptSpans(tracer, made, burst);
    else makeSpans(tracer, made, burst);
    // What a Worker hands to ctx.waitUntil after each request: not awaited (and, as waitUntil does,
    // a rejection is only logged: sdk-trace-base's forceFlush rejects when the export fails).
    flush().catch(() => {});
    await nextTurn();
    if ((made + burst) % (total / 20) === 0) peak = Math.max(peak, settledHeap() - before);
  }
  const after = settledHeap() - before;
  return { heapAfterBytes: after, peakSettledHeapBytes: Math.max(peak, after), droppedSpans: dropped() };
}

/** The figure. */
export async function run({ quick }) {
  const repetitions = quick ? 1 : 5;
  const total = quick ? 20_000 : 100_000;
  const script = fileURLToPath(import.meta.url);
  const collectorUrl = await closedPortUrl();
  log(`memory: ${BUFFERED} buffered spans x ${repetitions}; ${total} spans with the collector down`);
  const perSpan = { strings: [], 'edge-llmobs': [], 'sdk-trace-base': [] };
  for (let rep = 0; rep < repetitions; rep++) {
    for (const tool of rep % 2 === 0 ? Object.keys(perSpan) : Object.keys(perSpan).reverse()) {
      perSpan[tool].push((await runChild(script, ['--buffered', tool], ['--expose-gc'])).bytes);
    }
  }
  const down = {};
  for (const tool of TOOLS) {
    down[tool] = await runChild(
      script,
      ['--down', tool, '--total', String(total), '--collector', collectorUrl],
      ['--expose-gc'],
    );
  }
  const bigCalls = quick ? 300 : 1000;
  const bigPrompt = {};
  for (const tool of TOOLS) {
    bigPrompt[tool] = await runChild(
      script,
      ['--down', tool, '--total', String(bigCalls), '--collector', collectorUrl, '--big', 'yes'],
      ['--expose-gc'],
    );
  }
  const bytes = Object.fromEntries(Object.entries(perSpan).map(([tool, values]) => [tool, Math.round(median(values))]));
  return {
    bufferedSpans: BUFFERED,
    bufferedSpanBytes: bytes,
    overheadBeyondStringsBytes: Object.fromEntries(TOOLS.map((tool) => [tool, bytes[tool] - bytes.strings])),
    ratioToPeer: round(bytes['edge-llmobs'] / bytes['sdk-trace-base']),
    collectorDown: { spans: total, ...down },
    bigPromptCollectorDown: {
      calls: bigCalls,
      promptChars: BIG_PROMPT_CHARS,
      replyChars: BIG_REPLY_CHARS,
      ...bigPrompt,
    },
  };
}

if (argValue('buffered')) {
  process.stdout.write(`${JSON.stringify({ bytes: await bufferedSpanBytes(argValue('buffered')) })}\n`);
} else if (argValue('down')) {
  const result = await collectorDown(
    argValue('down'),
    Number(argValue('total')),
    argValue('collector'),
    argValue('big') === 'yes',
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // Retries still waiting on the dead collector would keep the process alive; the figure is taken.
  process.exit(0);
} else {
  await runIfMain(import.meta.url, run);
}
