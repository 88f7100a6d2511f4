import type {
  AttributeValue,
  Link,
  SpanContext,
  SpanKind,
  SpanStatus,
  TimeInput,
  TraceState,
} from '@opentelemetry/api';
import { fromEpochMs, nowMs, type Timestamp, toEpochMs } from './clock.js';
import { drawIdWords, hexOf, idPool } from './ids.js';
import { SpanApi } from './span-api.js';
import { AttributeRecord, DROPPED, limitLength, PAIR_SLOTS, roomAfterSet } from './span-attributes.js';
import { attributeBytes, EVENT_OVERHEAD_BYTES, SPAN_OVERHEAD_BYTES, valueBytes } from './span-bytes.js';
import type { InstrumentationScope, SpanEventData } from './span-data.js';
import type { SpanLimits } from './span-limits.js';
import type { SpanSink } from './span-sink.js';

export type { SpanSink } from './span-sink.js';

const UNSET: SpanStatus = Object.freeze({ code: 0 });
const NO_EVENTS: SpanEventData[] = [];
const NO_LINKS: Link[] = [];

/**
 * A span that records: an `@opentelemetry/api` `Span` whose fields are the exported data, with no
 * copy made at `end()`; ids stay random words until read. One class holds every field: V8 does not
 * inline a base class constructor's `super()` call, so a base with fields costs a call per span.
 */
export class RecordingSpan extends SpanApi {
  name: string;
  readonly kind: SpanKind;
  readonly parentSpanId: string | undefined;
  events: SpanEventData[] = NO_EVENTS; // shared empty arrays until the first event or link
  links: Link[] = NO_LINKS;
  status: SpanStatus = UNSET;
  droppedAttributesCount = 0;
  droppedEventsCount = 0;
  /** Set for spans other libraries start through `trace.getTracer(name, version)`. */
  readonly instrumentationScope: InstrumentationScope | undefined;
  // Attributes set while nothing has read `attributes`, as key, value, key, value in the order set:
  // an array store costs a third of adding a property to an object. The record is built when first
  // read, mostly by a flush, off the span path.
  #pairs: (string | AttributeValue)[] | undefined = new Array(PAIR_SLOTS);
  #pairsLength = 0;
  #record: Record<string, AttributeValue> | undefined;
  // Sets that may still add a key without the count limit being checked: the limit less the sets so
  // far (updates counted as if they added a key), recounted exactly when it reaches 0; -1 once full.
  #attributeRoom: number;
  // What the name, attributes and events hold, by string lengths, counted as they are set.
  #bytes: number;
  #context: SpanContext | undefined;
  // The trace id when given (a parent's); else its words precede the span id's in `#idWords`.
  readonly #traceId: string | undefined;
  readonly #traceState: TraceState | undefined;
  readonly #idWords: Int32Array;
  readonly #idAt: number;
  readonly #startMs: number; // epoch ms; Timestamps are built at export, off the span path
  #endMs: number | undefined;
  readonly #limits: SpanLimits;
  readonly #sink: SpanSink;
  #beforeEnd: (() => void) | undefined;

