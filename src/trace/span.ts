import type {
  Attributes,
  Exception,
  Link,
  Span,
  SpanContext,
  SpanKind,
  SpanStatus,
  TimeInput,
  TraceState,
} from '@opentelemetry/api';
import { fromEpochMs, type Timestamp, toEpochMs, toTimestamp } from './clock.js';
import { drawIdWords, hexOf, idPool, SAMPLED_FLAG } from './ids.js';
import { SpanAttributes } from './span-attributes.js';
import { eventBytes, SPAN_OVERHEAD_BYTES } from './span-bytes.js';
import type { InstrumentationScope, SpanEventData } from './span-data.js';
import { exceptionAttributes } from './span-events.js';
import type { SpanLimits } from './span-limits.js';
import type { SpanSinkOf } from './span-sink.js';

/** Where a span goes when it starts and ends (the span processor). */
export type SpanSink = SpanSinkOf<RecordingSpan>;

const UNSET: SpanStatus = Object.freeze({ code: 0 });
const NO_EVENTS: SpanEventData[] = [];
const NO_LINKS: Link[] = [];
const NO_WORDS = new Int32Array(0);

/**
 * A span that records: an `@opentelemetry/api` `Span` whose fields are the exported data, with no
 * copy made at `end()`. Its ids stay random words until first read (see `drawIdWords`).
 */
export class RecordingSpan extends SpanAttributes implements Span {
  name: string;
  readonly kind: SpanKind;
  readonly parentSpanId: string | undefined;
  // Shared empty arrays until the first event or link: most spans have none.
  events: SpanEventData[] = NO_EVENTS;
  links: Link[] = NO_LINKS;
  status: SpanStatus = UNSET;
  droppedEventsCount = 0;
  /** Set for spans other libraries start through `trace.getTracer(name, version)`. */
  readonly instrumentationScope: InstrumentationScope | undefined;
  /** The context, once read (or given). */
  #context: SpanContext | undefined;
  /** The trace id when known as a string (a parent's); else its words precede the span id's. */
  readonly #traceId: string | undefined;
  readonly #traceState: TraceState | undefined;
  /** The block holding the span id's words (see `drawIdWords`), and their offset. */
  readonly #idWords: Int32Array;
  readonly #idAt: number;
  // Raw epoch milliseconds; Timestamps are built at export, off the span path.
  readonly #startMs: number;
  #endMs: number | undefined;
  readonly #sink: SpanSink;
  #beforeEnd: (() => void) | undefined;

  /**
   * @param trace The span's whole context when it is already known (a span mirrored from another
   * SDK); else the trace id it joins; else `undefined` for a new trace. Ids not given are drawn.
   * @param startMs When the span started, in epoch milliseconds (see `nowMs`, `toEpochMs`).
   * @param traceState The parent's, when the span joins a trace.
   */
  constructor(
    name: string,
    kind: SpanKind,
    trace: SpanContext | string | undefined,
    parentSpanId: string | undefined,
    startMs: number,
    limits: SpanLimits,
    sink: SpanSink,
    instrumentationScope?: InstrumentationScope,
    traceState?: TraceState,
  ) {
    super(limits, SPAN_OVERHEAD_BYTES + name.length);
    this.name = name;
    this.kind = kind;
    this.parentSpanId = parentSpanId;
    this.instrumentationScope = instrumentationScope;
    if (typeof trace === 'object') {
      this.#context = trace;
      this.#traceId = trace.traceId;
      this.#idWords = NO_WORDS;
      this.#idAt = 0;
    } else {
      this.#traceId = trace;
      const at = drawIdWords(trace === undefined ? 6 : 2);
      this.#idWords = idPool.block;
      this.#idAt = trace === undefined ? at + 4 : at;
    }
    this.#traceState = traceState;
    this.#startMs = startMs;
    this.#sink = sink;
  }

  /** The span's trace id, span id, flags and trace state: a plain object, made when first read. */
  get context(): SpanContext {
    this.#context ??= {
      traceId: this.#traceId ?? hexOf(this.#idWords, this.#idAt - 4, 4),
      spanId: hexOf(this.#idWords, this.#idAt, 2),
      traceFlags: SAMPLED_FLAG,
      traceState: this.#traceState,
    };
    return this.#context;
  }

  spanContext(): SpanContext {
    return this.context;
  }

  /** `JSON.stringify(span)` shows the context and attributes too, as when they were fields. */
  toJSON(): object {
    return { ...this, context: this.context, attributes: this.attributes };
  }

  /** When the span started. */
  get startTime(): Timestamp {
    return fromEpochMs(this.#startMs);
  }

  /** When the span ended, or `undefined` while it is open. */
  get endTime(): Timestamp | undefined {
    return this.#endMs === undefined ? undefined : fromEpochMs(this.#endMs);
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.#endMs !== undefined) return this;
    if (this.events.length >= this.limits.eventCountLimit) {
      this.droppedEventsCount++;
      return this;
    }
    // The API lets the time stand in the attributes' place.
    const isTime =
      typeof attributesOrTime === 'number' || Array.isArray(attributesOrTime) || attributesOrTime instanceof Date;
    const event: SpanEventData = {
      name,
      time: toTimestamp(isTime ? (attributesOrTime as TimeInput) : time),
      attributes: isTime || attributesOrTime === undefined ? {} : (attributesOrTime as Attributes),
    };
    if (this.events === NO_EVENTS) this.events = [];
    this.events.push(event);
    this.holdBytes(eventBytes(event));
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

  /**
   * Sets what `end()` runs first, once, while the span still takes attributes: work deferred off the
   * request path (an LLM call's parsing) that must land whoever ends the span (the call, a flush, an
   * error). One slot, cleared as it runs, so an ended span holds nothing the hook held. Must not throw.
   */
  beforeEnd(hook: (() => void) | undefined): void {
    if (this.#endMs === undefined) this.#beforeEnd = hook;
  }

  end(endTime?: TimeInput): void {
    if (this.#endMs !== undefined) return;
    // Taken first: the span ended when end() was called, not after the deferred work below.
    const endMs = toEpochMs(endTime);
    const beforeEnd = this.#beforeEnd;
    if (beforeEnd !== undefined) {
      this.#beforeEnd = undefined;
      beforeEnd();
      // The hook may have ended the span itself.
      if (this.#endMs !== undefined) return;
    }
    // The buffer has no onEnding: only a sink with span processors pays for this call.
    this.#sink.onEnding?.(this);
    this.#endMs = endMs;
    this.#sink.onEnd(this);
  }

  isRecording(): boolean {
    return this.#endMs === undefined;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    this.addEvent('exception', exceptionAttributes(exception), time);
  }
}
