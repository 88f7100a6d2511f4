/** An OTLP attribute value decoded to plain JSON. */
export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue };

// biome-ignore lint/suspicious/noExplicitAny: OTLP JSON is checked structurally as it is read
type Json = any;

/**
 * Decodes an OTLP `AnyValue` (JSON mapping). 64-bit ints arrive as decimal strings and become numbers;
 * bytes stay base64 text; a value of a kind this reader does not know becomes `null`, since OTLP
 * receivers must tolerate fields they do not know.
 */
export function plainValue(value: Json): PlainValue {
  if (value === null || typeof value !== 'object') return null;
  if ('stringValue' in value) return String(value.stringValue);
  if ('boolValue' in value) return Boolean(value.boolValue);
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return Number(value.doubleValue);
  if ('bytesValue' in value) return String(value.bytesValue);
  if ('arrayValue' in value) {
    const values = value.arrayValue?.values;
    return Array.isArray(values) ? values.map(plainValue) : [];
  }
  if ('kvlistValue' in value) return plainAttributes(value.kvlistValue?.values);
  return null;
}

/** Decodes a list of OTLP `KeyValue`s into an object; entries without a string key are skipped. */
export function plainAttributes(list: Json): Record<string, PlainValue> {
  const attributes: Record<string, PlainValue> = {};
  if (!Array.isArray(list)) return attributes;
  for (const entry of list) {
    if (entry && typeof entry.key === 'string') attributes[entry.key] = plainValue(entry.value);
  }
  return attributes;
}
