import type { AttributeValue } from '@opentelemetry/api';
import { ownString } from '../../trace/own-string.js';

/** A value within the length limit, and whether it had to be cut. */
export interface LimitedValue {
  readonly value: AttributeValue;
  readonly truncated: boolean;
}

/**
 * Cuts a string (or each string of an array) to `limit` characters. Cuts are whole UTF-16 units
 * except that a surrogate pair is never split, so the exported text stays valid UTF-8.
 *
 * @example
 * limitValue('abcdef', 4); // { value: 'abcd', truncated: true }
 */
export function limitValue(value: AttributeValue, limit: number): LimitedValue {
  if (limit === Number.POSITIVE_INFINITY) return { value, truncated: false };
  if (typeof value === 'string') {
    return value.length > limit ? { value: cut(value, limit), truncated: true } : { value, truncated: false };
  }
  if (Array.isArray(value) && value.some((item) => typeof item === 'string' && item.length > limit)) {
    const items = (value as unknown[]).map((item) =>
      typeof item === 'string' && item.length > limit ? cut(item, limit) : item,
    );
    return { value: items as AttributeValue, truncated: true };
  }
  return { value, truncated: false };
}

/**
 * `text` cut to `limit` characters (the caller checks that it is longer), never splitting a surrogate
 * pair, as a string of its own (a slice would keep the whole of `text` alive).
 *
 * @example
 * cut('ab😀', 3); // 'ab'
 */
export function cut(text: string, limit: number): string {
  const code = text.charCodeAt(limit - 1);
  // A high surrogate at the cut would leave half a character.
  const end = code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
  return ownString(text.slice(0, end));
}
