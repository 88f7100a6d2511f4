import type { SpanData } from '../trace/span-data.js';

/** What an exporter reports about one batch. */
export interface ExportResult {
  /** Whether the collector accepted the batch. */
  readonly ok: boolean;
  /** Why not, when it did not. */
  readonly error?: unknown;
}

/** Sends spans somewhere. `export` resolves (never rejects) once the batch is sent or given up on. */
export interface SpanExporter {
  export(spans: readonly SpanData[], signal?: AbortSignal): Promise<ExportResult>;
  shutdown?(): Promise<void>;
}
