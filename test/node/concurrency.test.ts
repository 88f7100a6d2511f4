import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as EdgeLlmObs from '../../src/index.js';
import type { SpanData } from '../../src/index.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { type CheckedSpan, crossTalk } from '../fixtures/workers/concurrency-scenario.js';
import { seededRandom } from '../fixtures/workers/random.js';

const REQUESTS = 600;

function pause(next: () => number): Promise<void> {
  const roll = next();
  if (roll < 0.3) return Promise.resolve();
  if (roll < 0.6) return new Promise((resolve) => queueMicrotask(() => resolve()));
  return new Promise((resolve) => setTimeout(resolve, Math.floor(roll * 4)));
}

/** The spans of one request, and each one's parent. */
const PARENT_OF = { request: undefined, think: 'request', lookUp: 'think' };

/**
 * Checks each span against its own request's input (every span's input is its request id), as the
 * workerd scenario does: a span that took another request's whole context (session, user and parent
 * together) still has its own input, and is caught.
 */
function expectNoCrossTalk(spans: readonly SpanData[]) {
  const checked: CheckedSpan[] = spans.map((span) => ({
    traceId: span.context.traceId,
    spanId: span.context.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    attributes: span.attributes,
  }));
  expect(spans.filter((span) => span.name === 'request')).toHaveLength(REQUESTS);
  expect(spans).toHaveLength(REQUESTS * 3);
  expect(crossTalk(checked, { exactParents: true, parentOf: PARENT_OF })).toEqual([]);
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('concurrent requests in one process', () => {
  it('never mix session, user or parent with AsyncLocalStorage', async () => {
    const { register, usingSession, usingUser } = await import('../../src/index.js');
    const exporter = collectingExporter();
    const obs = register({ exporter, maxQueueSize: REQUESTS * 4 });
    expect(obs.contextFollowsAwait).toBe(true);
    const next = seededRandom(42);
    const lookUp = obs.tracer.tool(async function lookUp(id: string) {
      await pause(next);
      return id;
    });
    const think = obs.tracer.chain(async function think(id: string) {
      await pause(next);
      return lookUp(id);
    });
    const request = obs.tracer.chain('request', async (id: string) => {
      await pause(next);
      return think(id);
    });
    await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        usingSession(`sess-${i}`, () =>
          usingUser(`user-${i}`, async () => {
            await pause(next);
            return request(String(i));
          }),
        ),
      ),
    );
    await obs.shutdown();
    expectNoCrossTalk(exporter.spans);
  });

  it('never mix them with the explicit fallback, where nothing follows await by itself', async () => {
    // Hide every way to AsyncLocalStorage, then load a fresh copy of the library.
    vi.stubGlobal('process', { ...process, getBuiltinModule: undefined });
    const library: typeof EdgeLlmObs = await import('../../src/index.js');
    const exporter = collectingExporter();
    const obs = library.register({ exporter, maxQueueSize: REQUESTS * 4 });
    expect(obs.contextFollowsAwait).toBe(false);
    const next = seededRandom(7);
    await Promise.all(
      Array.from({ length: REQUESTS }, async (_, i) => {
        const scope = obs.scope();
        const lookUp = scope.tracer.tool(async function lookUp(id: string) {
          await pause(next);
          return id;
        });
        const think = scope.tracer.chain(async function think(id: string) {
          await pause(next);
          return lookUp(id);
        });
        const request = scope.tracer.chain('request', async (id: string) => {
          await pause(next);
          return think(id);
        });
        await pause(next);
        return scope.usingSession(`sess-${i}`, () =>
          scope.usingUser(`user-${i}`, async () => {
            await pause(next);
            return request(String(i));
          }),
        );
      }),
    );
    await obs.shutdown();
    expectNoCrossTalk(exporter.spans);
  });
});
