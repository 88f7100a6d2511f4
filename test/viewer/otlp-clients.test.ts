import { gzipSync } from 'node:zlib';
import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as OtlpHttpExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register, usingSession, usingUser } from '../../src/index.js';
import { httpProtobuf } from '../../src/protobuf.js';
import { type Json, startTestViewer, type TestViewer } from './local-viewer.js';

// Any OTLP client, any valid span: the official OpenTelemetry JS exporters (HTTP/protobuf and
// HTTP/JSON, gzip or not) and edge-llmobs/protobuf, into the viewer as `npm run viewer` runs it.

let viewer: TestViewer;

beforeAll(async () => {
  viewer = await startTestViewer();
});

afterAll(async () => {
  await viewer?.dispose();
});

/** Spans from the OpenTelemetry SDK: a root without attributes, an HTTP client child, a DB grandchild. */
async function plainTrace(exporter: SpanExporter, name: string): Promise<string> {
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('plain-otel');
  const root = tracer.startSpan(name);
  const rootContext = trace.setSpan(context.active(), root);
  const http = tracer.startSpan('GET /weather', { kind: 2, attributes: { 'http.request.method': 'GET' } }, rootContext);
  const db = tracer.startSpan(
    'SELECT cities',
    { attributes: { 'db.system': 'sqlite', 'db.rows': 3 } },
    trace.setSpan(rootContext, http),
  );
  db.end();
  http.setStatus({ code: 2, message: 'upstream 502' });
  http.end();
  root.end();
  // Flushed, not shut down: shutting down would also clear an in-memory exporter.
  await provider.forceFlush();
  return root.spanContext().traceId;
}

async function turnOf(traceId: string): Promise<Json> {
  const row = await (await viewer.mf.getD1Database('DB'))
    .prepare(
      'SELECT root_name AS rootName, span_count AS spans, llm_count AS llms, error_count AS errors FROM turns WHERE trace_id = ?1',
    )
    .bind(traceId)
    .first();
  return row;
}

describe('the official OpenTelemetry exporters', () => {
  it.each([
    ['exporter-trace-otlp-proto', () => new OtlpProtoExporter({ url: `${viewer.url}/v1/traces` })],
    [
      'exporter-trace-otlp-proto, gzip',
      () => new OtlpProtoExporter({ url: `${viewer.url}/v1/traces`, compression: 'gzip' as never }),
    ],
    ['exporter-trace-otlp-http (JSON)', () => new OtlpHttpExporter({ url: `${viewer.url}/v1/traces` })],
    [
      'exporter-trace-otlp-http (JSON), gzip',
      () => new OtlpHttpExporter({ url: `${viewer.url}/v1/traces`, compression: 'gzip' as never }),
    ],
  ])('%s: plain spans and a root without attributes are all stored', async (name, exporter) => {
    const traceId = await plainTrace(exporter(), `plain root ${name}`);
    expect(await turnOf(traceId)).toEqual({ rootName: `plain root ${name}`, spans: 3, llms: 0, errors: 1 });
  });
});

describe('edge-llmobs/protobuf', () => {
  it('sends a session turn that the viewer stores and serves like the JSON one', async () => {
    const obs = register({
      endpoint: viewer.url,
      protocol: httpProtobuf,
      scheduledDelayMs: 0,
      serviceName: 'proto-app',
    });
    await usingSession('sess-protobuf', () =>
      usingUser('user-protobuf', () =>
        obs.tracer.chain(async function chat(question: string) {
          return question.toUpperCase();
        })('hello?'),
      ),
    );
    expect(await obs.forceFlush()).toEqual({ exported: 1, dropped: 0 });
    await obs.shutdown();
    const session = await viewer.get('/api/sessions/sess-protobuf');
    expect(session.turns).toHaveLength(1);
    expect(session.turns[0]).toMatchObject({ rootName: 'chat', userId: 'user-protobuf' });
    expect(session.turns[0].spans[0].attributes).toMatchObject({
      'session.id': 'sess-protobuf',
      'user.id': 'user-protobuf',
    });
  });
});