  /**
   * @param trace The span's context when already known (a span mirrored from another SDK); else the
   * trace id it joins; else `undefined` for a new trace. Ids not given are drawn.
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
    super();
    this.name = name;
    this.kind = kind;
    this.parentSpanId = parentSpanId;
    this.instrumentationScope = instrumentationScope;
    this.#attributeRoom = limits.attributeCountLimit;
    this.#bytes = SPAN_OVERHEAD_BYTES + name.length;
    const given = typeof trace === 'object';
    this.#context = given ? trace : undefined;
    this.#traceId = given ? trace.traceId : trace;
    const at = drawIdWords(trace === undefined ? 6 : 2);
    this.#idWords = idPool.block;
    this.#idAt = trace === undefined ? at + 4 : at;
    this.#traceState = traceState;
    this.#startMs = startMs;
    this.#limits = limits;
    this.#sink = sink;
  }

  /** The span's trace id, span id, flags and trace state: a plain object, made when first read. */
  get context(): SpanContext {
    if (this.#context !== undefined) return this.#context;
    const at = this.#idAt;
    const traceId = this.#traceId ?? hexOf(this.#idWords, at - 4, 4);
    this.#context = { traceId, spanId: hexOf(this.#idWords, at, 2), traceFlags: 1, traceState: this.#traceState };
    return this.#context;
  }

  /** When the span started. */
  get startTime(): Timestamp {
    return fromEpochMs(this.#startMs);
  }

  /** When the span ended, or `undefined` while it is open. */
  get endTime(): Timestamp | undefined {
    return this.#endMs === undefined ? undefined : fromEpochMs(this.#endMs);
  }

  /** The bytes held, by string lengths as values are set (a replaced value still counts): what the byte budget reads. */
  get heldBytes(): number {
    return this.#bytes;
  }

  /** The attributes as one record, built when first read; later sets go to it (a reader holding it sees them). */
  get attributes(): Record<string, AttributeValue> {
    if (this.#record !== undefined) return this.#record;
    const record = new AttributeRecord();
    const pairs = this.#pairs as (string | AttributeValue)[];
    for (let i = 0; i < this.#pairsLength; i += 2) record[pairs[i] as string] = pairs[i + 1] as AttributeValue;
    this.#pairs = undefined;
    this.#record = record;
    return record;
  }

  setAttribute(key: string, value: AttributeValue | undefined): this {
    if (this.#endMs !== undefined || value == null) return this;
    // While sets so far leave room under the count limit even if each added a key, the key need not
    // be looked up (a keyed load costs as much as the store).
    const room = this.#attributeRoom;
    const left = room > 0 ? room - 1 : roomAfterSet(this.attributes, key, room, this.#limits.attributeCountLimit);
    this.#attributeRoom = left === DROPPED ? -1 : left;
    if (left === DROPPED) {
      this.droppedAttributesCount++;
      return this;
    }
    const limit = this.#limits.attributeValueLengthLimit;
    const stored = limit === Number.POSITIVE_INFINITY ? value : limitLength(value, limit);
    const record = this.#record;
    if (record === undefined) {
      const pairs = this.#pairs as (string | AttributeValue)[];
      const length = this.#pairsLength;
      pairs[length] = key;
      pairs[length + 1] = stored;
      this.#pairsLength = length + 2;
    } else record[key] = stored;
    this.#bytes += key.length + (typeof stored === 'string' ? stored.length : valueBytes(stored));
    return this;
  }

  protected keepEvent(event: SpanEventData): void {
    if (this.#endMs !== undefined) return;
    if (this.events.length >= this.#limits.eventCountLimit) {
      this.droppedEventsCount++;
      return;
    }
    if (this.events === NO_EVENTS) this.events = [];
    this.events.push(event);
    this.#bytes += EVENT_OVERHEAD_BYTES + event.name.length + attributeBytes(event.attributes);
  }

  /**
   * Sets what `end()` runs first, once, while the span takes attributes: deferred work (an LLM call's
   * parsing) that must land whoever ends the span (the call, a flush, an error). One slot, cleared as
   * it runs, so an ended span holds nothing the hook held. The hook must not throw.
   */
  beforeEnd(hook: (() => void) | undefined): void {
    if (this.#endMs === undefined) this.#beforeEnd = hook;
  }

  end(endTime?: TimeInput): void {
    if (this.#endMs !== undefined) return;
    // Taken first: the span ended when end() was called, not after the deferred work below.
    const endMs = endTime === undefined ? nowMs() : toEpochMs(endTime);
    const beforeEnd = this.#beforeEnd;
    if (beforeEnd !== undefined) {
      this.#beforeEnd = undefined;
      beforeEnd();
      if (this.#endMs !== undefined) return; // the hook ended the span itself
    }
    // The buffer has no onEnding: only a sink with span processors pays for this call.
    this.#sink.onEnding?.(this);
    this.#endMs = endMs;
    this.#sink.onEnd(this);
  }

  isRecording(): boolean {
    return this.#endMs === undefined;
  }
}
