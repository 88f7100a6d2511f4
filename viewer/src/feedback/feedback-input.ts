/** Feedback as `POST /api/feedback` takes it, checked. */
export interface FeedbackInput {
  traceId?: string;
  spanId?: string;
  name: string;
  value: number | string;
  comment?: string;
}

/** Why a feedback body was refused (400). */
export class FeedbackError extends Error {}

export const MAX_FEEDBACK_NAME = 100;
export const MAX_FEEDBACK_LABEL = 100;
export const MAX_FEEDBACK_COMMENT = 4000;

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

function optionalId(value: unknown, pattern: RegExp, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value.toLowerCase() : '';
  if (!pattern.test(text) || /^0+$/.test(text)) throw new FeedbackError(`${what} must be a non-zero hex id`);
  return text;
}

function text(value: unknown, what: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw new FeedbackError(`${what} must be a non-empty string`);
  if (value.length > max) throw new FeedbackError(`${what} is longer than ${max} characters`);
  return value;
}

/** Checks a parsed body: `{ traceId or spanId, name, value: number or label, comment? }`. */
export function parseFeedback(body: unknown): FeedbackInput {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new FeedbackError('body must be a JSON object');
  const input = body as Record<string, unknown>;
  const traceId = optionalId(input.traceId, TRACE_ID, 'traceId (32 hex digits)');
  const spanId = optionalId(input.spanId, SPAN_ID, 'spanId (16 hex digits)');
  if (!traceId && !spanId) throw new FeedbackError('traceId or spanId is required');
  const name = text(input.name, 'name', MAX_FEEDBACK_NAME);
  let value: number | string;
  if (typeof input.value === 'number') {
    if (!Number.isFinite(input.value)) throw new FeedbackError('value must be a finite number or a label');
    value = input.value;
  } else value = text(input.value, 'value', MAX_FEEDBACK_LABEL);
  const comment =
    input.comment === undefined || input.comment === null
      ? undefined
      : text(input.comment, 'comment', MAX_FEEDBACK_COMMENT);
  return { traceId, spanId, name, value, comment };
}
