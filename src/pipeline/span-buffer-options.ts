import type { PrepareForExport } from './prepare/prepare-for-export.js';
import type { TraceSelector } from './sampling/error-trace-sampler.js';

/** How the buffer holds and sends spans: `register()`'s options of the same names. */
export interface SpanBufferOptions {
  /** Spans held per isolate, queued and in flight together, before new ones are dropped (and counted). Default 2048. */
  readonly maxQueueSize?: number;
  /**
   * Bytes held per isolate: queued, held for retry, in flight, and open spans' attributes, counted by
   * string lengths as each span ends. Past it, queued spans are cut to their skeletons, oldest first,
   * then the oldest are dropped. Default 16 MiB, an eighth of a Worker isolate's 128 MB; one span
   * past an eighth of it is cut as it ends.
   */
  readonly maxQueueBytes?: number;
  /** Spans per export call. Default 512. */
  readonly maxExportBatchSize?: number;
  /** Time one flush may take, retries included, before its remaining spans are dropped. Default 10 000 ms. */
  readonly exportTimeoutMs?: number;
  /**
   * Export this long after the first buffered span, where timers outlive requests (Node, Deno, Bun).
   * 0 turns it off. Default 5000 ms, and 0 on workerd, where the adapters flush after each request.
   */
  readonly scheduledDelayMs?: number;
}

/** {@link SpanBufferOptions} with every value decided (by `resolveSettings`). */
export type SpanBufferSettings = Required<SpanBufferOptions>;

/** Steps between a span's end and its export, wired by `register()`. */
export interface SpanPipeline {
  /**
   * Runs once on each ended span before it can be exported: when a flush takes it from the buffer
   * (before sampling, encoding or any exporter sees it), or earlier when the buffer is full and spans
   * it drops would free room, or over its bytes and spans must be cut (masked first, so no secret is
   * cut in half). `false` drops the span (counted in `redactedSpans`).
   */
  readonly prepareForExport?: PrepareForExport;
  /** Flush-time sampling (keep traces with errors). */
  readonly select?: TraceSelector;
}

/** What one flush did, for tests and for `forceFlush()` callers who care. */
export interface FlushResult {
  readonly exported: number;
  readonly dropped: number;
}
