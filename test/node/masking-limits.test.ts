// Attribute limits before export: OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT cuts values (counted in
// edge_llmobs.truncated_attributes), the count limit holds after the redact hook, and base64 images
// over base64ImageMaxLength (or cut by the length limit) become __REDACTED__.
import { describe, expect, it } from 'vitest';
import { register, type SpanData } from '../../src/index.js';
import { TRUNCATED_ATTRIBUTES } from '../../src/pipeline/prepare/prepare-for-export.js';
import type { RegisterOptions } from '../../src/register.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';

const IMAGE_KEY = 'llm.input_messages.0.message.contents.0.message_content.image.image.url';
const image = (length: number) => {
  const prefix = 'data:image/png;base64,';
  return prefix + 'A'.repeat(length - prefix.length);
};

async function oneSpan(options: RegisterOptions, record: (set: (k: string, v: unknown) => void) => void) {
  const exporter = collectingExporter();
  const obs = register({ exporter, scheduledDelayMs: 0, ...options });
  const span = obs.tracer.startSpan('limited');
  record((key, value) => span.setAttribute(key, value as never));
  span.addEvent('exception', { 'exception.stacktrace': 'y'.repeat(500) });
  span.end();
  await obs.forceFlush();
  return exporter.spans[0] as SpanData;
}

describe('attribute limits', () => {
  it('honours OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT from the env bindings and marks how many values it cut', async () => {
    const span = await oneSpan({ env: { OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '100' } }, (set) => {
      set('input.value', 'x'.repeat(5000));
      set('exactly', 'z'.repeat(100));
      set('list', ['a'.repeat(150), 'short']);
      set('count', 12345);
    });
    expect(span.attributes['input.value']).toBe('x'.repeat(100));
    expect(span.attributes.exactly).toBe('z'.repeat(100));
    expect(span.attributes.list).toEqual(['a'.repeat(100), 'short']);
    expect(span.attributes.count).toBe(12345);
    expect(span.events[0].attributes['exception.stacktrace']).toBe('y'.repeat(100));
    expect(span.attributes[TRUNCATED_ATTRIBUTES]).toBe(3);
  });

  it('leaves values whole and unmarked when no limit is set', async () => {
    const span = await oneSpan({}, (set) => set('input.value', 'x'.repeat(50_000)));
    expect(span.attributes['input.value']).toHaveLength(50_000);
    expect(span.attributes).not.toHaveProperty(TRUNCATED_ATTRIBUTES);
  });

  it('never splits a surrogate pair when cutting', async () => {
    const span = await oneSpan({ spanLimits: { attributeValueLengthLimit: 5 } }, (set) => set('emoji', 'ab😀😀😀'));
    expect(span.attributes.emoji).toBe('ab😀');
  });

  it('keeps the attribute count limit, counting what it drops, even after the redact hook adds keys', async () => {
    const span = await oneSpan(
      {
        spanLimits: { attributeCountLimit: 4 },
        redact: (attributes) => ({ ...attributes, added1: 1, added2: 2, added3: 3 }),
      },
      (set) => {
        for (let i = 0; i < 6; i++) set(`k${i}`, i);
      },
    );
    expect(Object.keys(span.attributes)).toEqual(['k0', 'k1', 'k2', 'k3']);
    expect(span.droppedAttributesCount).toBe(2 + 3);
  });
});

describe('base64 images', () => {
  it('redacts data: images longer than 32 000 characters by default, as OpenInference does', async () => {
    const span = await oneSpan({}, (set) => {
      set(IMAGE_KEY, image(40_000));
      set(IMAGE_KEY.replace('contents.0', 'contents.1'), image(1000));
      set(IMAGE_KEY.replace('contents.0', 'contents.2'), `https://example.test/${'p'.repeat(40_000)}.png`);
    });
    expect(span.attributes[IMAGE_KEY]).toBe('__REDACTED__');
    expect(span.attributes[IMAGE_KEY.replace('contents.0', 'contents.1')]).toBe(image(1000));
    expect(String(span.attributes[IMAGE_KEY.replace('contents.0', 'contents.2')])).toHaveLength(40_025);
  });

  it('takes OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH and the base64ImageMaxLength option', async () => {
    const fromEnv = await oneSpan({ env: { OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH: '500' } }, (set) =>
      set(IMAGE_KEY, image(1000)),
    );
    expect(fromEnv.attributes[IMAGE_KEY]).toBe('__REDACTED__');
    const fromOption = await oneSpan({ traceConfig: { base64ImageMaxLength: 2000 } }, (set) =>
      set(IMAGE_KEY, image(1000)),
    );
    expect(fromOption.attributes[IMAGE_KEY]).toBe(image(1000));
  });

  it('redacts an image the length limit would cut, rather than export a broken data: URL', async () => {
    const span = await oneSpan({ spanLimits: { attributeValueLengthLimit: 300 } }, (set) =>
      set(IMAGE_KEY, image(1000)),
    );
    expect(span.attributes[IMAGE_KEY]).toBe('__REDACTED__');
  });
});
