import { DecodeError } from './decode-error.js';

/** Nesting of arrays and key-value lists within one value; deeper is a hostile body, not data. */
const MAX_DEPTH = 32;

/** An OTLP attribute value decoded to plain JSON. */
export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue };

// biome-ignore lint/suspicious/noExplicitAny: OTLP JSON is checked structurally as it is read
type Json = any;

/**
 * Decodes an OTLP `AnyValue` (JSON mapping). 64-bit ints arrive as decimal strings and become numbers;
 * bytes stay base64 text; a value of a kind this reader does not know becomes `null`, since OTLP
 * receivers must tolerate fields they do not know.
 */
export function plainValue(value: Json, depth = 0): PlainValue {
  if (value === null || typeof value !== 'object') return null;
  if (depth > MAX_DEPTH) throw new DecodeError(`an attribute value is nested deeper than ${MAX_DEPTH}`);
  if ('stringValue' in value) return String(value.stringValue);
  if ('boolValue' in value) return Boolean(value.boolValue);
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return Number(value.doubleValue);
  if ('bytesValue' in value) return String(value.bytesValue);
  if ('arrayValue' in value) {
    const values = value.arrayValue?.values;
    return Array.isArray(values) ? values.map((item) => plainValue(item, depth + 1)) : [];
  }
  if ('kvlistValue' in value) return plainAttributes(value.kvlistValue?.values, depth + 1);
  return null;
}

/** Decodes a list of OTLP `KeyValue`s into an object; entries without a string key are skipped. */
export function plainAttributes(list: Json, depth = 0): Record<string, PlainValue> {
  const attributes: Record<string, PlainValue> = {};
  if (!Array.isArray(list)) return attributes;
  for (const entry of list) {
    if (entry && typeof entry.key === 'string') attributes[entry.key] = plainValue(entry.value, depth);
  }
  return attributes;
}
