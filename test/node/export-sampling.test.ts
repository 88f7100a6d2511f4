// Sampling: parent-based ratio, and keepErrorTraces, which records every trace and decides at flush.
import { describe, expect, it } from 'vitest';
import { ROOT_CONTEXT } from '../../src/context/context.js';
import { register, type SpanData } from '../../src/index.js';
import { createTraceSampler } from '../../src/pipeline/sampling/error-trace-sampler.js';
import { ratioSampler } from '../../src/pipeline/sampling/ratio-sampler.js';
import { NonRecordingSpan } from '../../src/trace/non-recording-span.js';
import { setSpan } from '../../src/trace/tracer.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';

const ERROR = { code: 2, message: 'failed' } as const;

function setup(options: { sampleRatio: number; keepErrorTraces?: boolean }) {
  const exporter = collectingExporter();
  const obs = register({ exporter, scheduledDelayMs: 0, ...options });
  const trace = (name: string, fail: boolean) => {
    const root = obs.tracer.startSpan(name, { root: true });
    const child = obs.tracer.startSpan(`${name}/child`, {}, setSpan(ROOT_CONTEXT, root));
    if (fail) child.setStatus(ERROR);
    child.end();
    root.end();
  };
  return { obs, exporter, trace, names: () => exporter.spans.map((span: SpanData) => span.name).sort() };
}

describe('sampling', () => {
  it('keeps a share of traces decided from the trace id, so services agree', () => {
    const sample = ratioSampler(0.25);
    expect(sample('00000000000000000000000000000000')).toBe(true);
    expect(sample('0000000000000000000000003fffffff')).toBe(true);
    expect(sample('0000000000000000000000004fffffff')).toBe(false);
    expect(ratioSampler(0)('00000000000000000000000000000000')).toBe(false);
    expect(ratioSampler(undefined)('ffffffffffffffffffffffffffffffff')).toBe(true);
  });

  it('with keepErrorTraces, exports every trace with an error and discards (and counts) the rest', async () => {
    const { obs, trace, names } = setup({ sampleRatio: 0, keepErrorTraces: true });
    trace('ok-1', false);
    trace('failed-1', true);
    trace('ok-2', false);
    trace('failed-2', true);
    expect(await obs.forceFlush()).toEqual({ exported: 4, dropped: 0 });
    expect(names()).toEqual(['failed-1', 'failed-1/child', 'failed-2', 'failed-2/child']);
    expect(obs.buffer.sampledOutSpans).toBe(4);
  });

  it('without keepErrorTraces, a ratio of 0 records nothing (the decision is at span start)', async () => {
    const { obs, trace, names } = setup({ sampleRatio: 0 });
    trace('failed', true);
    await obs.forceFlush();
    expect(names()).toEqual([]);
    expect(obs.buffer.sampledOutSpans).toBe(0);
  });

  it('holds a provisional trace while it still has open spans, then decides on all of it', async () => {
    const { obs, names } = setup({ sampleRatio: 0, keepErrorTraces: true });
    const root = obs.tracer.startSpan('slow', { root: true });
    obs.tracer.startSpan('slow/early', {}, setSpan(ROOT_CONTEXT, root)).end();
    expect(await obs.forceFlush()).toEqual({ exported: 0, dropped: 0 });
    expect(obs.buffer.size).toBe(1);
    root.setStatus(ERROR);
    root.end();
    expect(await obs.forceFlush()).toEqual({ exported: 2, dropped: 0 });
    expect(names()).toEqual(['slow', 'slow/early']);
  });

  it('keeps traces whose remote parent was sampled: they were never provisional', async () => {
    const { obs, names } = setup({ sampleRatio: 0, keepErrorTraces: true });
    const remote = new NonRecordingSpan({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: 1,
      isRemote: true,
    });
    obs.tracer.startSpan('from upstream', {}, setSpan(ROOT_CONTEXT, remote)).end();
    await obs.forceFlush();
    expect(names()).toEqual(['from upstream']);
  });

  it('still keeps what the ratio keeps, errors or not', async () => {
    const { obs, exporter } = setup({ sampleRatio: 0.5, keepErrorTraces: true });
    for (let i = 0; i < 200; i++) obs.tracer.startSpan(`t${i}`, { root: true }).end();
    await obs.forceFlush();
    const byRatio = ratioSampler(0.5);
    expect(exporter.spans.length).toBeGreaterThan(50);
    for (const span of exporter.spans) expect(byRatio(span.context.traceId)).toBe(true);
    expect(exporter.spans.length + obs.buffer.sampledOutSpans).toBe(200);
  });

  it('bounds its bookkeeping: a forgotten provisional trace is kept (erring towards data)', () => {
    const sampler = createTraceSampler({ sampleRatio: 0, keepErrorTraces: true }, 10);
    const ids = Array.from({ length: 20 }, (_, i) => i.toString(16).padStart(32, '0'));
    for (const id of ids) expect(sampler.sampleRoot(id)).toBe(true);
    const span = (traceId: string) => ({ context: { traceId }, status: { code: 0 } }) as unknown as SpanData;
    const selection = sampler.select?.([span(ids[0]), span(ids[19])], new Set(), false);
    expect(selection?.send.map((s) => s.context.traceId)).toEqual([ids[0]]);
    expect(selection?.discarded).toBe(1);
  });
});
