// register() as @opentelemetry/api's global tracer provider, context manager and propagator: spans
// other code starts through the API are this library's spans (parent, using* attributes, sampling,
// masking, limits, export with their own scope), and the API sees this library's spans.
import { context, propagation, type Span, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { register, type SpanData, usingMetadata, usingSession, usingTags, usingUser } from '../../src/index.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { startOtlpSink } from '../fixtures/otlp-sink.js';

const registry = () =>
  (globalThis as Record<symbol, Record<string, unknown> | undefined>)[Symbol.for('opentelemetry.js.api.1')];

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function setUp(options: Parameters<typeof register>[0] = {}) {
  const exporter = collectingExporter();
  const obs = register({ serviceName: 'otel-globals', exporter, ...options });
  cleanups.push(() => obs.shutdown());
  return { obs, exporter };
}

const byName = (spans: SpanData[], name: string) => spans.find((span) => span.name === name) as SpanData;

describe('third-party spans through @opentelemetry/api', () => {
  it('nest under the active span and carry the using* attributes', async () => {
    const { obs, exporter } = setUp();
    const chat = obs.tracer.chain(async function chat() {
      await new Promise((resolve) => setTimeout(resolve, 1));
      await trace.getTracer('db-client', '2.1.0').startActiveSpan('SELECT sessions', async (span: Span) => {
        await trace.getTracer('cache').startActiveSpan('cache get', (inner: Span) => inner.end());
        span.end();
      });
    });
    await usingSession('sess-1', () =>
      usingUser('user-1', () => usingMetadata({ plan: 'pro' }, () => usingTags(['beta'], () => chat()))),
    );
    await obs.forceFlush();
    const spans = exporter.spans;
    const parent = byName(spans, 'chat');
    const query = byName(spans, 'SELECT sessions');
    const cache = byName(spans, 'cache get');
    expect(query.parentSpanId).toBe(parent.context.spanId);
    expect(cache.parentSpanId).toBe(query.context.spanId);
    expect(new Set(spans.map((span) => span.context.traceId)).size).toBe(1);
    for (const span of [query, cache]) {
      expect(span.attributes).toMatchObject({
        'session.id': 'sess-1',
        'user.id': 'user-1',
        metadata: '{"plan":"pro"}',
        'tag.tags': ['beta'],
      });
    }
    expect(query.instrumentationScope).toEqual({ name: 'db-client', version: '2.1.0' });
    expect(cache.instrumentationScope).toEqual({ name: 'cache' });
    expect(parent.instrumentationScope).toBeUndefined();
  });

  it('the API sees our spans: getActiveSpan, context.active and propagation.inject', async () => {
    const { obs } = setUp();
    const seen = await usingSession('sess-2', () =>
      obs.tracer.chain(async function step() {
        await Promise.resolve();
        const active = trace.getActiveSpan();
        const headers: Record<string, string> = {};
        propagation.inject(context.active(), headers);
        return { spanContext: active?.spanContext(), headers, same: trace.getSpan(context.active()) === active };
      })(),
    );
    expect(seen.spanContext?.traceId).toMatch(/^[\da-f]{32}$/);
    expect(seen.same).toBe(true);
    expect(seen.headers.traceparent).toBe(`00-${seen.spanContext?.traceId}-${seen.spanContext?.spanId}-01`);
  });

  it('are sampled, limited and masked like ours', async () => {
    const dropped = setUp({ sampleRatio: 0 });
    trace.getTracer('lib').startSpan('never').end();
    await dropped.obs.forceFlush();
    expect(dropped.exporter.spans).toHaveLength(0);
    await dropped.obs.shutdown();

    const { obs, exporter } = setUp({
      traceConfig: { hideInputs: true },
      spanLimits: { attributeValueLengthLimit: 12 },
    });
    const span = trace.getTracer('lib').startSpan('work', { attributes: { 'input.value': 'secret prompt' } });
    span.setAttribute('note', 'a long value, cut here');
    span.end();
    await obs.forceFlush();
    expect(exporter.spans[0].attributes['input.value']).toBe('__REDACTED__');
    expect(exporter.spans[0].attributes.note).toBe('a long value');
  });

  it('are exported with one scopeSpans per scope name and version', async () => {
    const sink = await startOtlpSink();
    cleanups.push(() => sink.close());
    const obs = register({ serviceName: 'scopes', endpoint: sink.url });
    cleanups.push(() => obs.shutdown());
    await obs.tracer.chain(async function turn() {
      trace.getTracer('ai', '6.0.325').startSpan('ai.generateText').end();
      trace.getTracer('db').startSpan('query').end();
      trace.getTracer('ai', '6.0.325').startSpan('ai.toolCall').end();
      trace.getTracer('ai', '5.0.0').startSpan('old').end();
    })();
    await obs.forceFlush();
    const [body] = sink.bodies();
    const scopes = JSON.parse(body).resourceSpans[0].scopeSpans.map(
      (group: { scope: { name: string; version?: string }; spans: { name: string }[] }) => [
        `${group.scope.name}@${group.scope.version ?? ''}`,
        group.spans.map((span) => span.name),
      ],
    );
    expect(scopes).toEqual([
      ['edge-llmobs@0.1.0', ['turn']],
      ['ai@6.0.325', ['ai.generateText', 'ai.toolCall']],
      ['db@', ['query']],
      ['ai@5.0.0', ['old']],
    ]);
  });
});

describe('owning and giving back the globals', () => {
  it('registerGlobal: false leaves the API alone', async () => {
    const { exporter, obs } = setUp({ registerGlobal: false });
    expect(registry()?.trace).toBeUndefined();
    trace.getTracer('lib').startSpan('unrecorded').end();
    await obs.forceFlush();
    expect(exporter.spans).toHaveLength(0);
  });

  it('shutdown() removes what is still its own, and nothing else', async () => {
    const first = register({ serviceName: 'a', exporter: 'none' });
    expect(registry()?.trace).toBeDefined();
    expect(registry()?.context).toBeDefined();
    expect(registry()?.propagation).toBeDefined();
    await first.shutdown();
    expect(registry()?.trace).toBeUndefined();
    expect(registry()?.context).toBeUndefined();
    expect(registry()?.propagation).toBeUndefined();
    expect(trace.getTracer('lib').startSpan('noop').isRecording()).toBe(false);

    const second = register({ serviceName: 'b', exporter: 'none' });
    // Someone else takes the tracer provider after us: shutdown must leave theirs in place.
    trace.disable();
    const foreign = new BasicTracerProvider();
    expect(trace.setGlobalTracerProvider(foreign)).toBe(true);
    await second.shutdown();
    expect(trace.getTracerProvider()).not.toBeUndefined();
    expect(registry()?.trace).toBeDefined();
    expect(trace.getTracer('x').startSpan('theirs').isRecording()).toBe(true);
    trace.disable();
  });

  it('a newer instance takes the globals over; the older one then removes nothing', async () => {
    const older = setUp();
    const newer = setUp();
    trace.getTracer('lib').startSpan('to the newer').end();
    await older.obs.shutdown();
    trace.getTracer('lib').startSpan('still the newer').end();
    await newer.obs.forceFlush();
    expect(newer.exporter.spans.map((span) => span.name)).toEqual(['to the newer', 'still the newer']);
    expect(older.exporter.spans).toHaveLength(0);
  });
});
