import type { PlainValue } from './any-value.js';

// What one span may store (documented in the README): longer strings are cut and marked, extra
// entries dropped, so no sender can make a row that D1 cannot hold or a page too large to render.

/** Characters kept of any string attribute value. */
export const MAX_ATTRIBUTE_CHARS = 32_768;
/** Characters kept of a span's or event's name and a status message. */
export const MAX_NAME_CHARS = 1_024;
/** Attributes kept per span, event or resource. */
export const MAX_ATTRIBUTES = 1_000;
/** Events kept per span. */
export const MAX_EVENTS = 1_000;

const CUT_MARK = '…[cut]';

/** `text` cut to `max` characters, marked when cut. */
export function cutText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}${CUT_MARK}` : text;
}

/** A value with every string in it cut to `max` characters. */
export function cutValue(value: PlainValue, max = MAX_ATTRIBUTE_CHARS): PlainValue {
  if (typeof value === 'string') return cutText(value, max);
  if (Array.isArray(value)) return value.map((item) => cutValue(item, max));
  if (value && typeof value === 'object') return cutAttributes(value, max);
  return value;
}

/** At most MAX_ATTRIBUTES entries, each value cut to `max` characters. */
export function cutAttributes(
  attributes: Record<string, PlainValue>,
  max = MAX_ATTRIBUTE_CHARS,
): Record<string, PlainValue> {
  const kept: Record<string, PlainValue> = {};
  let count = 0;
  for (const [key, value] of Object.entries(attributes)) {
    if (count++ === MAX_ATTRIBUTES) break;
    kept[cutText(key, MAX_NAME_CHARS)] = cutValue(value, max);
  }
  return kept;
}
