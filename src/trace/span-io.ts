import type { Attributes } from '@opentelemetry/api';
import { toJsonString } from '../json-string.js';
import { InputMimeType, InputValue, OutputMimeType, OutputValue } from '../semconv.js';

/** `value` under `valueKey`, as itself when a string, else as JSON, with its MIME type under `mimeKey`. */
function valueAttributes(value: unknown, valueKey: string, mimeKey: string): Attributes {
  return typeof value === 'string'
    ? { [valueKey]: value, [mimeKey]: 'text/plain' }
    : { [valueKey]: toJsonString(value), [mimeKey]: 'application/json' };
}

/** `input.value` for a call: a lone string as text, anything else as JSON (several arguments as an array). */
export function inputAttributes(args: readonly unknown[]): Attributes {
  if (args.length === 0) return {};
  return valueAttributes(args.length === 1 ? args[0] : args, InputValue, InputMimeType);
}

/** `output.value` for a result: a string as text, `undefined` as nothing, anything else as JSON. */
export function outputAttributes(value: unknown): Attributes {
  if (value === undefined) return {};
  return valueAttributes(value, OutputValue, OutputMimeType);
}
