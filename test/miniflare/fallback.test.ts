// The explicit fallback in workerd with NO compatibility flag (no process, no AsyncLocalStorage):
// a plain Miniflare instance runs test/fixtures/workers/fallback-worker.ts, bundled with esbuild, and
// reaches an OTLP sink and the OpenAI stand-in on 127.0.0.1. vitest-pool-workers cannot test this:
// it adds Node compatibility flags of its own.
import { fileURLToPath } from 'node:url';
import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBundledWorker } from '../fixtures/miniflare-worker.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import { type OtlpSink, type ReceivedSpan, startOtlpSink } from '../fixtures/otlp-sink.js';
import {
  type CheckedSpan,
  crossTalk,
  namesPerTrace,
  SPAN_NAMES_PER_REQUEST,
} from '../fixtures/workers/concurrency-scenario.js';
import { type PlainServer, startPlainServer } from '../fixtures/workers/plain-server.js';

const WORKER = fileURLToPath(new URL('../fixtures/workers/fallback-worker.ts', import.meta.url));
const REQUESTS = 500;
const SLOW = 120_000;

let sink: OtlpSink;
let plain: PlainServer;
let standIn: StandIn;
let mf: Miniflare;
let bundleImports: string[];

async function get<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await mf.dispatchFetch(`http://worker${path}`, init as never);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

beforeAll(async () => {
  [sink, plain, standIn] = await Promise.all([startOtlpSink(), startPlainServer(), startOpenAiStandIn()]);
  ({ mf, imports: bundleImports } = await startBundledWorker(WORKER, {
    keepNames: true,
    bindings: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, STAND_IN_URL: standIn.url, PLAIN_URL: plain.url },
  }));
}, SLOW);

afterAll(async () => {
  await mf?.dispose();
  await Promise.all([sink?.close(), plain?.close(), standIn?.close()]);
});

describe('a Worker with no compatibility flag', () => {
  it('bundles without importing any node: module', () => {
    expect(bundleImports).toEqual([]);
  });

  it('has neither process nor AsyncLocalStorage, and the tracer says context does not follow await', async () => {
    expect(await get('/runtime')).toEqual({
      contextFollowsAwait: false,
      hasProcess: false,
      hasAsyncLocalStorage: false,
    });
  });

  it('loses the session after an await with the ambient helpers, which is why the scope exists', async () => {
    expect(await get('/ambient')).toEqual([
      ['before await', 'sess-ambient'],
      ['after await', null],
    ]);
  });
});

describe('a request scope after children that ran at once', () => {
  // Children running at once may see each other as parent (documented); once they have all settled,
  // the request's next child must have the right parent again.
  it('gives the next child the enclosing span as parent, not a finished child', async () => {
    const parents = await get<Record<string, string | null>>('/after-parallel');
    expect(parents.handler).toBeNull();
    expect(parents.after).toBe('handler');
  });
});

describe('the seed recipe with a request scope, one turn per request', () => {
  let spans: ReceivedSpan[];
  let replies: string[];

  beforeAll(async () => {
    const turn = async (message: string) => {
      const body = JSON.stringify({ sessionId: 'sess-abc', userId: 'user-123', message });
      return (await get<{ reply: string }>('/chat', { method: 'POST', body })).reply;
    };
    replies = [await turn("What's the weather like for hiking?"), await turn('And what should I pack?')];
    // Each turn flushes in ctx.waitUntil, after its response: wait for both turns' spans to arrive.
    spans = await sink.waitForSpans(4, 30_000);
  }, SLOW);

  const chatSpans = () => spans.filter((span) => span.name === 'chat');

  it('answers both turns through the stand-in', () => {
    expect(replies).toEqual(["Echo: What's the weather like for hiking?", 'Echo: And what should I pack?']);
  });

  it('records two CHAIN spans named chat, in different traces', () => {
    expect(chatSpans().map((span) => span.attributes['openinference.span.kind'])).toEqual(['CHAIN', 'CHAIN']);
    expect(chatSpans()[0].traceId).not.toBe(chatSpans()[1].traceId);
  });

  it('makes each chat span the parent of one LLM span', () => {
    expect(spans).toHaveLength(4);
    for (const chat of chatSpans()) {
      const children = spans.filter((span) => span.parentSpanId === chat.spanId);
      expect(children.map((span) => span.attributes['openinference.span.kind'])).toEqual(['LLM']);
      expect(children[0].traceId).toBe(chat.traceId);
    }
  });

  it('tags every span with the session, the user, the metadata and the service', () => {
    for (const span of spans) {
      expect(span.attributes).toMatchObject({
        'session.id': 'sess-abc',
        'user.id': 'user-123',
        metadata: '{"channel":"web"}',
      });
      expect(span.resource['service.name']).toBe('chat-app');
    }
  });
});

describe.each([
  // Children of one request running at once may take each other as parent: nothing tells the scope
  // which of them an await resumes (documented in src/context/request-scope.ts). Other requests' spans never.
  { siblings: 'parallel', exactParents: false },
  { siblings: 'sequential', exactParents: true },
] as const)(
  `${REQUESTS} interleaved requests in one isolate, each with its own scope, children $siblings`,
  ({ siblings, exactParents }) => {
    let spans: CheckedSpan[];
    let replies: string[];
    let mostInFlight: number;
    let droppedSpans: number;

    beforeAll(async () => {
      replies = await Promise.all(
        Array.from(
          { length: REQUESTS },
          async (_, i) => (await get<{ reply: string }>(`/work?i=${i}&siblings=${siblings}`)).reply,
        ),
      );
      ({ spans, mostInFlight, droppedSpans } = await get<{
        spans: CheckedSpan[];
        mostInFlight: number;
        droppedSpans: number;
      }>('/work/spans'));
    }, SLOW);

    it('really interleave inside the Worker', () => {
      expect(mostInFlight).toBeGreaterThan(REQUESTS / 10);
    });

    it('each get their own reply', () => {
      expect(replies).toEqual(Array.from({ length: REQUESTS }, (_, i) => `Echo: request ${i}`));
    });

    it('record every span', () => {
      expect(droppedSpans).toBe(0);
      expect(spans).toHaveLength(REQUESTS * SPAN_NAMES_PER_REQUEST.length);
    });

    it(`never give a span another request's parent, session or user${exactParents ? ', nor a wrong parent' : ''}`, () => {
      expect(crossTalk(spans, { exactParents })).toEqual([]);
    });

    it('each make one trace holding all their spans', () => {
      const traces = namesPerTrace(spans);
      expect(traces).toHaveLength(REQUESTS);
      for (const names of traces) expect(names).toEqual(SPAN_NAMES_PER_REQUEST);
    });
  },
);
