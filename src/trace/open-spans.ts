import type { RecordingSpan } from './span.js';

/** The attribute set on a span that was still open when its trace was flushed. */
export const ENDED_AT_FLUSH = 'edge_llmobs.ended_at_flush';

/**
 * The spans started and not yet ended, bounded: past `capacity` the oldest is forgotten (it is still
 * exported if it ever ends), so spans that nobody ends cannot grow memory across requests.
 *
 * @example
 * const open = new OpenSpans(2048);
 * open.add(span);
 * open.endTrace(span.context.traceId); // ends it, marked edge_llmobs.ended_at_flush
 */
export class OpenSpans {
  readonly #spans = new Set<RecordingSpan>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, capacity);
  }

  /** The tracked spans. */
  get spans(): ReadonlySet<RecordingSpan> {
    return this.#spans;
  }

  add(span: RecordingSpan): void {
    this.#spans.add(span);
    if (this.#spans.size > this.#capacity) this.#spans.delete(this.#spans.values().next().value as RecordingSpan);
  }

  delete(span: RecordingSpan): void {
    this.#spans.delete(span);
  }

  /** The ids of traces that still have an open span. */
  traceIds(): Set<string> {
    const ids = new Set<string>();
    for (const span of this.#spans) ids.add(span.context.traceId);
    return ids;
  }

  /** Ends the open spans of one trace (or of all, with `undefined`), marking each with {@link ENDED_AT_FLUSH}. */
  endTrace(traceId: string | undefined): void {
    for (const span of [...this.#spans]) {
      if (traceId !== undefined && span.context.traceId !== traceId) continue;
      span.setAttribute(ENDED_AT_FLUSH, true);
      span.end();
    }
  }
}
