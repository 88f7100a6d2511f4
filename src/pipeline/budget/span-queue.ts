import type { RecordingSpan } from '../../trace/span.js';
import { spanBytes, spansBytes } from '../../trace/span-bytes.js';
import { degradeSpan } from './degrade-span.js';

/** Runs `prepareForExport` over ended spans, returning the ones it keeps, in order. */
export type PrepareSpans = (spans: RecordingSpan[]) => RecordingSpan[];

/** What one {@link SpanQueue.shrinkTo} did. */
export interface ShrinkOutcome {
  /** Spans whose large values were cut. */
  readonly degraded: number;
  /** Spans dropped whole, the oldest first. */
  readonly dropped: number;
}

const NOTHING_SHRUNK: ShrinkOutcome = Object.freeze({ degraded: 0, dropped: 0 });

/**
 * The spans a buffer holds between flushes, and their bytes (see `spanBytes`): spans ended since the
 * last take, not yet prepared, and spans already through `prepareForExport` (held by sampling, put
 * back after a failed export, or prepared early under pressure), oldest first. Only prepared spans
 * are ever cut or dropped for bytes, so no value is cut before its credentials were scrubbed.
 */
export class SpanQueue {
  #ready: RecordingSpan[] = [];
  #readyBytes = 0;
  #ended: RecordingSpan[] = [];
  #endedBytes = 0;
  /** `#ready[0, #degraded)` were already cut down to their skeletons. */
  #degraded = 0;

  /** Spans held. */
  get length(): number {
    return this.#ready.length + this.#ended.length;
  }

  /** Bytes held, by the same estimate as `spanBytes`. */
  get bytes(): number {
    return this.#readyBytes + this.#endedBytes;
  }

  /** Queues an ended span of `bytes`. */
  push(span: RecordingSpan, bytes: number): void {
    this.#ended.push(span);
    this.#endedBytes += bytes;
  }

  /** Moves the ended spans through `prepare` behind the prepared ones. */
  prepareEnded(prepare: PrepareSpans): void {
    if (this.#ended.length === 0) return;
    const kept = prepare(this.#ended);
    this.#ended = [];
    this.#endedBytes = 0;
    for (let i = 0; i < kept.length; i++) this.#ready.push(kept[i]);
    this.#readyBytes += spansBytes(kept);
  }

  /**
   * Takes the oldest spans, the ended ones through `prepare` first, up to `maxBytes` (at least one
   * span when any is held); the rest stay queued.
   */
  take(maxBytes: number, prepare: PrepareSpans): RecordingSpan[] {
    this.prepareEnded(prepare);
    const ready = this.#ready;
    if (this.#readyBytes <= maxBytes) {
      this.#ready = [];
      this.#readyBytes = 0;
      this.#degraded = 0;
      return ready;
    }
    let bytes = 0;
    let count = 0;
    while (count < ready.length) {
      const next = spanBytes(ready[count]);
      if (count > 0 && bytes + next > maxBytes) break;
      bytes += next;
      count++;
    }
    this.#readyBytes -= bytes;
    this.#degraded = Math.max(0, this.#degraded - count);
    return ready.splice(0, count);
  }

  /** Puts prepared spans back in front (held by sampling, or not sent because the collector failed). */
  putBack(spans: RecordingSpan[]): void {
    if (spans.length === 0) return;
    this.#ready = this.#ready.length === 0 ? spans : spans.concat(this.#ready);
    this.#readyBytes += spansBytes(spans);
    // Spans put back may be whole again in front of degraded ones: look at all of them anew.
    this.#degraded = 0;
  }

  /** Cuts `span` down to its skeleton if it is the newest prepared span; whether it cut anything. */
  degradeNewest(span: RecordingSpan): boolean {
    const ready = this.#ready;
    if (ready[ready.length - 1] !== span) return false;
    return this.#degrade(span);
  }

  /**
   * Brings the prepared spans within `limit` bytes: first cuts their large values, oldest first, then,
   * when skeletons alone are too many, drops whole spans, oldest first (recent traces matter most).
   */
  shrinkTo(limit: number): ShrinkOutcome {
    if (this.bytes <= limit) return NOTHING_SHRUNK;
    const ready = this.#ready;
    let degraded = 0;
    while (this.bytes > limit && this.#degraded < ready.length) {
      if (this.#degrade(ready[this.#degraded++])) degraded++;
    }
    let dropped = 0;
    while (this.bytes > limit && dropped < ready.length) this.#readyBytes -= spanBytes(ready[dropped++]);
    if (dropped > 0) {
      ready.splice(0, dropped);
      this.#degraded = Math.max(0, this.#degraded - dropped);
    }
    return { degraded, dropped };
  }

  #degrade(span: RecordingSpan): boolean {
    const before = spanBytes(span);
    if (degradeSpan(span) === 0) return false;
    this.#readyBytes -= before - spanBytes(span);
    return true;
  }
}
