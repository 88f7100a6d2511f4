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
import { millisecondsBetween, now, type Timestamp } from './clock.js';
import { exceptionAttributes } from './span-events.js';
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
  abstract addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this;
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

  recordException(exception: Exception, time?: TimeInput): void {
    this.addEvent('exception', exceptionAttributes(exception), time);
  }

  /** Marks the span as failed with the error's message and records it as an `exception` event. */
  fail(error: unknown): void {
    failSpan(this, error);
  }

  /** `JSON.stringify(span)` shows the whole span, the fields read through getters included. */
  toJSON(): object {
    const { context, startTime, endTime, attributes } = this;
    return { ...this, context, startTime, endTime, attributes };
  }
}
