// Without AsyncLocalStorage (workerd with no compatibility flag, plain Miniflare): 500 interleaved
// requests, each starting spans through @opentelemetry/api before and after awaits. What a
// third-party span gets is what the README says: the request's trace and session when started in
// the synchronous part of a block the request scope runs; after an await, a trace of its own with
// no session. It never lands in another request's trace or session.
import { join } from 'node:path';
import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../e2e/support/build.js';
import { startBundledWorker } from '../fixtures/miniflare-worker.js';

interface SeenSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  sessionId: string | null;
  request: string | null;
}

const REQUESTS = 500;
let mf: Miniflare;
let imports: string[];

beforeAll(async () => {
  ({ mf, imports } = await startBundledWorker(join(ROOT, 'test/otel-runtimes/no-flag-worker.ts'), { bindings: {} }));
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
});

describe('third-party spans in a Worker without AsyncLocalStorage', () => {
  it(`never land in another request's trace or session (${REQUESTS} interleaved requests)`, async () => {
    expect(imports).toEqual([]);
    const answers = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) => mf.dispatchFetch(`http://worker/?id=${i}`).then((r) => r.text())),
    );
    expect(answers.every((answer) => answer === 'ok')).toBe(true);
    const { contextFollowsAwait, spans } = (await (await mf.dispatchFetch('http://worker/spans')).json()) as {
      contextFollowsAwait: boolean;
      spans: SeenSpan[];
    };
    expect(contextFollowsAwait).toBe(false);
    expect(spans).toHaveLength(REQUESTS * 6);
    const roots = new Map(spans.filter((span) => span.name === 'request').map((span) => [span.traceId, span]));
    expect(roots.size).toBe(REQUESTS);
    const rootOf = new Map(
      spans.filter((span) => span.name === 'request marker').map((span) => [span.request, roots.get(span.traceId)]),
    );
    let ownTraces = 0;
    for (const span of spans) {
      if (span.request === null) continue;
      const root = rootOf.get(span.request);
      expect(root, span.request).toBeDefined();
      const inOwnRequest = span.traceId === root?.traceId && span.sessionId === `sess-${span.request}`;
      // Either in its own request's trace and session, or a trace of its own without a session.
      const alone = !roots.has(span.traceId) && span.parentSpanId === null && span.sessionId === null;
      expect(inOwnRequest || alone, `${span.name} of request ${span.request}`).toBe(true);
      if (alone) ownTraces++;
      if (span.name === 'before await' || span.name === 'through the scope tracer') {
        expect(inOwnRequest, `${span.name} of request ${span.request}`).toBe(true);
        expect(span.parentSpanId).toBe(root?.spanId);
      }
      if (span.name === 'after await' || span.name === 'active after await') expect(alone).toBe(true);
    }
    expect(ownTraces).toBe(REQUESTS * 2);
  }, 120_000);
});
