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
import { ownString } from './own-string.js';
import { attributeBytes, EVENT_OVERHEAD_BYTES, SPAN_OVERHEAD_BYTES, valueBytes } from './span-bytes.js';
import type { InstrumentationScope, SpanEventData } from './span-data.js';
import type { SpanLimits } from './span-limits.js';
import { failSpan } from './span-status.js';

/** Where a span goes when it starts and ends (the span processor). */
export interface SpanSink {
  onStart(span: RecordingSpan): void;
  /** Called by `end()` while the span still takes attributes (span processors' last word). */
  onEnding?(span: RecordingSpan): void;
  onEnd(span: RecordingSpan): void;
}

const STATUS_UNSET = 0;
const UNSET: SpanStatus = Object.freeze({ code: STATUS_UNSET });
const NO_EVENTS: SpanEventData[] = [];
const NO_LINKS: Link[] = [];

/**
 * Makes the attribute record: an ordinary object (its prototype is `Object.prototype`, as for `{}`),
 * but made by `new`, so V8 sizes it from the spans made before (in-object slack tracking) instead of
 * growing a property array as attributes are added one by one.
 */
const AttributeRecord = function AttributeRecord() {} as unknown as new () => Record<string, AttributeValue>;
AttributeRecord.prototype = Object.prototype;

/**
 * A span that records: an `@opentelemetry/api` `Span` whose fields are the exported data, with no
 * copy made at `end()`.
 */
export class RecordingSpan implements Span {
  name: string;
  readonly kind: SpanKind;
  readonly context: SpanContext;
  readonly parentSpanId: string | undefined;
  /**
   * Attributes set while nothing has read `attributes`, as key, value, key, value in the order set:
   * storing them in an array costs a third of adding properties to an object (a keyed store that V8
   * looks up by shape each time). The record is built when first read, mostly when a flush takes the
   * span, off the span path. Room for twelve before the array grows: what a request or chain span
   * usually holds (kind, input and output with their MIME types, session, user, metadata, tags).
   */
  #pending: (string | AttributeValue)[] | undefined = new Array(24);
  /** Slots of `#pending` in use. */
  #pendingLength = 0;
  #record: Record<string, AttributeValue> | undefined;
  // Shared empty arrays until the first event or link: most spans have none.
  events: SpanEventData[] = NO_EVENTS;
  links: Link[] = NO_LINKS;
  status: SpanStatus = UNSET;
  // Raw epoch milliseconds; Timestamps are built at export, off the span path.
  readonly #startMs: number;
  #endMs: number | undefined;
  droppedAttributesCount = 0;
  droppedEventsCount = 0;
  /**
   * Sets that may still add a key without the count limit being checked: the limit less the sets so
   * far (updates counted as if they added a key), recounted exactly when it reaches 0; -1 once full.
   */
  #attributeRoom: number;
  readonly #limits: SpanLimits;
  readonly #sink: SpanSink;
  /** What the name, attributes and events hold, by string lengths, counted as they are set (see `spanBytes`). */
  #bytes: number;
  /** Set for spans other libraries start through `trace.getTracer(name, version)`. */
  readonly instrumentationScope: InstrumentationScope | undefined;

  constructor(
    name: string,
    kind: SpanKind,
    context: SpanContext,
    parentSpanId: string | undefined,
    startTime: TimeInput | undefined,
    limits: SpanLimits,
    sink: SpanSink,
    instrumentationScope?: InstrumentationScope,
  ) {
    this.name = name;
    this.instrumentationScope = instrumentationScope;
    this.kind = kind;
    this.context = context;
    this.parentSpanId = parentSpanId;
    this.#startMs = startTime === undefined ? nowMs() : toEpochMs(startTime);
    this.#attributeRoom = limits.attributeCountLimit;
    this.#limits = limits;
    this.#sink = sink;
    this.#bytes = SPAN_OVERHEAD_BYTES + name.length;
  }

  /**
   * The bytes this span holds, estimated from string lengths as values are set (a replaced value
   * still counts): the figure the buffer's byte budget reads as the span ends, without a recount.
   */
  get heldBytes(): number {
    return this.#bytes;
  }

  /**
   * The attributes, as one record. Built from the attributes set so far the first time it is read;
   * from then on the span sets its attributes in this same record, so a reader holding it sees them.
   */
  get attributes(): Record<string, AttributeValue> {
    return this.#record ?? this.#buildRecord();
  }

  #buildRecord(): Record<string, AttributeValue> {
    const record = new AttributeRecord();
    const pending = this.#pending as (string | AttributeValue)[];
    const length = this.#pendingLength;
    for (let i = 0; i < length; i += 2) record[pending[i] as string] = pending[i + 1] as AttributeValue;
    this.#pending = undefined;
    this.#record = record;
    return record;
  }

  /** `JSON.stringify(span)` shows the attributes too, as when they were a field. */
  toJSON(): object {
    return { ...this, attributes: this.attributes };
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
    if (this.#endMs !== undefined || value == null) return this;
    // While sets so far leave room under the count limit even if each added a key, the key need not
    // be looked up (a keyed load costs as much as the store).
    const room = this.#attributeRoom;
    if (room > 0) this.#attributeRoom = room - 1;
    else if (!this.#admitCounted(key)) return this;
    const limit = this.#limits.attributeValueLengthLimit;
    const stored = limit === Number.POSITIVE_INFINITY ? value : limitLength(value, limit);
    const record = this.#record;
    if (record === undefined) {
      const pending = this.#pending as (string | AttributeValue)[];
      const length = this.#pendingLength;
      pending[length] = key;
      pending[length + 1] = stored;
      this.#pendingLength = length + 2;
    } else record[key] = stored;
    this.#bytes += key.length + (typeof stored === 'string' ? stored.length : valueBytes(stored));
    return this;
  }

  /** Whether a set may store `key` once the room known without counting is used up; counts a drop if not. */
  #admitCounted(key: string): boolean {
    // Stored values are never undefined, so a plain load tells a new key from an update.
    if (this.attributes[key] !== undefined) return true;
    // Keys are never removed, so a full span stays full (room -1): no recount per dropped key.
    const room = this.#attributeRoom < 0 ? 0 : this.#limits.attributeCountLimit - Object.keys(this.attributes).length;
    // Written so a NaN limit admits every key, as `count >= limit` never dropped one.
    if (!(room <= 0)) {
      this.#attributeRoom = room - 1;
      return true;
    }
    this.#attributeRoom = -1;
    this.droppedAttributesCount++;
    return false;
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
    this.#bytes += EVENT_OVERHEAD_BYTES + name.length + attributeBytes(attributes);
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
    const endMs = endTime === undefined ? nowMs() : toEpochMs(endTime);
    // The buffer has no onEnding: only a sink with span processors pays for this call.
    this.#sink.onEnding?.(this);
    this.#endMs = endMs;
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
    failSpan(this, error);
  }
}

/** `value` with its strings cut to `limit` characters (the caller skips this with no limit). */
function limitLength(value: AttributeValue, limit: number): AttributeValue {
  if (typeof value === 'string') return value.length > limit ? ownString(value.slice(0, limit)) : value;
  if (Array.isArray(value)) {
    return (value as unknown[]).map((item) =>
      typeof item === 'string' && item.length > limit ? ownString(item.slice(0, limit)) : item,
    ) as AttributeValue;
  }
  return value;
}
