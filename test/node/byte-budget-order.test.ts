// The order the byte budget keeps: cut the oldest queued spans to their skeletons first, drop whole
// spans (the oldest) only when skeletons alone are over, and never cut a value before its
// credentials were scrubbed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { register, type SpanData, type SpanExporter, TRUNCATED_ATTRIBUTES } from '../../src/index.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { pollUntil } from '../fixtures/poll-until.js';

afterEach(() => vi.restoreAllMocks());

const SKELETON = {
  'openinference.span.kind': 'LLM',
  'session.id': 'session-7',
  'user.id': 'user-3',
  'llm.model_name': 'gpt-4o-mini-2024-07-18',
  'llm.token_count.prompt': 7500,
  'llm.token_count.completion': 12,
  'llm.token_count.total': 7512,
  'llm.cost.total': 0.0011322,
};

describe('the byte budget', () => {
  it('holds at most half of it in flight, so the newest spans keep room while an export waits', async () => {
    // An export that waits (a slow or failing collector) until the test lets it answer.
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const batches: SpanData[][] = [];
    const exporter: SpanExporter = {
      async export(batch) {
        batches.push([...batch]);
        await answered;
        return { ok: true };
      },
    };
    const obs = register({ exporter, scheduledDelayMs: 0, maxQueueBytes: 256 * 1024 });
    const names = Array.from({ length: 6 }, (_, i) => `call ${i}`);
    for (const name of names) obs.tracer.startSpan(name, { attributes: { 'input.value': 'p'.repeat(30_000) } }).end();
    const flushed = obs.forceFlush();
    await pollUntil(
      () => batches.length,
      (count) => count > 0,
      { what: 'the first export' },
    );
    expect(obs.buffer.inFlightBytes).toBeGreaterThan(0);
    expect(obs.buffer.inFlightBytes).toBeLessThanOrEqual(128 * 1024);
    // The rest waits its turn in the queue instead of going out with the first export.
    expect(obs.buffer.size).toBeGreaterThan(0);
    expect(batches.flat().length).toBeLessThan(names.length);
    answer();
    await flushed;
    expect(batches.flat().map((span) => span.name)).toEqual(names);
    expect(obs.buffer.degradedSpans).toBe(0);
  });

  it('cuts the oldest queued span to its skeleton before anything is dropped', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const exporter = collectingExporter();
    const obs = register({ exporter, scheduledDelayMs: 0, maxQueueBytes: 256 * 1024 });
    for (let i = 0; i < 9; i++) {
      obs.tracer
        .startSpan(`call ${i}`, {
          attributes: {
            ...SKELETON,
            'input.value': `${i}${'p'.repeat(30_000)}`,
            'embedding.vector': [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
          },
        })
        .end();
    }
    expect(obs.buffer.degradedSpans).toBe(1);
    expect(obs.buffer.droppedSpans).toBe(0);
    expect(obs.buffer.queuedBytes).toBeLessThanOrEqual(256 * 1024);
    expect(warn.mock.calls.filter(([text]) => String(text).includes('cutting large values'))).toHaveLength(1);
    await obs.forceFlush();
    const [oldest, next] = exporter.spans;
    expect(oldest.attributes).toEqual({
      ...SKELETON,
      'input.value': `0${'p'.repeat(255)}`,
      'embedding.vector': [1, 2, 3, 4, 5, 6, 7, 8],
      [TRUNCATED_ATTRIBUTES]: 2,
    });
    expect(next.attributes['input.value']).toHaveLength(30_001);
    expect(next.attributes).not.toHaveProperty(TRUNCATED_ATTRIBUTES);
  });

  it('drops whole spans, the oldest first, only when skeletons alone are over', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const exporter = collectingExporter();
    const obs = register({ exporter, scheduledDelayMs: 0, maxQueueBytes: 8 * 1024 });
    for (let i = 0; i < 20; i++) obs.tracer.startSpan(`turn ${i}`, { attributes: SKELETON }).end();
    expect(obs.buffer.degradedSpans).toBe(0);
    expect(obs.buffer.droppedSpans).toBeGreaterThan(0);
    expect(obs.buffer.queuedBytes).toBeLessThanOrEqual(8 * 1024);
    expect(warn.mock.calls.some(([text]) => String(text).includes('dropping the oldest spans'))).toBe(true);
    await obs.forceFlush();
    const names = exporter.spans.map((span) => span.name);
    expect(names.at(-1)).toBe('turn 19');
    expect(names).not.toContain('turn 0');
    expect(names).toHaveLength(20 - obs.buffer.droppedSpans);
  });

  it('cuts a value only after its credentials were scrubbed', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const exporter = collectingExporter();
    const obs = register({ exporter, scheduledDelayMs: 0, maxQueueBytes: 128 * 1024 });
    // The token starts a few characters before the cut: cut first, its head would be too short to be found.
    const text = `${'x'.repeat(239)} Bearer MKSECRETtoken0123456789 ${'y'.repeat(40_000)}`;
    obs.tracer.startSpan('leaky', { attributes: { ...SKELETON, 'input.value': text } }).end();
    expect(obs.buffer.degradedSpans).toBe(1);
    await obs.forceFlush();
    const value = String(exporter.spans[0].attributes['input.value']);
    expect(value).toHaveLength(256);
    expect(value).not.toContain('MKSECRET');
    expect(value).toContain('Bearer __REDACT');
  });
});
