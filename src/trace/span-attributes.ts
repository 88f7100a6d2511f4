import type { AttributeValue } from '@opentelemetry/api';
import { ownString } from './own-string.js';

/** Slots of a span's key/value pair array before it grows: twelve attributes. */
export const PAIR_SLOTS = 24;

/**
 * Makes the attribute record: an ordinary object (its prototype is `Object.prototype`, as for `{}`),
 * but made by `new`, so V8 sizes it from the spans made before (in-object slack tracking) instead of
 * growing a property array as attributes are added one by one.
 */
export const AttributeRecord = function AttributeRecord() {} as unknown as new () => Record<string, AttributeValue>;
AttributeRecord.prototype = Object.prototype;

/** What {@link roomAfterSet} answers when the key is dropped. */
export const DROPPED = -2;

/**
 * The room left under the count limit after setting `key` on `attributes`, once the room known
 * without counting (`room`, -1 when full) is used up: `room` for an update, the exact room less one
 * for a new key, or {@link DROPPED}. Keys are never removed, so a full span stays full without a
 * recount per dropped key.
 */
export function roomAfterSet(
  attributes: Record<string, AttributeValue>,
  key: string,
  room: number,
  limit: number,
): number {
  // Stored values are never undefined, so a plain load tells a new key from an update.
  if (attributes[key] !== undefined) return room;
  const left = room < 0 ? 0 : limit - Object.keys(attributes).length;
  // Written so a NaN limit admits every key, as `count >= limit` never dropped one.
  return left <= 0 ? DROPPED : left - 1;
}

/** `value` with its strings cut to `limit` characters (the caller skips this with no limit). */
export function limitLength(value: AttributeValue, limit: number): AttributeValue {
  if (typeof value === 'string') return value.length > limit ? ownString(value.slice(0, limit)) : value;
  if (Array.isArray(value)) {
    return (value as unknown[]).map((item) =>
      typeof item === 'string' && item.length > limit ? ownString(item.slice(0, limit)) : item,
    ) as AttributeValue;
  }
  return value;
}
