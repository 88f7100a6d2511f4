import {
  arrayField,
  isRecord,
  type JsonRecord,
  numberField,
  recordField,
  stringField,
} from '../recorder/json-shape.js';

/**
 * The first candidate of a response (or of a stream chunk): with several candidates they are
 * alternatives, and only the first is recorded, as for OpenAI's choices.
 *
 * @example
 * firstCandidate({ candidates: [{ index: 0, content: { parts: [] } }] });
 */
export function firstCandidate(body: JsonRecord): JsonRecord | undefined {
  for (const candidate of arrayField(body, 'candidates') ?? []) {
    if (isRecord(candidate) && (numberField(candidate, 'index') ?? 0) === 0) return candidate;
  }
  return undefined;
}

/**
 * The message of a Google API error (`{ error: { code, message, status } }`, alone or as the first
 * item of an array), prefixed by its status: `RESOURCE_EXHAUSTED: Quota exceeded`.
 *
 * @example
 * geminiErrorMessage({ error: { code: 400, message: 'API key not valid.', status: 'INVALID_ARGUMENT' } });
 * // 'INVALID_ARGUMENT: API key not valid.'
 */
export function geminiErrorMessage(body: unknown): string | undefined {
  const record = Array.isArray(body) ? body[0] : body;
  const error = isRecord(record) ? recordField(record, 'error') : undefined;
  if (error === undefined) return undefined;
  const status = stringField(error, 'status');
  const message = stringField(error, 'message');
  if (status && message) return `${status}: ${message}`;
  return message ?? status ?? 'error';
}
