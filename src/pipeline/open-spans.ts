import type { RecordingSpan } from '../trace/span.js';

/** The attribute set on a span that was still open when its trace was flushed. */
export const ENDED_AT_FLUSH = 'edge_llmobs.ended_at_flush';

/** Starts between sweeps when few spans are open: ended spans are let go of within this many starts. */
const MIN_SWEEP_INTERVAL = 64;

/**
 * The spans started and not yet ended, bounded: past `capacity` the oldest is forgotten (it is still
 * exported if it ever ends), so spans that nobody ends cannot grow memory across requests.
 *
 * Cheap on the span path: a start appends to an array and an end costs nothing here. Ended spans are
 * swept out (and the oldest open ones past `capacity` forgotten) every so many starts, amortized
 * O(1) with at most twice `capacity` entries held, and before every read, so what callers see is
 * exactly the open spans, at most `capacity` of them.
 *
 * @example
 * const open = new OpenSpans(2048);
 * open.add(span);
 * open.endTrace(span.context.traceId); // ends it, marked edge_llmobs.ended_at_flush
 */
export class OpenSpans {
  /** Spans in start order; an ended one stays until the next sweep. */
  #started: RecordingSpan[] = [];
  readonly #capacity: number;
  #sweepAt = MIN_SWEEP_INTERVAL;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, capacity);
  }

  /** The open spans (a new set, in start order). */
  get spans(): ReadonlySet<RecordingSpan> {
    this.sweep();
    return new Set(this.#started);
  }

  add(span: RecordingSpan): void {
    if (this.#started.push(span) > this.#sweepAt) this.sweep();
  }

  /** Lets go of the spans that ended, and forgets the oldest open ones past the capacity. */
  sweep(): void {
    const started = this.#started;
    let open = 0;
    for (let i = 0; i < started.length; i++) {
      const span = started[i];
      if (span.isRecording()) started[open++] = span;
    }
    const forget = open - this.#capacity;
    if (forget > 0) {
      started.copyWithin(0, forget, open);
      open = this.#capacity;
    }
    started.length = open;
    this.#sweepAt = Math.max(MIN_SWEEP_INTERVAL, 2 * open);
  }

  /** Whether a span of `traceId` other than `except` is still open. */
  hasOpen(traceId: string, except?: object): boolean {
    for (const span of this.#started) {
      if (span !== except && span.isRecording() && span.context.traceId === traceId) return true;
    }
    return false;
  }

  /** The ids of traces that still have an open span. */
  traceIds(): Set<string> {
    this.sweep();
    const ids = new Set<string>();
    for (const span of this.#started) ids.add(span.context.traceId);
    return ids;
  }

  /** Ends the open spans of one trace (or of all, with `undefined`), marking each with {@link ENDED_AT_FLUSH}. */
  endTrace(traceId: string | undefined): void {
    this.sweep();
    for (const span of this.#started.slice()) {
      if (!span.isRecording() || (traceId !== undefined && span.context.traceId !== traceId)) continue;
      span.setAttribute(ENDED_AT_FLUSH, true);
      span.end();
    }
  }
}
