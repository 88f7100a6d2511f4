// exportEvery in workerd (Miniflare): 25 requests through a withLlmObs Worker whose schedule sends
// once per 10 requests. Every span reaches a real OTLP sink on 127.0.0.1 exactly once, 10 requests
// a POST, and the last 5 requests' spans go on the window's timer without a further request, or by
// forceFlush() when the window is long.
import { fileURLToPath } from 'node:url';
import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBundledWorker } from '../fixtures/miniflare-worker.js';
import { type OtlpSink, type ReceivedSpan, spansOf, startOtlpSink } from '../fixtures/otlp-sink.js';
import { pollUntil } from '../fixtures/poll-until.js';

const WORKER = fileURLToPath(new URL('./export-schedule-worker.ts', import.meta.url));
const REQUESTS = 25;
const SLOW = 120_000;

let sink: OtlpSink;
const workers: Miniflare[] = [];

beforeAll(async () => {
  sink = await startOtlpSink();
}, SLOW);

afterAll(async () => {
  for (const mf of workers) await mf.dispose();
  await sink?.close();
});

async function startWorker(windowMs: number, prefix: string): Promise<Miniflare> {
  const { mf } = await startBundledWorker(WORKER, {
    keepNames: true,
    compatibilityFlags: ['nodejs_compat'],
    // A path prefix per Worker, so each one's POSTs are told apart at the one sink.
    bindings: { OTEL_EXPORTER_OTLP_ENDPOINT: `${sink.url}/${prefix}`, WINDOW_MS: String(windowMs) },
  });
  workers.push(mf);
  return mf;
}

/** The spans of each POST a Worker sent, in order of arrival. */
function posts(prefix: string): ReceivedSpan[][] {
  return sink.requests
    .filter((request) => request.path === `/${prefix}/v1/traces`)
    .map((request) => spansOf(JSON.parse(request.body.toString('utf8'))));
}

/** The sessions (one per request) a POST carries, sorted, each checked to have both its spans. */
function sessions(spans: ReceivedSpan[]): string[] {
  const names = new Map<string, string[]>();
  for (const span of spans) {
    const session = String(span.attributes['session.id']);
    names.set(session, [...(names.get(session) ?? []), span.name].sort());
  }
  for (const [session, spanNames] of names) expect(spanNames, session).toEqual(['GET /', 'answer']);
  return [...names.keys()].sort();
}

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from }, (_, i) => `req-${String(from + i).padStart(2, '0')}`).sort();
}

async function send(mf: Miniflare, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    const response = await mf.dispatchFetch('http://worker/', { headers: { 'x-session-id': range(i, i + 1)[0] } });
    expect(await response.text()).toBe('ok');
  }
}

/** Sends requests 10 at a time, waiting for each batch's POST before the next request, so batches never race. */
async function sendInBatches(mf: Miniflare, prefix: string): Promise<void> {
  for (let batch = 0; batch < 2; batch++) {
    await send(mf, batch * 10, batch * 10 + 10);
    await pollUntil(
      () => posts(prefix).length,
      (count) => count === batch + 1,
      { timeoutMs: 30_000, what: `POST ${batch + 1}` },
    );
  }
  await send(mf, 20, REQUESTS);
}

describe('exportEvery({ requests: 10 }) in workerd', () => {
  it(
    'sends every span once, 10 requests a POST, and the last 5 when the window closes',
    async () => {
      const mf = await startWorker(3000, 'window');
      await sendInBatches(mf, 'window');
      // No further request and no forceFlush: only the window's timer can send the last 5.
      const sent = await pollUntil(
        () => posts('window'),
        (received) => received.length === 3,
        { timeoutMs: 30_000, what: 'the last batch' },
      );
      expect(sent.map(sessions)).toEqual([range(0, 10), range(10, 20), range(20, 25)]);
      const spanIds = sent.flat().map((span) => span.spanId);
      expect(new Set(spanIds).size).toBe(REQUESTS * 2);
    },
    SLOW,
  );

  it(
    'leaves the last partial batch queued until forceFlush() sends it',
    async () => {
      // The longest window (20 s): nothing but the flush can send the last 5 during the test.
      const mf = await startWorker(20_000, 'flush');
      await sendInBatches(mf, 'flush');
      expect(posts('flush')).toHaveLength(2);
      const flushed = await (await mf.dispatchFetch('http://worker/flush')).json();
      expect(flushed).toEqual({ exported: 10, dropped: 0 });
      const sent = posts('flush');
      expect(sent.map(sessions)).toEqual([range(0, 10), range(10, 20), range(20, 25)]);
    },
    SLOW,
  );
});
