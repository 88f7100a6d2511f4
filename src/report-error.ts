const QUIET_PERIOD_MS = 60_000;
const lastReported = new Map<string, number>();
const suppressed = new Map<string, number>();

/**
 * Reports a problem inside the tracer with `console.warn`, at most once a minute per kind, so a
 * broken collector costs one log line, not one per request. Never throws.
 */
export function reportError(kind: string, message: string, error?: unknown): void {
  try {
    const time = Date.now();
    const last = lastReported.get(kind);
    if (last !== undefined && time - last < QUIET_PERIOD_MS) {
      suppressed.set(kind, (suppressed.get(kind) ?? 0) + 1);
      return;
    }
    const repeats = suppressed.get(kind) ?? 0;
    lastReported.set(kind, time);
    suppressed.delete(kind);
    const detail = error instanceof Error ? `: ${error.message}` : error === undefined ? '' : `: ${String(error)}`;
    const tail = repeats > 0 ? ` (${repeats} more since the last report)` : '';
    console.warn(`[edge-llmobs] ${message}${detail}${tail}`);
  } catch {
    // Reporting must never become the failure.
  }
}
