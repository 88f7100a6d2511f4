import { context, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as OtlpHttpExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestViewer, type TestViewer } from './local-viewer.js';

// Load: 20 official OpenTelemetry exporters at once (10 HTTP/protobuf, 10 HTTP/JSON, half of each
// gzipped), 1,000 spans each, in batches of 200 as a BatchSpanProcessor would send them. Every span
// is stored once; a retried batch adds nothing. Throughput is measured in `npm run bench`, not here.

const EXPORTERS = 20;
const SPANS_EACH = 1000;
const BATCH = 200;

let viewer: TestViewer;

beforeAll(async () => {
  viewer = await startTestViewer();
});

afterAll(async () => {
  await viewer?.dispose();
});

/** 250 turns of 4 spans (a root, a chain with session and user, two children) from one app. */
function appSpans(app: number): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
  const tracer = provider.getTracer('load');
  for (let turn = 0; turn < SPANS_EACH / 4; turn++) {
    const root = tracer.startSpan('POST /chat');
    const inRoot = trace.setSpan(context.active(), root);
    const chain = tracer.startSpan(
      'chat',
      {
        attributes: {
          'openinference.span.kind': 'CHAIN',
          'session.id': `load-${app}-${turn % 25}`,
          'user.id': `load-user-${app % 5}`,
        },
      },
      inRoot,
    );
    const inChain = trace.setSpan(inRoot, chain);
    tracer.startSpan('retrieve', { attributes: { 'openinference.span.kind': 'RETRIEVER' } }, inChain).end();
    tracer
      .startSpan('llm', { attributes: { 'openinference.span.kind': 'LLM', 'llm.token_count.total': 30 } }, inChain)
      .end();
    chain.end();
    root.end();
  }
  const spans = memory.getFinishedSpans();
  expect(spans).toHaveLength(SPANS_EACH);
  return spans;
}

function exporterFor(app: number): SpanExporter {
  const url = `${viewer.url}/v1/traces`;
  const compression = (app % 4 < 2 ? 'gzip' : 'none') as never;
  return app % 2 === 0 ? new OtlpProtoExporter({ url, compression }) : new OtlpHttpExporter({ url, compression });
}

function send(exporter: SpanExporter, spans: ReadableSpan[]): Promise<void> {
  return new Promise((resolve, reject) =>
    exporter.export(spans, (result) =>
      result.code === ExportResultCode.SUCCESS ? resolve() : reject(result.error ?? new Error('export failed')),
    ),
  );
}

it('stores all 20,000 spans from 20 exporters at once, none lost, none duplicated by a retry', async () => {
  const apps = Array.from({ length: EXPORTERS }, (_, app) => ({ spans: appSpans(app), exporter: exporterFor(app) }));
  await Promise.all(
    apps.map(async ({ spans, exporter }) => {
      for (let i = 0; i < spans.length; i += BATCH) await send(exporter, spans.slice(i, i + BATCH));
    }),
  );
  expect(await viewer.count('spans')).toBe(EXPORTERS * SPANS_EACH);
  expect(await viewer.count('turns')).toBe((EXPORTERS * SPANS_EACH) / 4);
  // Every exporter retries one batch it had sent (as after a lost response).
  await Promise.all(apps.map(({ spans, exporter }) => send(exporter, spans.slice(BATCH, 2 * BATCH))));
  expect(await viewer.count('spans')).toBe(EXPORTERS * SPANS_EACH);
  const sessions = await viewer.get('/api/sessions?limit=1000');
  expect(sessions.sessions).toHaveLength(EXPORTERS * 25);
  expect(sessions.sessions.reduce((sum: number, s: { turns: number }) => sum + s.turns, 0)).toBe(
    (EXPORTERS * SPANS_EACH) / 4,
  );
  const users = (await viewer.get('/api/users')).users;
  expect(users.map((user: { requests: number }) => user.requests)).toEqual([1000, 1000, 1000, 1000, 1000]);
  await Promise.all(apps.map(({ exporter }) => exporter.shutdown()));
}, 120_000);
