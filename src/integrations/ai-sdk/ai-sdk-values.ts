import type { AttributeValue } from '@opentelemetry/api';
import { parseJson } from '../../providers/recorder/json-shape.js';

/**
 * Readers for the values the AI SDK puts on its spans. They come from another library (and through
 * it from any provider), so each reader takes whatever is there and gives `undefined` for what it
 * cannot read, never an exception.
 */

/** A string attribute, or `undefined`. */
export function text(value: AttributeValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A token count: a non-negative number, or a string of digits (some exporters stringify numbers). */
export function count(value: AttributeValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** A JSON-encoded attribute, parsed; `undefined` when it is not a string or not JSON. */
export function json(value: AttributeValue | undefined): unknown {
  return typeof value === 'string' ? parseJson(value) : undefined;
}

/** A value as text for a message or a tool result: strings as they are, anything else as JSON. */
export function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** `application/json` for text that parses to an object or array, else `text/plain` (as Arize decides). */
export function mimeTypeOf(value: string): string {
  const parsed = parseJson(value);
  return typeof parsed === 'object' && parsed !== null ? 'application/json' : 'text/plain';
}
