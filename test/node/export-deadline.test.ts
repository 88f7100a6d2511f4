// The flush's deadline as the buffer hands it on: a time for an exporter that bounds its own attempts
// (the OTLP exporter's `exportUntil`, so a flush makes no AbortSignal or timer of its own), a signal
// for any other exporter.
import { afterEach, describe, expect, it } from 'vitest';
import { register, type SpanData, type SpanExporter } from '../../src/index.js';
import { deadlineOf, isFinalExport } from '../../src/pipeline/deadline.js';
import { OtlpHttpExporter } from '../../src/pipeline/otlp-http-exporter.js';
import { type ChaosCollector, startChaosCollector } from '../fixtures/chaos-collector.js';

let collector: ChaosCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

/** What an exporter was handed, per export call: the deadline, whether final, and when it was called. */
interface Seen {
  readonly deadline: number | undefined;
  readonly final: boolean;
  readonly at: number;
}

/** One span flushed by forceFlush(), one more by shutdown(), with a 7 s export timeout. */
async function flushTwice(exporter: SpanExporter): Promise<void> {
  const obs = register({ exporter, scheduledDelayMs: 0, exportTimeoutMs: 7000 });
  obs.tracer.startSpan('one').end();
  await obs.forceFlush();
  obs.tracer.startSpan('two').end();
  await obs.shutdown();
}

/** Two calls, the second the final one, each with the deadline 7 s after the flush began. */
function expectTwoDeadlines(seen: readonly Seen[]): void {
  expect(seen.map((call) => call.final)).toEqual([false, true]);
  for (const call of seen) {
    expect(call.deadline).toBeGreaterThan(call.at + 6000);
    expect(call.deadline).toBeLessThanOrEqual(call.at + 7000);
  }
}

describe('the flush deadline', () => {
  it('goes to exportUntil as a time, with the shutdown flush marked final', async () => {
    const seen: Seen[] = [];
    let signals = 0;
    await flushTwice({
      async export() {
        signals++;
        return { ok: true };
      },
      async exportUntil(spans: readonly SpanData[], deadline: number, final: boolean) {
        expect(spans).toHaveLength(1);
        seen.push({ deadline, final, at: Date.now() });
        return { ok: true };
      },
    });
    expect(signals).toBe(0);
    expectTwoDeadlines(seen);
  });

  it('goes to any other exporter as a signal that knows its deadline and whether it is final', async () => {
    const seen: Seen[] = [];
    await flushTwice({
      async export(_spans, signal) {
        seen.push({ deadline: deadlineOf(signal), final: isFinalExport(signal), at: Date.now() });
        return { ok: true };
      },
    });
    expectTwoDeadlines(seen);
  });

  it("still sends through a subclass's own export()", async () => {
    collector = await startChaosCollector('ok');
    const seen: Seen[] = [];
    class CountingExporter extends OtlpHttpExporter {
      override export(spans: readonly SpanData[], signal?: AbortSignal) {
        seen.push({ deadline: deadlineOf(signal), final: isFinalExport(signal), at: Date.now() });
        return super.export(spans, signal);
      }
    }
    await flushTwice(new CountingExporter({ url: `${collector.url}/v1/traces`, resource: {}, scope: { name: 'app' } }));
    expectTwoDeadlines(seen);
    expect(collector.acceptedSpans().map((span) => span.name)).toEqual(['one', 'two']);
  });

  it('bounds the OTLP exporter without a signal: a hanging collector is given up on at the deadline', async () => {
    collector = await startChaosCollector('hang');
    // Timeouts far beyond the test's own (20 s): only the deadline can end the hanging attempt.
    const exporter = new OtlpHttpExporter({
      url: `${collector.url}/v1/traces`,
      resource: {},
      scope: { name: 'edge-llmobs' },
      attemptTimeoutMs: 60_000,
      exportTimeoutMs: 60_000,
    });
    const spans: SpanData[] = [];
    const obs = register({
      exporter: {
        async export(batch) {
          spans.push(...batch);
          return { ok: true };
        },
      },
    });
    obs.tracer.startSpan('hung').end();
    await obs.forceFlush();
    const outcome = await exporter.exportUntil(spans, Date.now() + 300, false);
    expect(outcome).toMatchObject({ ok: false, retryable: true, exportedSpans: 0 });
    expect(exporter.stats.attempts).toBeGreaterThanOrEqual(1);
    expect(collector.requests.length).toBeGreaterThanOrEqual(1);
  }, 20_000);
});
