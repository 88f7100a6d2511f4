// The per-isolate buffer: bounded (queued and in flight together), open spans bounded, open spans
// ended and marked at flush, one warning for many drops, and the pause after a collector failure.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENDED_AT_FLUSH, register, type SpanData, type SpanExporter } from '../../src/index.js';
import type { ExportOutcome } from '../../src/pipeline/export-outcome.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';

/** An exporter whose exports wait until the test releases them. */
function gatedExporter(outcome: ExportOutcome = { ok: true }) {
  const releases: (() => void)[] = [];
  const batches: SpanData[][] = [];
  const exporter: SpanExporter = {
    export: (batch) => {
      batches.push([...batch]);
      return new Promise((resolve) => releases.push(() => resolve(outcome)));
    },
  };
  return {
    exporter,
    batches,
    release: () => {
      for (const release of releases.splice(0)) release();
    },
  };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('the span buffer', () => {
  it('holds 2048 spans by default, drops and counts the rest, and warns once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const obs = register({ exporter: collectingExporter(), scheduledDelayMs: 0 });
    for (let i = 0; i < 3000; i++) obs.tracer.startSpan(`s${i}`).end();
    expect(obs.buffer.size).toBe(2048);
    expect(obs.buffer.droppedSpans).toBe(952);
    expect(warn.mock.calls.filter(([text]) => String(text).includes('buffer full'))).toHaveLength(1);
    expect(await obs.forceFlush()).toEqual({ exported: 2048, dropped: 0 });
  });

  it('takes maxQueueSize, and counts spans in flight against it', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const gate = gatedExporter();
    const obs = register({ exporter: gate.exporter, maxQueueSize: 10, scheduledDelayMs: 0 });
    for (let i = 0; i < 6; i++) obs.tracer.startSpan(`first${i}`).end();
    const flushing = obs.forceFlush();
    await Promise.resolve();
    expect(obs.buffer.inFlight).toBe(6);
    for (let i = 0; i < 6; i++) obs.tracer.startSpan(`second${i}`).end();
    expect(obs.buffer.size).toBe(4);
    expect(obs.buffer.droppedSpans).toBe(2);
    gate.release();
    expect(await flushing).toEqual({ exported: 6, dropped: 0 });
    expect(obs.buffer.inFlight).toBe(0);
  });

  it('ends a trace’s open spans at its flush, marked edge_llmobs.ended_at_flush', async () => {
    const exporter = collectingExporter();
    const obs = register({ exporter, scheduledDelayMs: 0 });
    const root = obs.tracer.startSpan('root');
    const other = obs.tracer.startSpan('other trace', { root: true });
    root.end();
    const open = obs.tracer.startSpan('never ended', { root: true });
    await obs.forceFlush({ traceId: open.spanContext().traceId });
    expect(exporter.spans.map((span) => [span.name, span.attributes[ENDED_AT_FLUSH]])).toEqual([
      ['root', undefined],
      ['never ended', true],
    ]);
    expect(obs.buffer.openSpans.size).toBe(1);
    other.end();
  });

  it('forgets the oldest open span past the cap, so spans nobody ends cannot grow memory', () => {
    const obs = register({ exporter: collectingExporter(), maxQueueSize: 5, scheduledDelayMs: 0 });
    const spans = Array.from({ length: 20 }, (_, i) => obs.tracer.startSpan(`open${i}`, { root: true }));
    expect(obs.buffer.openSpans.size).toBe(5);
    spans[0].end(); // still exported if it ends after all
    expect(obs.buffer.size).toBe(1);
  });

  it('after a collector-side failure, leaves spans queued until the pause has passed', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    let outcome: ExportOutcome = { ok: false, retryable: true, error: new Error('503') };
    const exporter = collectingExporter(() => outcome);
    const exported = exporter.spans;
    vi.useFakeTimers({ toFake: ['Date'] });
    const obs = register({ exporter, scheduledDelayMs: 0 });
    obs.tracer.startSpan('lost').end();
    expect(await obs.forceFlush()).toEqual({ exported: 0, dropped: 1 });
    obs.tracer.startSpan('waits').end();
    expect(await obs.forceFlush()).toEqual({ exported: 0, dropped: 0 });
    expect(obs.buffer.size).toBe(1);
    outcome = { ok: true };
    vi.setSystemTime(Date.now() + 1001);
    expect(await obs.forceFlush()).toEqual({ exported: 1, dropped: 0 });
    expect(exported.map((span) => span.name)).toEqual(['waits']);
  });

  it('does not pause after a refusal of the batch itself (a 400): the next flush sends', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    let calls = 0;
    const exporter: SpanExporter = {
      export: async () => (calls++ === 0 ? { ok: false, retryable: false, error: new Error('400') } : { ok: true }),
    };
    const obs = register({ exporter, scheduledDelayMs: 0 });
    obs.tracer.startSpan('bad').end();
    expect(await obs.forceFlush()).toEqual({ exported: 0, dropped: 1 });
    obs.tracer.startSpan('good').end();
    expect(await obs.forceFlush()).toEqual({ exported: 1, dropped: 0 });
    expect(obs.buffer.pausedUntil).toBe(0);
  });

  it('never rejects, even when the exporter throws', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const obs = register({
      exporter: {
        export: () => {
          throw new Error('boom');
        },
      },
      scheduledDelayMs: 0,
    });
    obs.tracer.startSpan('x').end();
    expect(await obs.forceFlush()).toEqual({ exported: 0, dropped: 1 });
    expect(obs.buffer.droppedSpans).toBe(1);
  });
});
