import type {
  Attributes,
  AttributeValue,
  Exception,
  Link,
  Span,
  SpanContext,
  SpanStatus,
  TimeInput,
} from '@opentelemetry/api';
import { millisecondsBetween, now, type Timestamp, toTimestamp } from './clock.js';
import type { SpanEventData } from './span-data.js';
import { failSpan } from './span-status.js';

/**
 * The `Span` methods a recording span builds from its others (several attributes or links, status,
 * name, exceptions, JSON), apart from its fields and its hot path. It has no fields and no
 * constructor, so making a span skips it (V8 omits default constructors from `super()` calls).
 */
export abstract class SpanApi implements Span {
  abstract name: string;
  abstract links: Link[];
  abstract status: SpanStatus;
  abstract get context(): SpanContext;
  abstract get startTime(): Timestamp;
  abstract get endTime(): Timestamp | undefined;
  abstract get attributes(): Record<string, AttributeValue>;
  abstract isRecording(): boolean;
  abstract setAttribute(key: string, value: AttributeValue | undefined): this;
  /** Keeps `event` unless the span has ended or holds as many events as its limits allow. */
  protected abstract keepEvent(event: SpanEventData): void;
  abstract end(endTime?: TimeInput): void;

  /** Milliseconds from start to end (or to now, while open). */
  get durationMs(): number {
    return millisecondsBetween(this.startTime, this.endTime ?? now());
  }

  spanContext(): SpanContext {
    return this.context;
  }

  setAttributes(attributes: Attributes): this {
    for (const key in attributes) this.setAttribute(key, attributes[key]);
    return this;
  }

  addLink(link: Link): this {
    if (this.links.length === 0) this.links = [];
    this.links.push(link);
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (this.isRecording()) this.status = status;
    return this;
  }

  updateName(name: string): this {
    if (this.isRecording()) this.name = name;
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    // The API lets a time stand in the attributes' place.
    const isTime =
      typeof attributesOrTime === 'number' || Array.isArray(attributesOrTime) || attributesOrTime instanceof Date;
    this.keepEvent({
      name,
      time: toTimestamp(isTime ? (attributesOrTime as TimeInput) : time),
      attributes: isTime || attributesOrTime === undefined ? {} : (attributesOrTime as Attributes),
    });
    return this;
  }

  /** Records `exception` as an `exception` event, with the attributes OpenTelemetry's conventions name. */
  recordException(exception: Exception, time?: TimeInput): void {
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
    this.addEvent('exception', attributes, time);
  }

  /** Marks the span as failed with the error's message and records it as an `exception` event. */
  fail(error: unknown): void {
    failSpan(this, error);
  }

  /** `JSON.stringify(span)` shows the context and attributes too, as when they were fields. */
  toJSON(): object {
    return { ...this, context: this.context, attributes: this.attributes };
  }
}
