// A recording span keeps the attributes set on it as key/value pairs until something reads
// `span.attributes` (a flush, a processor, a test), then in that record. These pin what a reader
// sees either way, and the ids every span gets.
import { context, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { register, type SpanData } from '../../src/index.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';

function recordingSpan(options: Parameters<typeof register>[0] = {}) {
  const exporter = collectingExporter();
  const obs = register({ exporter, scheduledDelayMs: 0, registerGlobal: false, ...options });
  const span = obs.tracer.startSpan('turn');
  return { obs, exporter, span, data: span as unknown as SpanData };
}

describe('span attributes', () => {
  it('reads back in the order first set, an update keeping its place and taking the last value', async () => {
    const { obs, exporter, span, data } = recordingSpan();
    span.setAttribute('a', 1).setAttribute('b', 'two').setAttribute('a', 3).setAttribute('c', ['x', 'y']);
    span.setAttribute('skipped', undefined as never);
    expect(Object.entries(data.attributes)).toEqual([
      ['a', 3],
      ['b', 'two'],
      ['c', ['x', 'y']],
    ]);
    span.end();
    await obs.forceFlush();
    expect(exporter.spans[0].attributes).toEqual({ a: 3, b: 'two', c: ['x', 'y'] });
  });

  it('a record read early sees the attributes set after it, up to the end and not after', () => {
    const { span, data } = recordingSpan();
    span.setAttribute('before', 1);
    const record = data.attributes;
    span.setAttribute('after', 2);
    span.setAttribute('before', 3);
    span.end();
    span.setAttribute('ended', 4);
    expect(record).toEqual({ before: 3, after: 2 });
    expect(data.attributes).toBe(record);
  });

  it('holds the count limit across the pairs and the record, counting what it drops', async () => {
    const { obs, exporter, span, data } = recordingSpan({ spanLimits: { attributeCountLimit: 3 } });
    span.setAttribute('k0', 0).setAttribute('k0', 1).setAttribute('k1', 1).setAttribute('k2', 2);
    span.setAttribute('k3', 3);
    expect(Object.keys(data.attributes)).toEqual(['k0', 'k1', 'k2']);
    span.setAttribute('k4', 4).setAttribute('k1', 10);
    span.end();
    await obs.forceFlush();
    expect(exporter.spans[0].attributes).toEqual({ k0: 1, k1: 10, k2: 2 });
    expect(exporter.spans[0].droppedAttributesCount).toBe(2);
  });

  it('JSON.stringify shows the attributes, as when they were a field', () => {
    const { span } = recordingSpan();
    span.setAttribute('session.id', 'sess-1');
    const json = JSON.parse(JSON.stringify(span));
    expect(json.attributes).toEqual({ 'session.id': 'sess-1' });
    expect(json.name).toBe('turn');
    expect(json.context.spanId).toBe(span.spanContext().spanId);
  });

  it('counts the bytes of values set before the record is read', () => {
    const { span, data } = recordingSpan();
    const held = (span as unknown as { heldBytes: number }).heldBytes;
    span.setAttribute('input.value', 'x'.repeat(10_000));
    span.setAttribute('tag.tags', ['a'.repeat(100), 'b']);
    span.setAttribute('llm.token_count.total', 12);
    expect((span as unknown as { heldBytes: number }).heldBytes - held).toBe(
      'input.value'.length + 10_000 + 'tag.tags'.length + 16 + 101 + 'llm.token_count.total'.length + 8,
    );
    expect(data.attributes['input.value']).toHaveLength(10_000);
  });
});

describe('span ids', () => {
  it('are lowercase hex of the W3C lengths, never all zero, and differ from span to span', () => {
    const { obs } = recordingSpan();
    const traceIds = new Set<string>();
    const spanIds = new Set<string>();
    // Enough spans to refill the random pool several times.
    for (let i = 0; i < 5000; i++) {
      const { traceId, spanId } = obs.tracer.startSpan('s').spanContext();
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(traceId).not.toBe('0'.repeat(32));
      expect(spanId).not.toBe('0'.repeat(16));
      traceIds.add(traceId);
      spanIds.add(spanId);
    }
    expect(traceIds.size).toBe(5000);
    expect(spanIds.size).toBe(5000);
    // Every hex digit turns up in every position of the trace id: no nibble is fixed or skipped.
    for (let position = 0; position < 32; position++) {
      expect(new Set([...traceIds].map((id) => id[position])).size).toBe(16);
    }
  });

  it('are made when first read, from words each span keeps: read after the pool was refilled, they still differ', async () => {
    const { obs, exporter } = recordingSpan({ maxQueueSize: 10_000 });
    // Nothing reads these ids until the flush, after the pool has been refilled several times.
    const spans = Array.from({ length: 5000 }, () => obs.tracer.startSpan('s'));
    for (const span of spans) span.end();
    await obs.forceFlush();
    expect(exporter.spans).toHaveLength(5000);
    expect(new Set(exporter.spans.map((span) => span.context.traceId)).size).toBe(5000);
    expect(new Set(exporter.spans.map((span) => span.context.spanId)).size).toBe(5000);
    for (const span of exporter.spans) {
      expect(span.context.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.context.spanId).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it("are read as one plain context object, the same each time; a child joins its unread parent's trace", () => {
    const { obs } = recordingSpan();
    const parent = obs.tracer.startSpan('parent');
    const child = obs.tracer.startSpan('child', {}, trace.setSpan(context.active(), parent));
    const read = parent.spanContext();
    expect(parent.spanContext()).toBe(read);
    expect(Object.keys(read).sort()).toEqual(['spanId', 'traceFlags', 'traceId', 'traceState']);
    expect(child.spanContext().traceId).toBe(read.traceId);
    expect(child.spanContext().spanId).not.toBe(read.spanId);
    expect((child as unknown as SpanData).parentSpanId).toBe(read.spanId);
    const json = JSON.parse(JSON.stringify(child));
    expect(json.context).toEqual({ ...child.spanContext() });
  });
});
