import type { Attributes, Exception, TimeInput } from '@opentelemetry/api';
import { toTimestamp } from './clock.js';
import type { SpanEventData } from './span-data.js';

/**
 * The event `span.addEvent(name, attributesOrTime, time)` records: the API lets the time stand in
 * the attributes' place.
 */
export function spanEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): SpanEventData {
  const isTime =
    typeof attributesOrTime === 'number' || Array.isArray(attributesOrTime) || attributesOrTime instanceof Date;
  return {
    name,
    time: toTimestamp(isTime ? (attributesOrTime as TimeInput) : time),
    attributes: isTime || attributesOrTime === undefined ? {} : (attributesOrTime as Attributes),
  };
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
