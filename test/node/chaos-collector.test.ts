// Chaos in Node: a collector on 127.0.0.1 that hangs, resets, answers 500/503/429, answers slowly or
// fails midway, behind a real HTTP app whose requests call the OpenAI stand-in through the traced
// fetch and flush after responding (as a Worker's waitUntil would). Every request must get the same
// answer, every flush must end within its deadline, retries must be bounded and counted, and no
// promise may reject unhandled.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LlmObs, type RegisterOptions, register } from '../../src/index.js';
import type { OtlpHttpExporter } from '../../src/pipeline/otlp-http-exporter.js';
import {
  CHAOS_CASES,
  CHAOS_EXPORT,
  chatTurn,
  FLUSH_BOUND_MS,
  OPENAI_KEY,
  SPANS_PER_REQUEST,
} from '../chaos-workers/scenario.js';
import { type ChaosCollector, startChaosCollector } from '../fixtures/chaos-collector.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import { type TimerLateness, watchTimerLateness } from '../fixtures/timer-lateness.js';

const REQUESTS = 6;

interface Flush {
  ms: number;
  exported: number;
  dropped: number;
}

/** A tiny app: GET /?m=text answers the OpenAI echo, then flushes that trace in the background. */
async function startApp(obs: LlmObs, standIn: StandIn) {
  const flushes: Promise<Flush>[] = [];
  const server: Server = createServer(async (request, response) => {
    const message = new URL(request.url ?? '/', 'http://app').searchParams.get('m') ?? '';
    const turn = await chatTurn(obs, standIn.url, message);
    response.writeHead(turn.status, { 'content-type': 'text/plain' }).end(turn.text);
    const started = Date.now();
    flushes.push(obs.forceFlush({ traceId: turn.traceId }).then((r) => ({ ...r, ms: Date.now() - started })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    get: async (message: string) => {
      const response = await fetch(`${url}/?m=${encodeURIComponent(message)}`);
      return { status: response.status, text: await response.text() };
    },
    flushes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let standIn: StandIn;
let collector: ChaosCollector;
let obs: LlmObs | undefined;
const unhandled: unknown[] = [];
let lateness: TimerLateness;
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  standIn = await startOpenAiStandIn();
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await standIn.close();
});
beforeEach(() => {
  unhandled.length = 0;
  lateness = watchTimerLateness();
});
afterEach(async () => {
  lateness.stop();
  await obs?.shutdown();
  obs = undefined;
  await collector?.close();
  vi.restoreAllMocks();
});

async function run(options: RegisterOptions) {
  obs = register({ serviceName: 'chaos-node', endpoint: collector.url, ...CHAOS_EXPORT, ...options });
  const app = await startApp(obs, standIn);
  const responses = [];
  for (let i = 0; i < REQUESTS; i++) responses.push(await app.get(`hello ${i}`));
  const flushes = await Promise.all(app.flushes);
  await app.close();
  return { obs, responses, flushes, stats: (obs.buffer.exporter as OtlpHttpExporter).stats };
}

describe('export against a misbehaving collector (Node)', () => {
  for (const chaos of CHAOS_CASES) {
    const label = `${chaos.mode}${chaos.collector?.slowMs ? ` ${chaos.collector.slowMs}ms` : ''}`;
    it(`${label}: requests succeed, export ends by its deadline, retries are bounded and counted`, async () => {
      collector = await startChaosCollector(chaos.mode);
      Object.assign(collector, chaos.collector);
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const { obs, responses, flushes, stats } = await run(chaos.options ?? {});

      expect(responses).toEqual(
        Array.from({ length: REQUESTS }, (_, i) => ({ status: 200, text: `Echo: hello ${i}` })),
      );
      // The deadline plus room for the event loop, plus however late this process's timers ran.
      for (const flush of flushes) expect(flush.ms).toBeLessThanOrEqual(FLUSH_BOUND_MS + lateness.worstMs());
      expect(obs.buffer.inFlight).toBe(0);
      // Every span is accounted for: sent, dropped, or still queued behind the pause.
      const total = REQUESTS * SPANS_PER_REQUEST;
      expect(obs.buffer.exportedSpans + obs.buffer.droppedSpans + obs.buffer.size).toBe(total);
      expect(stats.exportedSpans).toBe(obs.buffer.exportedSpans);
      // Bounded and counted: never more than maxExportAttempts per body, and the collector saw each one.
      expect(stats.attempts).toBeLessThanOrEqual(stats.requests * (CHAOS_EXPORT.maxExportAttempts as number));
      expect(stats.retries).toBe(stats.attempts - stats.requests);
      expect(collector.requests.length).toBe(stats.attempts);
      expect(stats.retries > 0).toBe(chaos.retries);
      expect(collector.acceptedSpans().length).toBe(obs.buffer.exportedSpans);
      if (chaos.outcome === 'delivered') expect(obs.buffer.exportedSpans).toBe(total);
      if (chaos.outcome === 'dropped') expect(obs.buffer.exportedSpans).toBe(0);
      if (chaos.outcome === 'partial') expect(obs.buffer.exportedSpans).toBeGreaterThan(0);
      if (chaos.outcome !== 'delivered') expect(obs.buffer.droppedSpans).toBeGreaterThan(0);
      // One warning for the drops, however many there were (rate-limited per minute).
      expect(warn.mock.calls.filter(([text]) => String(text).includes('could not export')).length).toBeLessThanOrEqual(
        1,
      );
      for (const body of collector.bodies()) expect(body.toString('utf8')).not.toContain(OPENAI_KEY);
      expect(unhandled).toEqual([]);
    });
  }

  it('hang, with attempts that alone would outlast the deadline: the flush deadline cuts them short', async () => {
    collector = await startChaosCollector('hang');
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    // Five attempts of 1 s each would take 5 s and more; only the 1.5 s flush deadline ends it sooner.
    const { flushes, stats } = await run({ attemptTimeoutMs: 1000, maxExportAttempts: 5 });
    expect(stats.attempts).toBeGreaterThan(0);
    for (const flush of flushes) expect(flush.ms).toBeLessThanOrEqual(FLUSH_BOUND_MS + lateness.worstMs());
    expect(unhandled).toEqual([]);
  });

  it('retryAfter429: waits as long as Retry-After asks between attempts', async () => {
    collector = await startChaosCollector('retryAfter429');
    collector.retryAfterSeconds = 1;
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    obs = register({ serviceName: 'chaos-node', endpoint: collector.url, ...CHAOS_EXPORT });
    await chatTurn(obs, standIn.url, 'one');
    await obs.forceFlush();
    const times = collector.requests.map((request) => request.at);
    expect(times).toHaveLength(2); // a third wait would end past the 1.5 s deadline
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(950);
    expect(obs.buffer.pausedUntil - Date.now()).toBeGreaterThan(0);
  });

  it('retryAfter429 beyond the deadline: gives up at once and pauses as asked', async () => {
    collector = await startChaosCollector('retryAfter429');
    collector.retryAfterSeconds = 30;
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    obs = register({ serviceName: 'chaos-node', endpoint: collector.url, ...CHAOS_EXPORT });
    await chatTurn(obs, standIn.url, 'one');
    const started = Date.now();
    await obs.forceFlush();
    // Waiting as asked would last until the 1.5 s deadline; giving up takes one round trip.
    expect(Date.now() - started).toBeLessThan(1000 + lateness.worstMs());
    expect(collector.requests).toHaveLength(1);
    expect(obs.buffer.pausedUntil - Date.now()).toBeGreaterThan(25_000);
  });

  it('recovers: once the collector is back, later spans arrive (with those queued during the pause)', async () => {
    collector = await startChaosCollector('unavailable503');
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const down = await run({});
    expect(down.obs.buffer.exportedSpans).toBe(0);
    const queued = down.obs.buffer.size;
    collector.mode = 'ok';
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, down.obs.buffer.pausedUntil - Date.now()) + 20));
    const later = await chatTurn(down.obs, standIn.url, 'after recovery');
    const flushed = await down.obs.forceFlush({ traceId: later.traceId });
    expect(flushed).toEqual({ exported: queued + SPANS_PER_REQUEST, dropped: 0 });
    const spans = collector.acceptedSpans();
    expect(spans.filter((span) => span.traceId === later.traceId)).toHaveLength(SPANS_PER_REQUEST);
    expect(unhandled).toEqual([]);
  });
});
