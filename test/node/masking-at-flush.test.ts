// Masking runs when a flush takes spans, not in span.end(): what leaves the process is the same as if
// it ran at each end. Each span is prepared once (even when it waits through a deferred export or a
// held trace), spans the redact hook drops take no room in a full buffer and cannot keep a trace with
// keepErrorTraces, the caller's event attributes are never changed, and the per-key cache stays exact
// past its bound.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ROOT_CONTEXT } from '../../src/context/context.js';
import { register, type SpanData } from '../../src/index.js';
import type { ExportOutcome } from '../../src/pipeline/export-outcome.js';
import { TRUNCATED_ATTRIBUTES } from '../../src/pipeline/prepare/prepare-for-export.js';
import { setSpan } from '../../src/trace/tracer.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';

afterEach(() => vi.restoreAllMocks());

describe('masking at flush', () => {
  it('exports a span masked once a flush takes it', async () => {
    const exporter = collectingExporter();
    const obs = register({ exporter, scheduledDelayMs: 0, traceConfig: { hideInputs: true } });
    const span = obs.tracer.startSpan('turn', { attributes: { 'input.value': 'MK_PRIVATE', 'user.id': 'alice' } });
    span.end();
    expect(exporter.spans).toEqual([]);
    await obs.forceFlush();
    expect(exporter.spans[0].attributes).toEqual({ 'input.value': '__REDACTED__', 'user.id': 'alice' });
    expect(JSON.stringify(exporter.spans)).not.toContain('MK_PRIVATE');
  });

  it('prepares a span once, even when an export stands back and a later flush sends it', async () => {
    const outcomes: ExportOutcome[] = [{ ok: false, deferred: true, retryAfterMs: 0 }];
    const exporter = collectingExporter(() => outcomes.shift() ?? { ok: true });
    const exported = exporter.spans;
    const redact = vi.fn((attributes: Record<string, unknown>) => attributes as never);
    const obs = register({ exporter, scheduledDelayMs: 0, redact, spanLimits: { attributeValueLengthLimit: 5 } });
    obs.tracer.startSpan('turn', { attributes: { note: 'abcdefgh' } }).end();
    expect(await obs.forceFlush()).toEqual({ exported: 0, dropped: 0 });
    expect(obs.buffer.size).toBe(1);
    expect(await obs.forceFlush()).toEqual({ exported: 1, dropped: 0 });
    expect(redact).toHaveBeenCalledTimes(1);
    expect(exported[0].attributes).toEqual({ note: 'abcde', [TRUNCATED_ATTRIBUTES]: 1 });
  });

  it('prepares a held provisional trace once, and a span the hook drops cannot keep its trace', async () => {
    const exporter = collectingExporter();
    const redact = vi.fn((attributes: Record<string, unknown>, span: SpanData) =>
      span.name.endsWith('dropped') ? null : (attributes as never),
    );
    const obs = register({ exporter, scheduledDelayMs: 0, sampleRatio: 0, keepErrorTraces: true, redact });
    // A trace whose only failing span is dropped by the hook: discarded, as if the span never ended.
    const quiet = obs.tracer.startSpan('quiet', { root: true });
    const dropped = obs.tracer.startSpan('quiet/dropped', {}, setSpan(ROOT_CONTEXT, quiet));
    dropped.setStatus({ code: 2, message: 'failed' });
    dropped.end();
    quiet.end();
    // A trace held by one flush (its root is open) and sent by the next.
    const slow = obs.tracer.startSpan('slow', { root: true });
    obs.tracer.startSpan('slow/early', {}, setSpan(ROOT_CONTEXT, slow)).end();
    expect(await obs.forceFlush()).toEqual({ exported: 0, dropped: 0 });
    expect(obs.buffer.redactedSpans).toBe(1);
    expect(obs.buffer.sampledOutSpans).toBe(1);
    slow.setStatus({ code: 2, message: 'failed' });
    slow.end();
    expect(await obs.forceFlush()).toEqual({ exported: 2, dropped: 0 });
    expect(exporter.spans.map((span) => span.name).sort()).toEqual(['slow', 'slow/early']);
    expect(redact.mock.calls.map(([, span]) => span.name).sort()).toEqual([
      'quiet',
      'quiet/dropped',
      'slow',
      'slow/early',
    ]);
  });

  it('when the buffer is full, spans the hook drops make room, as when masking ran at each end', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const exporter = collectingExporter();
    const obs = register({
      exporter,
      scheduledDelayMs: 0,
      maxQueueSize: 4,
      redact: (attributes, span) => (span.name.startsWith('health') ? null : attributes),
    });
    for (let i = 0; i < 4; i++) obs.tracer.startSpan(`health${i}`).end();
    for (let i = 0; i < 4; i++) obs.tracer.startSpan(`turn${i}`).end();
    obs.tracer.startSpan('one too many').end();
    expect(obs.buffer.redactedSpans).toBe(4);
    expect(obs.buffer.droppedSpans).toBe(1);
    expect(obs.buffer.size).toBe(4);
    expect(await obs.forceFlush()).toEqual({ exported: 4, dropped: 0 });
    expect(exporter.spans.map((span) => span.name)).toEqual(['turn0', 'turn1', 'turn2', 'turn3']);
  });

  it('never changes the caller’s event attributes: a scrubbed event gets a copy', async () => {
    const exporter = collectingExporter();
    const obs = register({ exporter, scheduledDelayMs: 0 });
    const mine = { 'http.request.header.authorization': 'Bearer abc', note: 'Bearer sk-live0123456789abcdefghij' };
    const plain = { step: 'parse' };
    const span = obs.tracer.startSpan('turn');
    span.addEvent('request', mine);
    span.addEvent('progress', plain);
    span.end();
    await obs.forceFlush();
    expect(exporter.spans[0].events.map((event) => event.attributes)).toEqual([
      { note: 'Bearer __REDACTED__' },
      { step: 'parse' },
    ]);
    expect(mine).toEqual({
      'http.request.header.authorization': 'Bearer abc',
      note: 'Bearer sk-live0123456789abcdefghij',
    });
  });

  it('masks exactly past the key cache’s bound (thousands of distinct keys, two configurations)', async () => {
    const hidden = collectingExporter();
    const shown = collectingExporter();
    const limits = { attributeCountLimit: 10_000 };
    const hiding = register({
      exporter: hidden,
      scheduledDelayMs: 0,
      spanLimits: limits,
      traceConfig: { hideInputText: true },
    });
    const showing = register({ exporter: shown, scheduledDelayMs: 0, spanLimits: limits });
    for (const obs of [hiding, showing]) {
      for (let round = 0; round < 2; round++) {
        const span = obs.tracer.startSpan('many');
        for (let i = 0; i < 5000; i++) span.setAttribute(`llm.input_messages.${i}.message.content`, `text ${i}`);
        span.setAttribute('url.full', 'https://x.test/v1?key=abc');
        span.end();
      }
      await obs.forceFlush();
    }
    for (const span of hidden.spans) {
      const values = Object.values(span.attributes);
      expect(values.filter((value) => value === '__REDACTED__')).toHaveLength(5000);
      expect(span.attributes['url.full']).toBe('https://x.test/v1?key=__REDACTED__');
    }
    for (const span of shown.spans) {
      expect(span.attributes['llm.input_messages.4999.message.content']).toBe('text 4999');
      expect(span.attributes['url.full']).toBe('https://x.test/v1?key=__REDACTED__');
    }
    expect(hidden.spans).toHaveLength(2);
    expect(shown.spans).toHaveLength(2);
  });
});
