// Figure: OTLP JSON serialization of LLM-shaped spans (20 attributes, two 2 KB strings) in batches
// of 1, 10, 100 and 1000: µs and bytes per span, and gzip bytes per span. Every tool ends at UTF-8
// bytes, what goes on the wire: edge-llmobs through its exporter's encoder (httpJson.encode, or
// encodeOtlpJson + TextEncoder where that encoder is absent), otlp-transformer's
// JsonTraceSerializer (which returns bytes), and the lower bound: JSON.stringify + TextEncoder of
// the OTLP object tree of the same request, built beforehand, off the clock (parsed from edge-llmobs's
// bodies, which JSON.stringify writes back byte for byte: checked). Tools alternate in one process.
import { gzipSync } from 'node:zlib';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { llmSpanAttributes } from '../lib/attributes.js';
import { loadEdgeLlmobs } from '../lib/build.js';
import { argValue } from '../lib/child.js';
import { runIfMain } from '../lib/figure.js';
import { alternate, log, median, round, startClock } from '../lib/stats.js';

export const BATCH_SIZES = [1, 10, 100, 1000];
export const TOOLS = ['edge-llmobs', 'otlp-transformer', 'json_stringify'];
// The exporter's default body limit (3 MiB); 1000 such spans make two bodies, as they would on the wire.
const MAX_BODY_BYTES = 3 * 1024 * 1024;
const utf8 = new TextEncoder();

/** `count` ended edge-llmobs spans, captured from its buffer, and the resource and scope it exports with. */
async function edgeSpans(edge, count) {
  const captured = [];
  const obs = edge.register({
    serviceName: 'bench',
    maxQueueSize: count,
    exporter: {
      export: async (spans) => {
        captured.push(...spans);
        return { ok: true };
      },
    },
  });
  for (let i = 0; i < count; i++) {
    obs.tracer.startSpan('ChatCompletion', { attributes: llmSpanAttributes(i) }).end();
  }
  await obs.forceFlush();
  const scope = { name: edge.LIBRARY_NAME ?? 'edge-llmobs', version: '0.1.0' };
  return { spans: captured, resource: obs.resource, scope };
}

/** The same spans from sdk-trace-base, with the same resource attributes. */
function otelSpans(count, resource) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(resource),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('edge-llmobs', '0.1.0');
  for (let i = 0; i < count; i++) tracer.startSpan('ChatCompletion', { attributes: llmSpanAttributes(i) }).end();
  return exporter.getFinishedSpans();
}

/** Each tool's serializer for a batch: spans in, UTF-8 body bytes out (a list: edge-llmobs may split). */
function serializers(edge, edgeBatch, otelBatch, resource, scope) {
  const edgeSerialize = edge.httpJson
    ? () => edge.httpJson.encode(edgeBatch, resource, scope, MAX_BODY_BYTES).map((body) => body.bytes)
    : () => [utf8.encode(edge.encodeOtlpJson(edgeBatch, resource, scope))];
  return {
    'edge-llmobs': edgeSerialize,
    'otlp-transformer': () => [JsonTraceSerializer.serializeRequest(otelBatch)],
    json_stringify: lowerBound(edgeSerialize()),
  };
}

/**
 * The lower bound's serializer: JSON.stringify + TextEncoder of the OTLP tree of the whole batch as
 * one request, parsed from edge-llmobs's bodies (which JSON.stringify writes back byte for byte:
 * checked) and joined, built off the clock. Parsed from the bodies the figure measures, so the encoder
 * is called with the same arguments throughout (another body limit would deoptimize its code).
 */
function lowerBound(bodies) {
  const trees = bodies.map((bytes) => {
    const text = Buffer.from(bytes).toString('utf8');
    const tree = JSON.parse(text);
    if (JSON.stringify(tree) !== text) throw new Error('JSON.stringify does not write the body back');
    return tree;
  });
  const [request, ...rest] = trees;
  for (const more of rest)
    request.resourceSpans[0].scopeSpans[0].spans.push(...more.resourceSpans[0].scopeSpans[0].spans);
  return () => [utf8.encode(JSON.stringify(request))];
}

