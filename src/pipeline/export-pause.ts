/** The first pause after a failed flush. */
export const FIRST_PAUSE_MS = 1000;
/** No pause of our own choosing is longer. */
export const MAX_PAUSE_MS = 30_000;
/** No `Retry-After` is honoured for longer: the isolate would likely be gone anyway. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * How long flushes leave spans queued after `failures` flushes in a row failed on the collector's
 * side: 1 s, 2 s, 4 s … up to 30 s, or longer if the collector's `Retry-After` asked for it (up to 60 s).
 *
 * @example
 * nextPause(1); // 1000
 * nextPause(3, 10_000); // 10000
 */
export function nextPause(failures: number, retryAfterMs?: number): number {
  const backoff = Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** Math.max(0, failures - 1));
  return retryAfterMs === undefined ? backoff : Math.max(backoff, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/**
 * The pause state of one span buffer: after a flush fails on the collector's side, later flushes
 * leave spans queued until {@link ExportPause.until}, which grows with each failure in a row.
 *
 * @example
 * const pause = new ExportPause();
 * pause.failed(); // pause.active() is true for the next second
 */
export class ExportPause {
  #failures = 0;
  /** Ms since the epoch until which flushes wait; 0 when never paused. */
  until = 0;

  /** Whether flushes should wait now. */
  active(now = Date.now()): boolean {
    return now < this.until;
  }

  /**
   * Records a collector-side failure, with the collector's `Retry-After` if it sent one. Flushes that
   * were already under way when the pause began fail together; they count as one failure, so a burst
   * of requests does not escalate the pause.
   */
  failed(retryAfterMs?: number): void {
    const now = Date.now();
    if (!this.active(now)) this.#failures++;
    this.until = Math.max(this.until, now + nextPause(this.#failures, retryAfterMs));
  }

  /** Waits `ms` without counting a failure (an export stood back; nothing failed yet). */
  defer(ms: number): void {
    this.until = Math.max(this.until, Date.now() + ms);
  }

  /** Records a delivery: the next failure starts from the first pause again. */
  succeeded(): void {
    this.#failures = 0;
  }
}
