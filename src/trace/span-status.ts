import type { Exception, Span } from '@opentelemetry/api';

/** OpenTelemetry's `SpanStatusCode.ERROR`, without importing the enum's runtime object. */
export const STATUS_ERROR = 2;

/**
 * Marks `span` as failed with the error's message and records it as an `exception` event: the one
 * way every part of the tracer records a failure.
 *
 * @example
 * failSpan(span, new Error('upstream timed out')); // status { code: 2, message: 'upstream timed out' }
 */
export function failSpan(span: Span, error: unknown): void {
  span.recordException(error as Exception);
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
  span.setStatus(message === undefined ? { code: STATUS_ERROR } : { code: STATUS_ERROR, message });
}
