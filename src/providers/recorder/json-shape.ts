import type { Attributes, AttributeValue } from '@opentelemetry/api';
/**
 * Readers for JSON bodies we do not control: a proxy or an OpenAI-compatible server may send any
 * shape, and a tracer must never throw because a field has an unexpected type.
 */

/** A parsed JSON object. */
export type JsonRecord = Record<string, unknown>;

/**
 * Tells whether a parsed JSON value is an object (not an array, not null).
 *
 * @example
 * isRecord({ a: 1 }); // true
 * isRecord([1]); // false
 */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The field when it is a string, else `undefined`.
 *
 * @example
 * stringField({ model: 'gpt-4o' }, 'model'); // 'gpt-4o'
 */
export function stringField(record: JsonRecord | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The field when it is a finite number, else `undefined`.
 *
 * @example
 * numberField({ total_tokens: 12 }, 'total_tokens'); // 12
 */
export function numberField(record: JsonRecord | undefined, key: string): number | undefined {
  const value = record?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * The field when it is an object, else `undefined`.
 *
 * @example
 * recordField({ usage: { total_tokens: 1 } }, 'usage'); // { total_tokens: 1 }
 */
export function recordField(record: JsonRecord | undefined, key: string): JsonRecord | undefined {
  const value = record?.[key];
  return isRecord(value) ? value : undefined;
}

/**
 * The field when it is an array, else `undefined`.
 *
 * @example
 * arrayField({ choices: [] }, 'choices'); // []
 */
export function arrayField(record: JsonRecord | undefined, key: string): unknown[] | undefined {
  const value = record?.[key];
  return Array.isArray(value) ? value : undefined;
}

/**
 * Parses JSON text, giving `undefined` instead of throwing on malformed input.
 *
 * @example
 * parseJson('{"a":1}'); // { a: 1 }
 * parseJson('{oops'); // undefined
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Sets `into[key]` to `value` unless `value` is `undefined` (the one helper every attribute writer
 * shares, so a bundle carries it once).
 *
 * @example
 * setDefined(attributes, 'llm.model_name', stringField(body, 'model'));
 */
export function setDefined(into: Attributes, key: string, value: AttributeValue | undefined): void {
  if (value !== undefined) into[key] = value;
}
