// Figure: time from request to the first streamed chunk reaching the consumer, traced minus
// untraced, in Node with the official openai SDK against the local stand-in (streamed chat, 4 KB
// prompt, usage asked for). edge-llmobs: the SDK given obs.fetch. Peer: Arize's OpenAI
// instrumentation, which patches the SDK's prototypes. Each tracer runs in its own processes; inside
// one, traced and untraced calls alternate call by call, so drift in the machine cancels out. For
// Arize the untraced client is the SDK's CommonJS build (a separate copy Arize has not patched) and
// the patched one its ESM build; the two builds' own difference is measured before patching and
// subtracted.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import OpenAI, * as OpenAIModule from 'openai';
import { loadEdgeLlmobs } from '../lib/build.js';
import { argValue, runChild } from '../lib/child.js';
import { runIfMain } from '../lib/figure.js';
import { startServers } from '../lib/servers.js';
import { log, median, round, summarize } from '../lib/stats.js';
import { chatRequest } from '../workers/app.js';

export const TOOLS = ['edge-llmobs', 'arize-openai'];
const CommonJsOpenAI = createRequire(import.meta.url)('openai').OpenAI;

/** One streamed call: ms until the first chunk reaches this loop; the rest is read so the span ends. */
async function firstChunkMs(client, body) {
  const start = performance.now();
  const stream = await client.chat.completions.create(body);
  let first;
  for await (const _chunk of stream) first ??= performance.now() - start;
  return first;
}

/** Alternates calls between two clients; the median of each and of their per-pair differences. */
async function alternateClients(untraced, traced, body, calls, warmup) {
  const a = [];
  const b = [];
  for (let i = 0; i < warmup + calls; i++) {
    // Which client goes first alternates too, so neither always runs on a just-warmed connection.
    const first = i % 2 === 0;
    const x = await firstChunkMs(first ? untraced : traced, body);
    const y = await firstChunkMs(first ? traced : untraced, body);
    if (i < warmup) continue;
    a.push(first ? x : y);
    b.push(first ? y : x);
  }
  return { untracedMs: median(a), tracedMs: median(b), addedMs: median(b.map((ms, i) => ms - a[i])) };
}

/** A counting no-op exporter in edge-llmobs's interface. */
function countingEdgeExporter() {
  const exporter = {
    exported: 0,
    export: async (spans) => {
      exporter.exported += spans.length;
      return { ok: true };
    },
  };
  return exporter;
}

/** In the child: the tool's client against an untraced one, alternating. */
async function measureInThisProcess(tool, baseURL, calls, warmup) {
  const body = { ...chatRequest('Where is my order #48213?'), stream: true, stream_options: { include_usage: true } };
  const options = { baseURL, apiKey: 'sk-bench' };
  if (tool === 'edge-llmobs') {
    const { register } = await loadEdgeLlmobs();
    const exporter = countingEdgeExporter();
    const obs = register({ serviceName: 'bench', exporter });
    const traced = new OpenAI({ ...options, fetch: obs.fetch });
    const result = await alternateClients(new OpenAI(options), traced, body, calls, warmup);
    await obs.forceFlush();
    return { ...result, spans: exporter.exported, calls: warmup + calls };
  }
  // Arize: first the two SDK builds against each other, both untraced, to measure their own difference.
  const control = await alternateClients(new CommonJsOpenAI(options), new OpenAI(options), body, calls, warmup);
  let exported = 0;
  const exporter = {
    export(spans, done) {
      exported += spans.length;
      done({ code: 0 });
    },
    shutdown: () => Promise.resolve(),
  };
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
  new OpenAIInstrumentation({ tracerProvider: provider }).manuallyInstrument(OpenAIModule);
  const result = await alternateClients(new CommonJsOpenAI(options), new OpenAI(options), body, calls, warmup);
  await provider.forceFlush();
  return {
    ...result,
    addedMs: result.addedMs - control.addedMs,
    controlMs: control.addedMs,
    spans: exported,
    calls: warmup + calls,
  };
}

/** The figure. */
export async function run({ quick }) {
  const repetitions = quick ? 2 : 7;
  const calls = quick ? 40 : 250;
  const warmup = quick ? 15 : 40;
  const servers = await startServers();
  const script = fileURLToPath(import.meta.url);
  const samples = Object.fromEntries(TOOLS.map((tool) => [tool, []]));
  const last = {};
  log(`first chunk: ${repetitions} processes per tracer, ${calls} alternating call pairs each`);
  try {
    for (let rep = 0; rep < repetitions; rep++) {
      for (let i = 0; i < TOOLS.length; i++) {
        const tool = TOOLS[(rep + i) % TOOLS.length];
        const args = [
          '--tool',
          tool,
          '--base-url',
          servers.openAiUrl,
          '--calls',
          String(calls),
          '--warmup',
          String(warmup),
        ];
        const result = await runChild(script, args);
        samples[tool].push(result);
        last[tool] = result;
      }
    }
  } finally {
    await servers.close();
  }
  const pick = (tool, key) => round(median(samples[tool].map((result) => result[key])), 4);
  return {
    repetitions,
    callPairsPerProcess: calls,
    addedMs: Object.fromEntries(TOOLS.map((tool) => [tool, pick(tool, 'addedMs')])),
    untracedMs: Object.fromEntries(TOOLS.map((tool) => [tool, pick(tool, 'untracedMs')])),
    tracedMs: Object.fromEntries(TOOLS.map((tool) => [tool, pick(tool, 'tracedMs')])),
    arizeBuildControlMs: pick('arize-openai', 'controlMs'),
    spread: Object.fromEntries(
      TOOLS.map((tool) => [tool, summarize(samples[tool].map((result) => round(result.addedMs, 4)))]),
    ),
    // Spans each tracer recorded in its last process: proof that the traced calls were traced.
    recorded: Object.fromEntries(TOOLS.map((tool) => [tool, { spans: last[tool].spans, calls: last[tool].calls }])),
  };
}

const tool = argValue('tool');
if (tool) {
  const result = await measureInThisProcess(
    tool,
    argValue('base-url'),
    Number(argValue('calls')),
    Number(argValue('warmup')),
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  await runIfMain(import.meta.url, run);
}