const TRACE = 'aa'.repeat(16);
const span = (spanId: string, parentSpanId: string | undefined, name: string, start: number) => ({
  traceId: TRACE,
  spanId,
  ...(parentSpanId ? { parentSpanId } : {}),
  name,
  startTimeUnixNano: String(1_764_000_000_000_000_000n + BigInt(start) * 1_000_000n),
  endTimeUnixNano: String(1_764_000_000_000_000_000n + BigInt(start + 10) * 1_000_000n),
});
const batch = (...spans: Json[]) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });

describe('any valid span', () => {
  it('stores a trace split across batches, children first, with an orphan whose parent never arrives', async () => {
    const child = span('00000000000000c1', '00000000000000a1', 'child', 5);
    const orphan = span('00000000000000d1', '00000000000000ff', 'orphan', 1);
    expect((await viewer.post('/v1/traces', batch(child, orphan))).status).toBe(200);
    // Before the root arrives the turn's root is the earliest span whose parent is missing.
    expect(await turnOf(TRACE)).toMatchObject({ rootName: 'orphan', spans: 2 });
    const root = span('00000000000000a1', undefined, 'root', 0);
    expect((await viewer.post('/v1/traces', batch(root))).status).toBe(200);
    expect(await turnOf(TRACE)).toMatchObject({ rootName: 'root', spans: 3, llms: 0, errors: 0 });
    // A retried batch changes nothing.
    expect((await viewer.post('/v1/traces', batch(child, orphan))).status).toBe(200);
    expect(await turnOf(TRACE)).toMatchObject({ spans: 3 });
  });
});

describe('OTLP/HTTP protobuf checks', () => {
  const protobuf = { 'content-type': 'application/x-protobuf' };
  const decodeStatus = (bytes: Uint8Array) => ({
    code: bytes[1],
    message: new TextDecoder().decode(bytes.subarray(4)),
  });

  it('answers a malformed body 400 with a protobuf Status and stores nothing', async () => {
    const before = await viewer.count('spans');
    for (const body of [new Uint8Array([0x0a, 0x05, 0x01]), new Uint8Array([0xff, 0xff, 0xff])]) {
      const response = await viewer.post('/v1/traces', body, protobuf);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/x-protobuf');
      expect(decodeStatus(new Uint8Array(await response.arrayBuffer())).code).toBe(3);
    }
    expect(await viewer.count('spans')).toBe(before);
  });

  it('rejects a whole batch when one span in it is invalid (all-zero trace id)', async () => {
    const before = await viewer.count('spans');
    const memory = new InMemorySpanExporter();
    const traceId = await plainTrace(memory, 'to corrupt');
    const bytes = new Uint8Array(ProtobufTraceSerializer.serializeRequest(memory.getFinishedSpans())!);
    // The last copy of the trace id on the wire is the last span's: zero it.
    const id = Buffer.from(traceId, 'hex');
    const at = Buffer.from(bytes).lastIndexOf(id);
    expect(at).toBeGreaterThan(0);
    bytes.fill(0, at, at + 16);
    const response = await viewer.post('/v1/traces', bytes, protobuf);
    expect(response.status).toBe(400);
    expect(decodeStatus(new Uint8Array(await response.arrayBuffer())).message).toMatch(/traceId/);
    expect(await viewer.count('spans')).toBe(before);
    // The same bytes unharmed are stored whole.
    bytes.set(id, at);
    expect((await viewer.post('/v1/traces', bytes, protobuf)).status).toBe(200);
    expect(await viewer.count('spans')).toBe(before + 3);
  });

  it('takes gzip, and answers 413 to a gzip bomb', async () => {
    const traceId = await plainTrace(
      new OtlpProtoExporter({ url: `${viewer.url}/v1/traces`, compression: 'gzip' as never }),
      'gz',
    );
    expect(await turnOf(traceId)).toMatchObject({ spans: 3 });
    const bomb = new Uint8Array(gzipSync(new Uint8Array(5 * 1024 * 1024)));
    const response = await viewer.post('/v1/traces', bomb, { ...protobuf, 'content-encoding': 'gzip' });
    expect(response.status).toBe(413);
    expect(decodeStatus(new Uint8Array(await response.arrayBuffer())).code).toBe(8);
  });

  it('refuses other content types with 415', async () => {
    const response = await viewer.post('/v1/traces', batch(span('00000000000000e1', undefined, 'x', 0)), {
      'content-type': 'text/plain',
    });
    expect(response.status).toBe(415);
  });
});
