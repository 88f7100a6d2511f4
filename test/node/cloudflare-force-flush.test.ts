// forceFlush() of edge-llmobs/cloudflare, in Node (test/miniflare/export-schedule.test.ts runs it in
// workerd with one withLlmObs): before any instance exists, and across the instances of a Worker and a
// Durable Object, each holding a batch under exportEvery, one of them with a collector that refuses;
// and that the list it flushes does not keep alive the instances of configs that are gone.
import { describe, expect, it } from 'vitest';
import { forceFlush, instrumentDurableObject, withLlmObs } from '../../src/adapters/cloudflare/index.js';
import { exportEvery } from '../../src/index.js';
import { collectGarbage } from '../fixtures/collect-garbage.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';

/** A ctx whose waitUntil work is kept, not awaited: a held batch waits for its window there. */
function executionContext() {
  const pending: Promise<unknown>[] = [];
  return { pending, waitUntil: (promise: Promise<unknown>) => void pending.push(promise) };
}

class ChatRoom {
  constructor(
    readonly ctx: unknown,
    _env: unknown,
  ) {}
  async say(text: string): Promise<string> {
    return `heard ${text}`;
  }
}

describe('forceFlush() of edge-llmobs/cloudflare', () => {
  it('resolves with nothing sent before any instance exists', async () => {
    expect(await forceFlush()).toEqual({ exported: 0, dropped: 0 });
  });

  it("sends what every instance holds, summed, and resolves when one instance's collector refuses", async () => {
    // Windows far longer than the test: only forceFlush() can send these batches.
    const hold = () => exportEvery({ requests: 100, ms: 20_000 });
    const workerSpans = collectingExporter();
    const refused = collectingExporter(() => ({ ok: false, retryable: false, error: new Error('HTTP 400') }));
    const worker = withLlmObs(
      { fetch: async () => new Response('ok') },
      { serviceName: 'worker', exporter: workerSpans, exportSchedule: hold(), registerGlobal: false },
    );
    const Room = instrumentDurableObject(ChatRoom, {
      serviceName: 'room',
      exporter: refused,
      exportSchedule: hold(),
      registerGlobal: false,
    });
    const ctx = executionContext();
    expect(await (await worker.fetch(new Request('http://worker/chat'), {}, ctx)).text()).toBe('ok');
    expect(await new Room(ctx, {}).say('hello')).toBe('heard hello');
    expect([workerSpans.calls, refused.calls]).toEqual([0, 0]);

    expect(await forceFlush()).toEqual({ exported: 1, dropped: 1 });
    expect(workerSpans.spans).toHaveLength(1);
    expect(refused.calls).toBe(1);
    // Nothing is left for a second call to send.
    expect(await forceFlush()).toEqual({ exported: 0, dropped: 0 });
  });

  it('lets go of the instance of a config that is gone (a Worker that builds its config per request)', async () => {
    // Each config object gets its own instance (buffer, exporter, tracer); held for forceFlush() they
    // grew a Worker by ~20 KB a request. Each instance's exporter is watched through a weak ref.
    const exporters: WeakRef<object>[] = [];
    const ctx = executionContext();
    for (let request = 0; request < 20; request++) {
      const exporter = collectingExporter();
      exporters.push(new WeakRef(exporter));
      const worker = withLlmObs(
        { fetch: async () => new Response('ok') },
        { serviceName: 'per-request', exporter, registerGlobal: false, scheduledDelayMs: 0 },
      );
      expect(await (await worker.fetch(new Request('http://worker/chat'), {}, ctx)).text()).toBe('ok');
    }
    await Promise.all(ctx.pending);
    await collectGarbage();
    // The newest instance stays the current one (what autoInstrument's fetch reports to).
    expect(exporters.filter((exporter) => exporter.deref() !== undefined).length).toBeLessThanOrEqual(1);
    expect(await forceFlush()).toEqual({ exported: 0, dropped: 0 });
  });
});
