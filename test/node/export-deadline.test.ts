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

describe('the flush deadline', () => {
  it('goes to exportUntil as a time, with the shutdown flush marked final', async () => {
    const calls: { deadline: number; final: boolean; spans: number; at: number }[] = [];
    let signals = 0;
    const exporter: SpanExporter = {
      async export() {
        signals++;
        return { ok: true };
      },
      async exportUntil(spans: readonly SpanData[], deadline: number, final: boolean) {
        calls.push({ deadline, final, spans: spans.length, at: Date.now() });
        return { ok: true };
      },
    };
    const obs = register({ exporter, scheduledDelayMs: 0, exportTimeoutMs: 7000 });
    obs.tracer.startSpan('one').end();
    await obs.forceFlush();
    obs.tracer.startSpan('two').end();
    await obs.shutdown();
    expect(signals).toBe(0);
    expect(calls.map(({ final, spans }) => ({ final, spans }))).toEqual([
      { final: false, spans: 1 },
      { final: true, spans: 1 },
    ]);
    for (const call of calls) {
      expect(call.deadline).toBeGreaterThan(call.at + 6000);
      expect(call.deadline).toBeLessThanOrEqual(call.at + 7000);
    }
  });

  it('goes to any other exporter as a signal that knows its deadline and whether it is final', async () => {
    const seen: { deadline: number | undefined; final: boolean; at: number }[] = [];
    const exporter: SpanExporter = {
      async export(_spans, signal) {
        seen.push({ deadline: deadlineOf(signal), final: isFinalExport(signal), at: Date.now() });
        return { ok: true };
      },
    };
    const obs = register({ exporter, scheduledDelayMs: 0, exportTimeoutMs: 7000 });
    obs.tracer.startSpan('one').end();
    await obs.forceFlush();
    obs.tracer.startSpan('two').end();
    await obs.shutdown();
    expect(seen.map((call) => call.final)).toEqual([false, true]);
    for (const call of seen) {
      expect(call.deadline).toBeGreaterThan(call.at + 6000);
      expect(call.deadline).toBeLessThanOrEqual(call.at + 7000);
    }
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
