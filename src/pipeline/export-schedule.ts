/** What the schedule reads of the span buffer: how much is queued. */
export interface QueuedSpans {
  readonly size: number;
  readonly queuedBytes: number;
}

/**
 * Decides, after each request, whether the flush that follows the response sends now or leaves the
 * spans queued for a later one. Pass one to `register()` (or `withLlmObs`) as `exportSchedule`;
 * make it with {@link exportEvery}.
 *
 * @example
 * const schedule: ExportSchedule = exportEvery({ requests: 10, ms: 2000 });
 * export default withLlmObs(handler, { serviceName: 'chat-app', exportSchedule: schedule });
 */
export interface ExportSchedule {
  /**
   * Called once a request's spans are queued: `true` to send now; `false` to leave them; or a
   * promise that resolves when the window closes, `true` if this request must send then.
   */
  afterRequest(queued: QueuedSpans): boolean | Promise<boolean>;
}

/** When {@link exportEvery} sends. */
export interface ExportEveryOptions {
  /** Send once this many requests have ended since the last send. Default 10. */
  requests?: number;
  /** Send once this long has passed since the first request left its spans queued. Default 2000, at most 20000. */
  ms?: number;
}

// A batch also goes when it grows this large, well under the buffer's default caps (2048 spans,
// 16 MiB), so batching never pushes the buffer into dropping or cutting spans.
const MAX_HELD_SPANS = 512;
const MAX_HELD_BYTES = 1024 * 1024;
// The window plus the export deadline (10 s by default) must fit in a Worker's 30 s of waitUntil.
const MAX_WINDOW_MS = 20_000;

/**
 * One export per `requests` requests or per `ms` window in an isolate (whichever comes first, or
 * sooner when 512 spans or 1 MiB are queued), instead of one per request. The request that opens a
 * window keeps its `waitUntil` open until the window closes and then sends what is queued, so the
 * last partial batch goes out without a further request. Spans are lost only if the isolate dies
 * while they wait: at most `requests` requests' or `ms` milliseconds' worth. `forceFlush()` and
 * `shutdown()` still send everything at once.
 *
 * @example
 * import { exportEvery } from 'edge-llmobs';
 * import { withLlmObs } from 'edge-llmobs/cloudflare';
 *
 * export default withLlmObs(handler, { serviceName: 'chat-app', exportSchedule: exportEvery({ requests: 10, ms: 2000 }) });
 */
export function exportEvery(options: ExportEveryOptions = {}): ExportSchedule {
  const requests = Math.max(1, options.requests ?? 10);
  const windowMs = Math.min(MAX_WINDOW_MS, Math.max(0, options.ms ?? 2000));
  let held = 0;
  let opened = 0;
  // Counts sends: a window's timer sends only if no request sent since the window opened.
  let sends = 0;
  const send = (): true => {
    held = 0;
    sends++;
    return true;
  };
  return {
    afterRequest(queued) {
      const now = Date.now();
      if (held++ === 0) opened = now;
      const left = opened + windowMs - now;
      if (held >= requests || left <= 0 || queued.size >= MAX_HELD_SPANS || queued.queuedBytes >= MAX_HELD_BYTES) {
        return send();
      }
      // Only the request that opened the window waits for it: one timer per window, not per request.
      if (held > 1) return false;
      const window = sends;
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(window === sends && send()), left) as { unref?(): void };
        // In Node the timer must not keep the process alive; forceFlush() before exit sends the rest.
        timer.unref?.();
      });
    },
  };
}
