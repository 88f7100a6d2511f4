/**
 * Statuses worth another attempt, as the OTLP/HTTP spec lists them: the collector is overloaded or a
 * proxy in front of it is. Every other 4xx means the request itself is wrong, so sending it again
 * would fail the same way.
 */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** How long to wait between attempts. */
export interface BackoffOptions {
  /** The first wait before jitter. Default 200 ms. */
  readonly baseDelayMs?: number;
  /** No single wait is longer. Default 5000 ms. */
  readonly maxDelayMs?: number;
}

/**
 * Whether an HTTP status deserves another attempt.
 *
 * @example
 * isRetryableStatus(503); // true
 * isRetryableStatus(400); // false
 */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * Milliseconds a `Retry-After` header asks for (delta-seconds or an HTTP date), or `undefined` when
 * absent or unreadable. Never negative.
 *
 * @example
 * parseRetryAfter('2'); // 2000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:59 GMT')); // 1000
 */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1): exponential with "full jitter", so
 * many isolates that failed together do not come back together.
 *
 * @example
 * backoffDelay(1); // somewhere in [0, 200) ms
 * backoffDelay(3, { baseDelayMs: 100 }); // somewhere in [0, 400) ms
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random = Math.random): number {
  const base = options.baseDelayMs ?? 200;
  const cap = options.maxDelayMs ?? 5000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
