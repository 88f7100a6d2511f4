// Figure: what the AI SDK integration and the OpenTelemetry bridge cost.
// 1. Bundle (gzip -9, wrangler-like): an AI SDK Worker untraced, traced without the mapping, and
//    traced with aiSdkProcessor(); and the bytes of src/integrations/ in the plain bench Worker,
//    which does not import it (tree-shaking must leave none).
// 2. The span path through @opentelemetry/api's global tracer: start, 10 attributes, end, from
//    `trace.getTracer()` with register()'s provider installed, against sdk-trace-base's
//    BasicTracerProvider (Simple and Batch processors) installed the same way. Child processes
//    alternate, as in span-path.js.
import { fileURLToPath } from 'node:url';
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { bundleWorker, loadEdgeLlmobs, workerEntry } from '../lib/build.js';
import { argValue, runChild } from '../lib/child.js';
import { runIfMain } from '../lib/figure.js';
import { recordSpan } from '../lib/record-span.js';
import { log, median, round, startClock } from '../lib/stats.js';

const TOOLS = ['edge-llmobs-global', 'sdk-trace-base-simple-global', 'sdk-trace-base-batch-global'];
const BATCH_SIZE = 1000;

function integrationBytes(metafile) {
  const [output] = Object.values(metafile.outputs);
  return Object.entries(output.inputs)
    .filter(([input]) => input.startsWith('src/integrations/'))
    .reduce((sum, [, { bytesInOutput }]) => sum + bytesInOutput, 0);
}

async function bundles() {
  const sizes = {};
  for (const name of ['ai-sdk-bare', 'ai-sdk-edge-llmobs-plain', 'ai-sdk-edge-llmobs']) {
    const bundle = await bundleWorker(workerEntry(name), 'wrangler');
    sizes[name] = {
      bytes: bundle.bytes,
      gzipBytes: bundle.gzipBytes,
      integrationBytes: integrationBytes(bundle.metafile),
    };
  }
  const plain = await bundleWorker(workerEntry('edge-llmobs', 'adapter'), 'wrangler');
  return {
    sizes,
    addedGzipBytes: sizes['ai-sdk-edge-llmobs'].gzipBytes - sizes['ai-sdk-bare'].gzipBytes,
    mappingGzipBytes: sizes['ai-sdk-edge-llmobs'].gzipBytes - sizes['ai-sdk-edge-llmobs-plain'].gzipBytes,
    integrationBytesInPlainWorker: integrationBytes(plain.metafile),
  };
}

async function setUp(tool) {
  const exported = { count: 0 };
  if (tool === 'edge-llmobs-global') {
    const { register } = await loadEdgeLlmobs();
    const obs = register({
      serviceName: 'bench',
      exporter: {
        export(spans) {
          exported.count += spans.length;
          return Promise.resolve({ ok: true });
        },
      },
    });
    return { tracer: trace.getTracer('bench', '1.0.0'), drain: () => obs.forceFlush(), exported };
  }
  const exporter = {
    export(spans, done) {
      exported.count += spans.length;
      done({ code: 0 });
    },
    shutdown: () => Promise.resolve(),
    forceFlush: () => Promise.resolve(),
  };
  const processor = tool.includes('simple') ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter);
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  trace.setGlobalTracerProvider(provider);
  return { tracer: trace.getTracer('bench', '1.0.0'), drain: () => provider.forceFlush(), exported };
}

async function measureInThisProcess(tool, batches, warmup) {
  const { tracer, drain, exported } = await setUp(tool);
  let cpuNs = 0;
  for (let batch = 0; batch < warmup + batches; batch++) {
    const stop = startClock();
    for (let i = 0; i < BATCH_SIZE; i++) recordSpan(tracer);
    const elapsed = stop();
    await drain();
    if (batch >= warmup) cpuNs += elapsed.cpuNs;
  }
  if (exported.count !== (warmup + batches) * BATCH_SIZE) throw new Error(`${tool} exported ${exported.count} spans`);
  return { nsPerSpan: cpuNs / (batches * BATCH_SIZE) };
}

export async function run({ quick }) {
  const bundle = await bundles();
  log(`AI SDK Worker: ${bundle.sizes['ai-sdk-edge-llmobs'].gzipBytes} B gzip; mapping ${bundle.mappingGzipBytes} B`);
  const repetitions = quick ? 2 : 7;
  const batches = quick ? 40 : 300;
  const warmup = quick ? 20 : 50;
  const script = fileURLToPath(import.meta.url);
  const samples = Object.fromEntries(TOOLS.map((tool) => [tool, []]));
  for (let rep = 0; rep < repetitions; rep++) {
    for (let i = 0; i < TOOLS.length; i++) {
      const tool = TOOLS[(rep + i) % TOOLS.length];
      const result = await runChild(script, ['--tool', tool, '--batches', String(batches), '--warmup', String(warmup)]);
      samples[tool].push(result.nsPerSpan);
    }
  }
  const nsPerSpan = Object.fromEntries(TOOLS.map((tool) => [tool, round(median(samples[tool]), 1)]));
  const peer = Math.min(nsPerSpan['sdk-trace-base-simple-global'], nsPerSpan['sdk-trace-base-batch-global']);
  return {
    bundle,
    globalSpanPath: {
      batchSize: BATCH_SIZE,
      repetitions,
      nsPerSpan,
      ratioToPeer: round(nsPerSpan['edge-llmobs-global'] / peer),
    },
  };
}

const tool = argValue('tool');
if (tool) {
  const result = await measureInThisProcess(tool, Number(argValue('batches')), Number(argValue('warmup')));
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  await runIfMain(import.meta.url, run);
}
