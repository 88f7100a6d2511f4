// HTTP/protobuf through @opentelemetry/otlp-transformer, checked against protobufjs types generated
// from the OTLP protos (otlp-transformer 0.52.1's root.js): the bytes must mean what the JSON means.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeOtlpJson, register, type SpanData, usingSession } from '../../src/index.js';
import { httpJson } from '../../src/pipeline/otlp/otlp-encoding.js';
import { httpProtobuf } from '../../src/protobuf.js';
import { type ChaosCollector, startChaosCollector } from '../fixtures/chaos-collector.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { plainValue } from '../fixtures/otlp-sink.js';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: protobufjs generated code is untyped here
const root: any = require('otlp-transformer-protobuf-oracle/build/src/generated/root.js');
const Request = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

const resource = { 'service.name': 'protobuf-test', 'deployment.environment': 'test' };
const scope = { name: 'edge-llmobs', version: '0.1.0' };

async function sampleSpans(): Promise<SpanData[]> {
  const exporter = collectingExporter();
  const obs = register({ exporter, scheduledDelayMs: 0 });
  await usingSession('sess-proto', () =>
    obs.tracer.chain(async function outer(question: string) {
      const span = obs.tracer.startSpan('inner', { kind: 2 });
      span.setAttributes({ count: 3, ratio: 0.5, ok: true, list: [1, 2], words: ['x', 'y'], unicode: 'naïve ✓ 漢字' });
      span.addEvent('first token', { at: 1 });
      span.setStatus({ code: 2, message: 'bad' });
      span.end();
      return question.toUpperCase();
    })('why?'),
  );
  await obs.shutdown();
  return exporter.spans;
}

// biome-ignore lint/suspicious/noExplicitAny: decoded structurally
type Json = any;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const attrs = (list: Json[] = []) => Object.fromEntries(list.map((kv) => [kv.key, plainValue(kv.value)]));

/** The meaning of one span, from either wire format. */
function meaning(span: Json, ids: (value: Json) => string) {
  return {
    traceId: ids(span.traceId),
    spanId: ids(span.spanId),
    parentSpanId: span.parentSpanId && ids(span.parentSpanId).length > 0 ? ids(span.parentSpanId) : undefined,
    name: span.name,
    kind: span.kind,
    start: String(span.startTimeUnixNano),
    end: String(span.endTimeUnixNano),
    attributes: attrs(span.attributes),
    events: (span.events ?? []).map((event: Json) => ({
      name: event.name,
      time: String(event.timeUnixNano),
      attributes: attrs(event.attributes),
    })),
    status: { code: span.status?.code ?? 0, message: span.status?.message || undefined },
  };
}

function decodeProtobuf(bytes: Uint8Array) {
  const decoded = Request.toObject(Request.decode(bytes), { longs: String, enums: Number, defaults: false });
  const resourceSpans = decoded.resourceSpans[0];
  return {
    resource: attrs(resourceSpans.resource.attributes),
    scope: resourceSpans.scopeSpans[0].scope,
    spans: resourceSpans.scopeSpans[0].spans.map((span: Json) => meaning(span, hex)),
  };
}

function decodeJson(text: string) {
  const resourceSpans = JSON.parse(text).resourceSpans[0];
  return {
    resource: attrs(resourceSpans.resource.attributes),
    scope: resourceSpans.scopeSpans[0].scope,
    spans: resourceSpans.scopeSpans[0].spans.map((span: Json) => meaning(span, String)),
  };
}

let collector: ChaosCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

describe('OTLP/HTTP protobuf', () => {
  it('encodes the same spans, resource and scope as the JSON encoder', async () => {
    const spans = await sampleSpans();
    const [body] = httpProtobuf.encode(spans, resource, scope, 1 << 20);
    expect(body.spanCount).toBe(spans.length);
    expect(decodeProtobuf(body.bytes)).toEqual(decodeJson(encodeOtlpJson(spans, resource, scope)));
  });

  it('splits a batch over maxBytes into bodies that each fit', async () => {
    const spans = [...(await sampleSpans()), ...(await sampleSpans()), ...(await sampleSpans())];
    const whole = httpProtobuf.encode(spans, resource, scope, 1 << 20)[0].bytes.length;
    const bodies = httpProtobuf.encode(spans, resource, scope, Math.ceil(whole / 3));
    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies) expect(body.bytes.length).toBeLessThanOrEqual(Math.ceil(whole / 3));
    const names = bodies.flatMap((body) => decodeProtobuf(body.bytes).spans.map((span: Json) => span.name));
    expect(names).toEqual(spans.map((span) => span.name));
  });

  it('is what register({ protocol: httpProtobuf }) sends, as application/x-protobuf', async () => {
    collector = await startChaosCollector('ok');
    const obs = register({ endpoint: collector.url, protocol: httpProtobuf, scheduledDelayMs: 0 });
    await obs.tracer.chain(async function turn() {
      return 'x'.repeat(40_000);
    })();
    expect(await obs.forceFlush()).toEqual({ exported: 1, dropped: 0 });
    await obs.shutdown();
    const [request] = collector.requests;
    expect(request.headers['content-type']).toBe('application/x-protobuf');
    expect(request.headers['content-encoding']).toBe('gzip');
    const decoded = decodeProtobuf(request.body as Buffer);
    expect(decoded.spans[0].name).toBe('turn');
    expect(decoded.spans[0].attributes['output.value']).toBe('x'.repeat(40_000));
  });

  it('stays out of bundles that import only the JSON entry point', async () => {
    const bundle = async (entry: string) =>
      (
        await build({
          entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
          bundle: true,
          format: 'esm',
          platform: 'browser',
          minify: true,
          write: false,
          metafile: true,
          logLevel: 'silent',
        })
      ).metafile;
    const json = await bundle('../../src/index.ts');
    const protobuf = await bundle('../../src/protobuf.ts');
    const inputs = (meta: typeof json) => Object.keys(meta.inputs).join('\n');
    expect(inputs(json)).not.toContain('otlp-transformer');
    expect(inputs(protobuf)).toContain('otlp-transformer');
    const size = (meta: typeof json) => Object.values(meta.outputs)[0].bytes;
    console.log(`minified bundle: index ${size(json)} B, protobuf entry ${size(protobuf)} B`);
  });

  it('keeps the JSON encoder the default encoding', () => {
    expect(httpJson.contentType).toBe('application/json');
    expect(httpProtobuf.protocol).toBe('http/protobuf');
  });
});
