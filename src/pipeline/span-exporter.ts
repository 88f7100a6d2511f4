import type { SpanData } from '../trace/span-data.js';

/**
 * What an exporter reports about one batch.
 *
 * @example
 * const accepted: ExportResult = { ok: true };
 * const refused: ExportResult = { ok: false, error: new Error('collector answered HTTP 400') };
 */
export interface ExportResult {
  /** Whether the collector accepted the batch. */
  readonly ok: boolean;
  /** Why not, when it did not. */
  readonly error?: unknown;
}

/**
 * Sends spans somewhere. `export` resolves (never rejects) once the batch is sent or given up on.
 *
 * @example
 * const exporter: SpanExporter = {
 *   async export(spans) {
 *     for (const span of spans) console.log(span.name, span.attributes['session.id']);
 *     return { ok: true };
 *   },
 * };
 * register({ exporter });
 */
export interface SpanExporter {
  /** Sends `spans`; `signal` aborts at the flush's deadline. */
  export(spans: readonly SpanData[], signal?: AbortSignal): Promise<ExportResult>;
  /**
   * Optional, for an exporter that bounds its own attempts: `export` with the flush's deadline as a
   * time (ms since the epoch) instead of a signal; `final` marks the shutdown flush, which must not
   * stand back. The buffer calls it when present, so a flush makes no signal or timer of its own
   * (each one a timer of the request's in workerd).
   *
   * @example
   * const outcome = await exporter.exportUntil?.(spans, Date.now() + 10_000, false);
   */
  exportUntil?(spans: readonly SpanData[], deadline: number, final: boolean): Promise<ExportResult>;
  shutdown?(): Promise<void>;
}
