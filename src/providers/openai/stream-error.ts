import { isRecord, stringField } from '../recorder/json-shape.js';

/**
 * The message of an OpenAI error payload (`{ "error": { "message": ... } }`, as an HTTP error body
 * or as a payload in the middle of a stream), or `undefined` when the value is not one.
 *
 * @example
 * openAiErrorMessage({ error: { message: 'Rate limit reached', type: 'requests' } }); // 'Rate limit reached'
 */
export function openAiErrorMessage(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const error = body.error;
  if (typeof error === 'string') return error;
  if (!isRecord(error)) return undefined;
  return stringField(error, 'message') ?? stringField(error, 'code') ?? 'error';
}
