import type { AttributeValue } from '@opentelemetry/api';
import type { SpanData, SpanEventData } from './span-data.js';

/** What a span costs beyond its strings: ids, times, the objects that hold them. */
export const SPAN_OVERHEAD_BYTES = 400;
const EVENT_OVERHEAD_BYTES = 100;
const NUMBER_BYTES = 8;

/** The bytes of one attribute value, by string lengths. */
export function valueBytes(value: AttributeValue | undefined): number {
  if (typeof value === 'string') return value.length;
  if (!Array.isArray(value)) return NUMBER_BYTES;
  let bytes = 16;
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    bytes += typeof item === 'string' ? item.length : NUMBER_BYTES;
  }
  return bytes;
}

/** The bytes of an attribute record's keys and values, counted by string lengths. */
export function attributeBytes(attributes: Readonly<Record<string, AttributeValue | undefined>>): number {
  let bytes = 0;
  for (const key in attributes) bytes += key.length + valueBytes(attributes[key]);
  return bytes;
}

/** The bytes of an event: its name and attributes, and a fixed overhead. */
export function eventBytes(event: SpanEventData): number {
  return EVENT_OVERHEAD_BYTES + event.name.length + attributeBytes(event.attributes);
}

/**
 * What a span holds in memory, estimated cheaply from string lengths (one byte a character, as V8
 * stores Latin-1 text; wider text costs up to twice this): its name, attributes and events, plus a
 * fixed overhead. No encoding, no allocation. A recording span keeps the same count as its values
 * are set (`RecordingSpan.heldBytes`); this recounts a span whose attributes were changed since.
 *
 * @example
 * spanBytes(span); // about 100 400 for a span holding a 100 000-character prompt
 */
export function spanBytes(span: SpanData): number {
  let bytes = SPAN_OVERHEAD_BYTES + span.name.length + attributeBytes(span.attributes);
  const events = span.events;
  for (let i = 0; i < events.length; i++) bytes += eventBytes(events[i]);
  return bytes;
}

/**
 * The bytes of several spans.
 *
 * @example
 * const held = spansBytes(queued);
 */
export function spansBytes(spans: readonly SpanData[]): number {
  let bytes = 0;
  for (let i = 0; i < spans.length; i++) bytes += spanBytes(spans[i]);
  return bytes;
}