/** Checks a body holds `count` spans with 20 attributes each, so every tool serializes the same data. */
function checkBodies(tool, bodies, count) {
  let spans = 0;
  for (const bytes of bodies) {
    const request = JSON.parse(Buffer.from(bytes).toString('utf8'));
    for (const span of request.resourceSpans[0].scopeSpans[0].spans) {
      spans++;
      if (span.attributes.length !== 20) throw new Error(`${tool}: a span has ${span.attributes.length} attributes`);
    }
  }
  if (spans !== count) throw new Error(`${tool}: ${spans} spans serialized, expected ${count}`);
}

/** Times `iterations` calls of `serialize`: CPU µs per span (what the figure reports). */
function timeSerializer(serialize, iterations, batchSize) {
  const stop = startClock();
  for (let i = 0; i < iterations; i++) serialize();
  return stop().cpuNs / (iterations * batchSize) / 1000;
}

/** The figure. */
export async function run({ quick }) {
  const edge = await loadEdgeLlmobs();
  const repetitions = quick ? 3 : 25;
  const spansPerSample = quick ? 1000 : 4000;
  const largest = BATCH_SIZES.at(-1);
  const { spans: allEdge, resource, scope } = await edgeSpans(edge, largest);
  const allOtel = otelSpans(largest, resource);
  const encoder = edge.httpJson ? 'httpJson.encode (the exporter path)' : 'encodeOtlpJson + TextEncoder';
  log(
    `serialize: batches ${BATCH_SIZES.join('/')}, ${repetitions} alternating repetitions; edge-llmobs via ${encoder}`,
  );
  const byBatch = {};
  for (const batchSize of BATCH_SIZES) {
    const serialize = serializers(edge, allEdge.slice(0, batchSize), allOtel.slice(0, batchSize), resource, scope);
    const iterations = Math.max(1, Math.round(spansPerSample / batchSize));
    const sizes = {};
    for (const tool of TOOLS) {
      const bodies = serialize[tool]();
      checkBodies(tool, bodies, batchSize);
      const bytes = bodies.reduce((sum, body) => sum + body.length, 0);
      const gzipBytes = bodies.reduce((sum, body) => sum + gzipSync(body).length, 0);
      sizes[tool] = { bytesPerSpan: round(bytes / batchSize, 1), gzipBytesPerSpan: round(gzipBytes / batchSize, 1) };
      // Warm-up: the first calls compile; they are not measured.
      timeSerializer(serialize[tool], iterations, batchSize);
    }
    const samples = await alternate(TOOLS, repetitions, (tool) =>
      timeSerializer(serialize[tool], iterations, batchSize),
    );
    byBatch[batchSize] = Object.fromEntries(
      TOOLS.map((tool) => [tool, { usPerSpan: round(median(samples[tool]), 3), ...sizes[tool] }]),
    );
  }
  const usPerSpan = Object.fromEntries(
    TOOLS.map((tool) => [tool, Object.fromEntries(BATCH_SIZES.map((size) => [size, byBatch[size][tool].usPerSpan]))]),
  );
  const ratio = (a, b) =>
    Object.fromEntries(BATCH_SIZES.map((size) => [size, round(usPerSpan[a][size] / usPerSpan[b][size])]));
  return {
    clock: 'process CPU time',
    encoder,
    gzip: 'zlib default level (what CompressionStream("gzip") sends)',
    repetitions,
    byBatch,
    usPerSpan,
    ratioToPeer: ratio('edge-llmobs', 'otlp-transformer'),
    ratioToLowerBound: ratio('edge-llmobs', 'json_stringify'),
    peerRatioToLowerBound: ratio('otlp-transformer', 'json_stringify'),
  };
}

/** One tool's serializer in a loop, nothing else: what bench/profile.js profiles. */
async function loopOneTool(tool, batchSize, iterations) {
  const edge = await loadEdgeLlmobs();
  const { spans, resource, scope } = await edgeSpans(edge, batchSize);
  const serialize = serializers(edge, spans, otelSpans(batchSize, resource), resource, scope)[tool];
  return { usPerSpan: timeSerializer(serialize, iterations, batchSize) };
}

const tool = argValue('tool');
if (tool) {
  const result = await loopOneTool(tool, Number(argValue('batch') ?? 100), Number(argValue('iterations') ?? 400));
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  await runIfMain(import.meta.url, run);
}
