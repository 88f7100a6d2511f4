import type { ExportResult } from './span-exporter.js';

/**
 * What this library's exporters report about one `export()` call: the plain {@link ExportResult} plus
 * enough for the span buffer to count exactly and to back off. Other exporters may return the plain
 * result; the buffer then treats a failure as the whole batch lost and not worth a pause.
 */
export interface ExportOutcome extends ExportResult {
  /** Spans the collector accepted; a split batch may be partly sent. */
  readonly exportedSpans?: number;
  /** The failure was the collector's (network, timeout, 429/502/503/504): worth pausing before the next flush. */
  readonly retryable?: boolean;
  /** How long the collector asked to be left alone (`Retry-After`), when it did. */
  readonly retryAfterMs?: number;
  /**
   * Nothing was sent: another export just saw the collector fail and is waiting to retry, so this
   * one stood back instead of adding to the storm. The spans are not lost; the caller queues them
   * again for `retryAfterMs`.
   */
  readonly deferred?: boolean;
}

/**
 * Counters an HTTP exporter keeps from its creation, for tests and dashboards. Attempts and retries
 * are bounded per request by `maxAttempts` and by the export deadline.
 */
export interface ExporterStats {
  /** HTTP request bodies the exporter tried to deliver (a split batch makes several). */
  requests: number;
  /** `fetch` calls made, first tries and retries. */
  attempts: number;
  /** `fetch` calls after the first for the same body. */
  retries: number;
  /** Bodies the collector accepted. */
  succeededRequests: number;
  /** Bodies given up on: a non-retryable answer, attempts used up, or the deadline reached. */
  failedRequests: number;
  /** Spans the collector accepted. */
  exportedSpans: number;
  /** Spans in bodies given up on. */
  failedSpans: number;
  /** Export calls that stood back because the collector had just failed (see `ExportOutcome.deferred`). */
  deferredExports: number;
  /** Bytes put on the wire (after compression). */
  bytesSent: number;
  /** The last HTTP status seen, 0 if none. */
  lastStatus: number;
}

/**
 * A zeroed {@link ExporterStats}.
 *
 * @example
 * const stats = emptyExporterStats();
 * stats.attempts++;
 */
export function emptyExporterStats(): ExporterStats {
  return {
    requests: 0,
    attempts: 0,
    retries: 0,
    succeededRequests: 0,
    failedRequests: 0,
    exportedSpans: 0,
    failedSpans: 0,
    deferredExports: 0,
    bytesSent: 0,
    lastStatus: 0,
  };
}
