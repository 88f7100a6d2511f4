import type { Attributes } from '@opentelemetry/api';
import { toJsonString } from '../json-string.js';
import { InputMimeType, InputValue, OutputMimeType, OutputValue } from '../semconv.js';

const TEXT = 'text/plain';
const JSON_MIME = 'application/json';

/** `input.value` for a call: a lone string as text, anything else as JSON (several arguments as an array). */
export function inputAttributes(args: readonly unknown[]): Attributes {
  if (args.length === 0) return {};
  const value = args.length === 1 ? args[0] : args;
  if (typeof value === 'string') return { [InputValue]: value, [InputMimeType]: TEXT };
  return { [InputValue]: toJsonString(value), [InputMimeType]: JSON_MIME };
}

/** `output.value` for a result: a string as text, `undefined` as nothing, anything else as JSON. */
export function outputAttributes(value: unknown): Attributes {
  if (value === undefined) return {};
  if (typeof value === 'string') return { [OutputValue]: value, [OutputMimeType]: TEXT };
  return { [OutputValue]: toJsonString(value), [OutputMimeType]: JSON_MIME };
}
