import { reportError } from '../../report-error.js';
import type { RecordingSpan } from '../../trace/span.js';
import type { OpenSpans } from '../open-spans.js';
import { IN_FLIGHT_SHARE, MAX_SPAN_SHARE } from './budget-bounds.js';
import type { PrepareSpans, SpanQueue } from './span-queue.js';

/** Where a {@link ByteBudget} counts the spans it cut and dropped (the span buffer's own counters). */
export interface ByteBudgetCounts {
  degradedSpans: number;
  droppedSpans: number;
}

/**
 * Keeps what a span buffer holds (queued, in flight, open spans' attributes) within `maxQueueBytes`:
 * it decides when the buffer is under pressure and relieves it, cutting spans to their skeletons
 * before it drops any, and counts them in the buffer's `counts`.
 */
export class ByteBudget {
  readonly #maxBytes: number;
  readonly #queue: SpanQueue;
  readonly #open: OpenSpans;
  readonly #prepare: PrepareSpans;
  readonly #counts: ByteBudgetCounts;
  /** Open spans' bytes when last counted (under pressure only: counting walks every open span). */
  #openBytes = 0;

  constructor(maxBytes: number, queue: SpanQueue, open: OpenSpans, prepare: PrepareSpans, counts: ByteBudgetCounts) {
    this.#maxBytes = maxBytes;
    this.#queue = queue;
    this.#open = open;
    this.#prepare = prepare;
    this.#counts = counts;
  }

  /**
   * Relieves the buffer if what it holds, with `inFlightBytes` taken by flushes, is over the budget,
   * or if `ended` (a span of `endedBytes` just queued) is too big on its own: a span past
   * 1/{@link MAX_SPAN_SHARE} of the budget is cut to its skeleton as it ends, whatever the rest holds.
   * Runs at every span end, so the check stays a few comparisons.
   */
  keepWithin(inFlightBytes: number, ended?: RecordingSpan, endedBytes = 0): void {
    const huge = endedBytes * MAX_SPAN_SHARE > this.#maxBytes;
    if (huge || this.#queue.bytes + inFlightBytes + this.#openBytes > this.#maxBytes) {
      this.#relieve(huge ? ended : undefined, inFlightBytes);
    }
  }

  /**
   * Bytes a flush may take from the queue with `inFlightBytes` already taken: flushes hold at most
   * half the budget in flight (shutdown takes all), so the queue keeps room for the newest skeletons
   * while an export waits on a failing collector.
   */
  flushRoom(inFlightBytes: number, final: boolean): number {
    return final ? Number.POSITIVE_INFINITY : this.#maxBytes / IN_FLIGHT_SHARE - inFlightBytes;
  }

  /**
   * Prepares the queued spans (so nothing is cut before it is masked), cuts `huge` (a span too big on
   * its own) and then the oldest spans down to their skeletons, and drops whole spans, oldest first,
   * only when skeletons alone are over the budget.
   */
  #relieve(huge: RecordingSpan | undefined, inFlightBytes: number): void {
    const queue = this.#queue;
    const counts = this.#counts;
    this.#openBytes = this.#open.bytes();
    queue.prepareEnded(this.#prepare);
    if (huge !== undefined && queue.degradeNewest(huge)) counts.degradedSpans++;
    const { degraded, dropped } = queue.shrinkTo(this.#maxBytes - inFlightBytes - this.#openBytes);
    counts.degradedSpans += degraded;
    counts.droppedSpans += dropped;
    if (dropped > 0) {
      reportError(
        'buffer-bytes-full',
        `span buffer over ${this.#maxBytes} bytes in skeletons alone; dropping the oldest spans`,
      );
    } else if (degraded > 0 || huge !== undefined) {
      reportError('buffer-bytes', `span buffer near ${this.#maxBytes} bytes; cutting large values of queued spans`);
    }
  }
}
