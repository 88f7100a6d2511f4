// The before-end hook of a recording span (`RecordingSpan.beforeEnd`, internal): what the LLM fetch
// recorder uses so that parsing it deferred off the request path lands on the span whoever ends it.
// It runs once, inside end(), while the span still takes attributes, and the span lets go of it.
import { describe, expect, it } from 'vitest';
import { register } from '../../src/index.js';
import type { RecordingSpan } from '../../src/trace/span.js';
import { collectGarbage } from '../fixtures/collect-garbage.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';

function recordingSpan() {
  const exporter = collectingExporter();
  const obs = register({ exporter, scheduledDelayMs: 0, registerGlobal: false });
  return { obs, exporter, span: obs.tracer.startSpan('llm call') as RecordingSpan };
}

/** Gives `span` a hook holding an object (as an LLM call's holds the request body): a weak ref to it. */
function hookHolding(span: RecordingSpan): WeakRef<object> {
  const requestBody = { text: 'x'.repeat(1024) };
  span.beforeEnd(() => {
    requestBody.text.length;
  });
  return new WeakRef(requestBody);
}

describe('the before-end hook', () => {
  it('runs once, before the span goes to the buffer, while it still takes attributes and events', async () => {
    const { obs, exporter, span } = recordingSpan();
    let runs = 0;
    span.beforeEnd(() => {
      runs++;
      span.setAttribute('llm.output_messages.0.message.content', 'parsed late');
      span.addEvent('First Token Stream Event');
    });
    expect(runs).toBe(0);
    span.end();
    span.end();
    expect(runs).toBe(1);
    expect(span.isRecording()).toBe(false);
    await obs.forceFlush();
    expect(exporter.spans).toHaveLength(1);
    expect(exporter.spans[0].attributes['llm.output_messages.0.message.content']).toBe('parsed late');
    expect(exporter.spans[0].events.map((event) => event.name)).toEqual(['First Token Stream Event']);
  });

  it('runs when a flush ends the span, and a hook set after the end never runs', async () => {
    const { obs, exporter, span } = recordingSpan();
    span.beforeEnd(() => span.setAttribute('recorded', 'at flush'));
    await obs.forceFlush({ traceId: span.spanContext().traceId });
    let late = 0;
    span.beforeEnd(() => late++);
    span.end();
    expect(late).toBe(0);
    expect(exporter.spans[0].attributes).toMatchObject({ recorded: 'at flush', 'edge_llmobs.ended_at_flush': true });
  });

  it('a hook that ends the span itself ends it once', async () => {
    const { obs, exporter, span } = recordingSpan();
    span.beforeEnd(() => span.end());
    span.end();
    await obs.forceFlush();
    expect(exporter.spans).toHaveLength(1);
  });

  it('an ended span holds nothing the hook held', async () => {
    const { span } = recordingSpan();
    const held = hookHolding(span);
    span.end();
    await collectGarbage();
    expect(span.isRecording()).toBe(false);
    expect(held.deref()).toBeUndefined();
  });

  it('is kept while the span is open (the control of the test above)', async () => {
    const { span } = recordingSpan();
    const held = hookHolding(span);
    await collectGarbage();
    expect(held.deref()).toBeDefined();
    span.end();
  });
});
