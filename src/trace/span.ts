import type {
  Attributes,
  AttributeValue,
  Exception,
  Link,
  Span,
  SpanContext,
  SpanKind,
  SpanStatus,
  TimeInput,
} from '@opentelemetry/api';
import { fromEpochMs, nowMs, type Timestamp, toEpochMs, toTimestamp } from './clock.js';
import type { SpanLimits } from './span-limits.js';

/** An event on a span, as plain data. */
export interface SpanEventData {
  readonly name: string;
  readonly time: Timestamp;
  readonly attributes: Attributes;
}

/** Where a span goes when it starts and ends (the span processor). */
export interface SpanSink {
  onStart(span: RecordingSpan): void;
  onEnd(span: RecordingSpan): void;
}

const STATUS_UNSET = 0;
const STATUS_ERROR = 2;
const UNSET: SpanStatus = Object.freeze({ code: STATUS_UNSET });
const NO_EVENTS: SpanEventData[] = [];
const NO_LINKS: Link[] = [];

/**
 * A span that records: an `@opentelemetry/api` `Span` whose fields are the exported data, with no
 * copy made at `end()`.
 */
export class RecordingSpan implements Span {
  name: string;
  readonly kind: SpanKind;
  readonly context: SpanContext;
  readonly parentSpanId: string | undefined;
  readonly attributes: Record<string, AttributeValue> = {};
  // Shared empty arrays until the first event or link: most spans have none.
  events: SpanEventData[] = NO_EVENTS;
  links: Link[] = NO_LINKS;
  status: SpanStatus = UNSET;
  // Raw epoch milliseconds; Timestamps are built at export, off the span path.
  readonly #startMs: number;
  #endMs: number | undefined;
  droppedAttributesCount = 0;
  droppedEventsCount = 0;
  #attributeCount = 0;
  readonly #limits: SpanLimits;
  readonly #sink: SpanSink;

  constructor(
    name: string,
    kind: SpanKind,
    context: SpanContext,
    parentSpanId: string | undefined,
    startTime: TimeInput | undefined,
    limits: SpanLimits,
    sink: SpanSink,
  ) {
    this.name = name;
    this.kind = kind;
    this.context = context;
    this.parentSpanId = parentSpanId;
    this.#startMs = startTime === undefined ? nowMs() : toEpochMs(startTime);
    this.#limits = limits;
    this.#sink = sink;
  }

  /** When the span started. */
  get startTime(): Timestamp {
    return fromEpochMs(this.#startMs);
  }

  /** When the span ended, or `undefined` while it is open. */
  get endTime(): Timestamp | undefined {
    return this.#endMs === undefined ? undefined : fromEpochMs(this.#endMs);
  }

  /** Milliseconds from start to end (or to now, while open). */
  get durationMs(): number {
    return (this.#endMs ?? nowMs()) - this.#startMs;
  }

  spanContext(): SpanContext {
    return this.context;
  }

  setAttribute(key: string, value: AttributeValue | undefined): this {
    if (this.#endMs !== undefined || value === undefined || value === null) return this;
    const attributes = this.attributes;
    const limits = this.#limits;
    // Stored values are never undefined, so a plain load tells a new key from an update.
    if (attributes[key] === undefined) {
      if (this.#attributeCount >= limits.attributeCountLimit) {
        this.droppedAttributesCount++;
        return this;
      }
      this.#attributeCount++;
    }
    const limit = limits.attributeValueLengthLimit;
    attributes[key] = limit === Number.POSITIVE_INFINITY ? value : limitLength(value, limit);
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const key in attributes) this.setAttribute(key, attributes[key]);
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.#endMs !== undefined) return this;
    if (this.events.length >= this.#limits.eventCountLimit) {
      this.droppedEventsCount++;
      return this;
    }
    const isTime =
      typeof attributesOrTime === 'number' || Array.isArray(attributesOrTime) || attributesOrTime instanceof Date;
    const attributes = isTime || attributesOrTime === undefined ? {} : (attributesOrTime as Attributes);
    if (this.events === NO_EVENTS) this.events = [];
    this.events.push({
      name,
      time: toTimestamp(isTime ? (attributesOrTime as TimeInput) : time),
      attributes,
    });
    return this;
  }

  addLink(link: Link): this {
    if (this.links === NO_LINKS) this.links = [];
    this.links.push(link);
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (this.#endMs === undefined) this.status = status;
    return this;
  }

  updateName(name: string): this {
    if (this.#endMs === undefined) this.name = name;
    return this;
  }

  end(endTime?: TimeInput): void {
    if (this.#endMs !== undefined) return;
    this.#endMs = endTime === undefined ? nowMs() : toEpochMs(endTime);
    this.#sink.onEnd(this);
  }

  isRecording(): boolean {
    return this.#endMs === undefined;
  }

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
    this.recordException(error as Exception);
    const message = error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
    this.setStatus(message === undefined ? { code: STATUS_ERROR } : { code: STATUS_ERROR, message });
  }
}

function limitLength(value: AttributeValue, limit: number): AttributeValue {
  if (limit === Number.POSITIVE_INFINITY) return value;
  if (typeof value === 'string') return value.length > limit ? value.slice(0, limit) : value;
  if (Array.isArray(value)) {
    return (value as unknown[]).map((item) =>
      typeof item === 'string' && item.length > limit ? item.slice(0, limit) : item,
    ) as AttributeValue;
  }
  return value;
}
