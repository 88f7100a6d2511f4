import type { Attributes, Exception, Span } from '@opentelemetry/api';

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

/** The attributes of an `exception` event, as OpenTelemetry's semantic conventions name them. */
export function exceptionAttributes(exception: Exception): Attributes {
  const attributes: Attributes = {};
  if (typeof exception === 'string') {
    attributes['exception.message'] = exception;
  } else if (exception) {
    const error = exception as { name?: unknown; message?: unknown; stack?: unknown; code?: unknown };
    const type = typeof error.name === 'string' ? error.name : error.code;
    if (type !== undefined) attributes['exception.type'] = String(type);
    if (typeof error.message === 'string') attributes['exception.message'] = error.message;
    if (typeof error.stack === 'string') attributes['exception.stacktrace'] = error.stack;
  }
  return attributes;
}
