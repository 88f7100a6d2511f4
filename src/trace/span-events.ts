import type { Attributes, Exception } from '@opentelemetry/api';

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
