// Another OpenTelemetry SDK (sdk-trace-base's BasicTracerProvider) owns the globals before
// register(): register() says so once and leaves them, adopts that SDK's context manager, and
// LlmObsSpanProcessor on that SDK gives its spans the using* attributes and exports them here, in
// the same traces as this library's own spans.
import { AsyncLocalStorage } from 'node:async_hooks';
import { context, type Span, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AsyncLocalStorageContextManager } from '../../src/context/context-manager.js';
import { type LlmObs, LlmObsSpanProcessor, register, usingSession, usingUser } from '../../src/index.js';
import { aiSdkProcessor } from '../../src/integrations/ai-sdk/index.js';
import { models, plainTurn } from '../fixtures/ai-sdk-turns.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';

const theirs = new InMemorySpanExporter();
let bridge: LlmObsSpanProcessor | undefined;
const provider = new BasicTracerProvider({
  spanProcessors: [
    new SimpleSpanProcessor(theirs),
    // The processor needs the instance, which register() makes after this SDK owns the globals.
    {
      onStart: (span, parent) => bridge?.onStart(span, parent),
      onEnd: (span) => bridge?.onEnd(span),
      forceFlush: async () => bridge?.forceFlush(),
      shutdown: async () => bridge?.shutdown(),
    },
  ],
});
trace.setGlobalTracerProvider(provider);
context.setGlobalContextManager(new AsyncLocalStorageContextManager(AsyncLocalStorage));

const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
const ours = collectingExporter();
const obs: LlmObs = register({ serviceName: 'beside-an-sdk', exporter: ours });
bridge = new LlmObsSpanProcessor(obs, { spanProcessors: [aiSdkProcessor()] });
let standIn: StandIn;

beforeAll(async () => {
  standIn = await startOpenAiStandIn();
});

afterAll(async () => {
  await obs.shutdown();
  await standIn.close();
  warn.mockRestore();
});

describe('when another SDK owns the globals', () => {
  it('register() says so once and leaves them in place', async () => {
    const again = register({ serviceName: 'second', exporter: 'none' });
    await again.shutdown();
    const told = warn.mock.calls.filter(([message]) => String(message).includes('another OpenTelemetry SDK'));
    expect(told).toHaveLength(1);
    expect(String(told[0][0])).toContain('trace, context');
    expect(String(told[0][0])).toContain('LlmObsSpanProcessor');
    expect((trace.getTracerProvider() as unknown as { getDelegate(): unknown }).getDelegate()).toBe(provider);
  });

  it("its spans get the using* attributes, share our traces, and reach this library's exporter", async () => {
    theirs.reset();
    ours.spans.length = 0;
    const sdkTracer = trace.getTracer('web-framework', '1.0.0');
    await usingSession('sess-sdk', () =>
      usingUser('user-sdk', () =>
        sdkTracer.startActiveSpan('GET /chat', async (request: Span) => {
          await obs.tracer.chain(async function chat() {
            await Promise.resolve();
            sdkTracer.startSpan('db query').end();
          })();
          request.end();
        }),
      ),
    );
    await obs.forceFlush();
    const sdkRequest = theirs.getFinishedSpans().find((span) => span.name === 'GET /chat');
    expect(sdkRequest?.attributes).toMatchObject({ 'session.id': 'sess-sdk', 'user.id': 'user-sdk' });
    const names = ours.spans.map((span) => span.name).sort();
    expect(names).toEqual(['GET /chat', 'chat', 'db query']);
    const request = ours.spans.find((span) => span.name === 'GET /chat');
    const chat = ours.spans.find((span) => span.name === 'chat');
    const query = ours.spans.find((span) => span.name === 'db query');
    expect(request?.context.spanId).toBe(sdkRequest?.spanContext().spanId);
    expect(chat?.parentSpanId).toBe(request?.context.spanId);
    expect(query?.parentSpanId).toBe(chat?.context.spanId);
    expect(new Set(ours.spans.map((span) => span.context.traceId)).size).toBe(1);
    for (const span of ours.spans) expect(span.attributes['session.id']).toBe('sess-sdk');
    expect(request?.instrumentationScope).toEqual({ name: 'web-framework', version: '1.0.0' });
  });

  it('the AI SDK on that SDK: its spans mapped here, one LLM span per call with our fetch', async () => {
    theirs.reset();
    ours.spans.length = 0;
    const model = models({ openai: standIn.url, anthropic: standIn.url, fetch: obs.fetch });
    // No tracer passed: the AI SDK uses the global one, which is the other SDK's.
    await usingSession('sess-sdk-ai', () => plainTurn(model.openai, undefined));
    await obs.forceFlush();
    expect(
      theirs
        .getFinishedSpans()
        .map((span) => span.name)
        .sort(),
    ).toEqual(['ai.generateText', 'ai.generateText.doGenerate']);
    const kinds = ours.spans.map((span) => [span.name, span.attributes['openinference.span.kind']]).sort();
    expect(kinds).toEqual([
      ['ai.generateText', 'CHAIN'],
      ['ai.generateText.doGenerate', 'LLM'],
    ]);
    for (const span of ours.spans) expect(span.attributes['session.id']).toBe('sess-sdk-ai');
  });
});
