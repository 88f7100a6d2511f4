// Chaos in workerd: the same scenario as test/node/chaos-collector.test.ts, run by a plain Miniflare
// instance (nodejs_compat) whose Worker flushes in ctx.waitUntil to a misbehaving collector on
// 127.0.0.1. The flush duration is measured inside the Worker; Date.now() there advances with I/O.
import { fileURLToPath } from 'node:url';
import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type ChaosCollector, startChaosCollector } from '../fixtures/chaos-collector.js';
import { startBundledWorker } from '../fixtures/miniflare-worker.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import { pollUntil } from '../fixtures/poll-until.js';
import { watchTimerLateness } from '../fixtures/timer-lateness.js';
import { CHAOS_CASES, CHAOS_EXPORT, FLUSH_BOUND_MS, OPENAI_KEY, SPANS_PER_REQUEST } from './scenario.js';

const WORKER = fileURLToPath(new URL('./chaos-worker.ts', import.meta.url));
const REQUESTS = 6;
const SLOW = 120_000;

interface Stats {
  flushes: { ms: number; exported: number; dropped: number }[];
  unhandled: string[];
  exportWarnings: number;
  buffer: { size: number; inFlight: number; droppedSpans: number; exportedSpans: number; pausedFor: number };
  exporter: { requests: number; attempts: number; retries: number; exportedSpans: number };
}

let collector: ChaosCollector;
let standIn: StandIn;
let mf: Miniflare;

async function call(path: string): Promise<Response> {
  return mf.dispatchFetch(`http://worker${path}`) as unknown as Promise<Response>;
}

function statsWhen(done: (stats: Stats) => boolean): Promise<Stats> {
  return pollUntil(async () => (await (await call('/stats')).json()) as Stats, done, {
    timeoutMs: 30_000,
    intervalMs: 25,
    what: 'the Worker finishing its flushes',
  });
}

beforeAll(async () => {
  [collector, standIn] = await Promise.all([startChaosCollector(), startOpenAiStandIn()]);
  ({ mf } = await startBundledWorker(WORKER, {
    compatibilityFlags: ['nodejs_compat'],
    bindings: { COLLECTOR_URL: collector.url, STAND_IN_URL: standIn.url },
  }));
}, SLOW);

afterAll(async () => {
  await mf?.dispose();
  await Promise.all([collector?.close(), standIn?.close()]);
});

describe('export against a misbehaving collector (workerd)', () => {
  for (const chaos of CHAOS_CASES) {
    const label = `${chaos.mode}${chaos.collector?.slowMs ? ` ${chaos.collector.slowMs}ms` : ''}`;
    it(`${label}: requests succeed, export ends by its deadline, retries are bounded and counted`, async () => {
      collector.mode = 'ok';
      await call(`/configure?options=${encodeURIComponent(JSON.stringify(chaos.options ?? {}))}`);
      collector.requests.length = 0;
      Object.assign(collector, { retryAfterSeconds: 1, slowMs: 2000, acceptBeforeFailing: 1 }, chaos.collector);
      collector.mode = chaos.mode;

      const lateness = watchTimerLateness();
      onTestFinished(() => lateness.stop());
      const responses = [];
      for (let i = 0; i < REQUESTS; i++) {
        const response = await call(`/chat?m=${encodeURIComponent(`hello ${i}`)}`);
        responses.push({ status: response.status, text: await response.text() });
      }
      const stats = await statsWhen((s) => s.flushes.length === REQUESTS && s.buffer.inFlight === 0);

      expect(responses).toEqual(
        Array.from({ length: REQUESTS }, (_, i) => ({ status: 200, text: `Echo: hello ${i}` })),
      );
      expect(stats.flushes).toHaveLength(REQUESTS);
      // workerd shares this machine: how late Node's timers ran in the meantime stands for its load too.
      for (const flush of stats.flushes) expect(flush.ms).toBeLessThanOrEqual(FLUSH_BOUND_MS + lateness.worstMs());
      const total = REQUESTS * SPANS_PER_REQUEST;
      const { buffer, exporter } = stats;
      expect(buffer.exportedSpans + buffer.droppedSpans + buffer.size).toBe(total);
      expect(exporter.attempts).toBeLessThanOrEqual(exporter.requests * (CHAOS_EXPORT.maxExportAttempts as number));
      expect(exporter.retries).toBe(exporter.attempts - exporter.requests);
      expect(exporter.retries > 0).toBe(chaos.retries);
      // The collector saw every attempt workerd made (a hung or reset one included), however late
      // the last one reached it.
      await pollUntil(
        () => collector.requests.length,
        (seen) => seen >= exporter.attempts,
        { what: 'every attempt reaching the collector' },
      ).catch(() => undefined);
      expect(collector.requests.length).toBe(exporter.attempts);
      expect(collector.acceptedSpans().length).toBe(buffer.exportedSpans);
      if (chaos.outcome === 'delivered') expect(buffer.exportedSpans).toBe(total);
      if (chaos.outcome === 'dropped') expect(buffer.exportedSpans).toBe(0);
      if (chaos.outcome === 'partial') expect(buffer.exportedSpans).toBeGreaterThan(0);
      if (chaos.outcome !== 'delivered') expect(buffer.droppedSpans).toBeGreaterThan(0);
      expect(stats.exportWarnings).toBeLessThanOrEqual(1);
      for (const body of collector.bodies()) expect(body.toString('utf8')).not.toContain(OPENAI_KEY);
      expect(stats.unhandled).toEqual([]);
    });
  }

  it('recovers: once the collector is back, later spans arrive', async () => {
    collector.mode = 'ok';
    await call('/configure');
    collector.requests.length = 0;
    collector.mode = 'unavailable503';
    for (let i = 0; i < 3; i++) await (await call(`/chat?m=down-${i}`)).text();
    const down = await statsWhen((s) => s.flushes.length === 3 && s.buffer.inFlight === 0);
    expect(down.buffer.exportedSpans).toBe(0);
    collector.mode = 'ok';
    await new Promise((resolve) => setTimeout(resolve, down.buffer.pausedFor + 50));
    expect(await (await call('/chat?m=after-recovery')).text()).toBe('Echo: after-recovery');
    const up = await statsWhen((s) => s.flushes.length === 4 && s.buffer.inFlight === 0);
    // The recovery flush sends what waited behind the pause, then the new request's spans.
    expect(up.buffer.exportedSpans).toBe(down.buffer.size + SPANS_PER_REQUEST);
    const spans = collector.acceptedSpans();
    expect(spans.filter((span) => JSON.stringify(span.attributes).includes('after-recovery'))).toHaveLength(1);
    expect(up.buffer.size).toBe(0);
    expect(up.unhandled).toEqual([]);
  });
});
