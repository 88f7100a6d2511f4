// workerd with NO compatibility flag (no AsyncLocalStorage): each request runs in its own request
// scope; a library starts spans through @opentelemetry/api before and after an await, and one
// span goes through the scope's tracer (how the AI SDK is given a tracer without AsyncLocalStorage).
import { type Span, trace } from '@opentelemetry/api';
import { type LlmObs, register, type SpanData } from '../../src/index.js';
import { seededRandom } from '../fixtures/workers/random.js';

const spans: SpanData[] = [];
let obs: LlmObs | undefined;
const random = seededRandom(12);
const pause = () => new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 4)));

export default {
  async fetch(request: Request): Promise<Response> {
    obs ??= register({
      serviceName: 'no-flag',
      maxQueueSize: 10_000,
      exporter: {
        async export(batch) {
          spans.push(...batch);
          return { ok: true };
        },
      },
    });
    const url = new URL(request.url);
    if (url.pathname === '/spans') {
      await obs.forceFlush();
      return Response.json({
        contextFollowsAwait: obs.contextFollowsAwait,
        spans: spans.map((span) => ({
          name: span.name,
          traceId: span.context.traceId,
          spanId: span.context.spanId,
          parentSpanId: span.parentSpanId ?? null,
          sessionId: span.attributes['session.id'] ?? null,
          request: span.attributes['test.request'] ?? null,
        })),
      });
    }
    const id = url.searchParams.get('id') ?? '';
    const scope = obs.scope();
    const attributes = { 'test.request': id };
    await scope.usingSession(`sess-${id}`, () =>
      scope.tracer.chain('request', async () => {
        const library = trace.getTracer('library', '1.0.0');
        library.startSpan('before await', { attributes }).end();
        await pause();
        library.startSpan('after await', { attributes }).end();
        await library.startActiveSpan('active after await', { attributes }, async (span: Span) => {
          await pause();
          span.end();
        });
        await pause();
        scope.tracer.startSpan('through the scope tracer', { attributes }).end();
        return scope.tracer.startActiveSpan('request marker', { attributes }, (span) => span.end());
      })(),
    );
    return new Response('ok');
  },
};
