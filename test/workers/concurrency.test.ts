// Many requests interleaved in one workerd isolate, each in its own session and user, with nested
// spans, real fetches to 127.0.0.1 and random awaits: AsyncLocalStorage must keep them apart. The
// same scenario runs with no compatibility flag in test/miniflare/fallback.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { type LlmObs, register, usingSession, usingUser } from '../../src/index.js';
import {
  type CheckedSpan,
  crossTalk,
  handleRequest,
  InFlight,
  namesPerTrace,
  SPAN_NAMES_PER_REQUEST,
  type TracingApi,
} from '../fixtures/workers/concurrency-scenario.js';
import { seededRandom } from '../fixtures/workers/random.js';
import { openSink, openStandIn, plainUrl } from './lab.js';

const REQUESTS = 500;

/** Runs REQUESTS interleaved requests, each with the API `apiFor` gives it, and collects their spans at a sink. */
async function runRequests(seed: number, apiFor: (obs: LlmObs) => TracingApi) {
  const sink = await openSink();
  const standIn = await openStandIn();
  const obs = register({ serviceName: 'concurrency', endpoint: sink.url, maxQueueSize: REQUESTS * 10 });
  const next = seededRandom(seed);
  const inFlight = new InFlight();
  const urls = { standIn: standIn.url, plain: plainUrl() };
  const replies = await Promise.all(
    Array.from({ length: REQUESTS }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 3)));
      return handleRequest(apiFor(obs), i, next, urls, inFlight);
    }),
  );
  await obs.forceFlush();
  return {
    replies,
    mostInFlight: inFlight.most,
    contextFollowsAwait: obs.contextFollowsAwait,
    droppedSpans: obs.buffer.droppedSpans,
    spans: (await sink.spans()) as CheckedSpan[],
  };
}

describe.each([
  {
    api: 'the ambient helpers',
    seed: 2026,
    apiFor: (obs: LlmObs): TracingApi => ({ tracer: obs.tracer, fetch: obs.fetch, usingSession, usingUser }),
  },
  {
    // With AsyncLocalStorage present, code written for the no-flag fallback keeps working.
    api: 'a request scope each',
    seed: 7,
    apiFor: (obs: LlmObs): TracingApi => obs.scope(),
  },
])(`${REQUESTS} interleaved requests in one isolate, with $api`, ({ seed, apiFor }) => {
  let run: Awaited<ReturnType<typeof runRequests>>;

  beforeAll(async () => {
    run = await runRequests(seed, apiFor);
  });

  it('run where context follows await', () => {
    expect(run.contextFollowsAwait).toBe(true);
  });

  it('really interleave', () => {
    expect(run.mostInFlight).toBeGreaterThan(REQUESTS / 10);
  });

  it('each get their own reply', () => {
    expect(run.replies).toEqual(Array.from({ length: REQUESTS }, (_, i) => `Echo: request ${i}`));
  });

  it('deliver every span to the collector', () => {
    expect(run.droppedSpans).toBe(0);
    expect(run.spans).toHaveLength(REQUESTS * SPAN_NAMES_PER_REQUEST.length);
  });

  it("never give a span another request's parent, session or user, nor a wrong parent", () => {
    expect(crossTalk(run.spans, { exactParents: true })).toEqual([]);
  });

  it('each make one trace holding all their spans', () => {
    const traces = namesPerTrace(run.spans);
    expect(traces).toHaveLength(REQUESTS);
    for (const names of traces) expect(names).toEqual(SPAN_NAMES_PER_REQUEST);
  });
});
