import { reportError } from '../report-error.js';
import type { SpanData } from '../trace/span-data.js';
import { deadlineSignal } from './deadline.js';
import type { ExportOutcome } from './export-outcome.js';
import type { SpanExporter } from './span-exporter.js';

/** What sending one flush's spans came to. */
export interface BatchesOutcome<S extends SpanData> {
  readonly exported: number;
  readonly dropped: number;
  /** The collector-side failure that stopped the flush, if one did. */
  readonly failure?: ExportOutcome;
  /** Spans not tried because that failure stopped the flush; the caller may queue them again. */
  readonly unsent: S[];
}

/**
 * A custom exporter may throw, synchronously even: that is a failed batch, counted, never a rejection.
 * An exporter with `exportUntil` gets the deadline as a time; any other a signal that aborts then.
 */
async function safeExport(
  exporter: SpanExporter,
  batch: SpanData[],
  deadline: number,
  final: boolean,
): Promise<ExportOutcome> {
  try {
    return await (exporter.exportUntil
      ? exporter.exportUntil(batch, deadline, final)
      : exporter.export(batch, deadlineSignal(Math.max(0, deadline - Date.now()), final)));
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Sends `spans` in batches of `maxBatch` under one deadline of `timeoutMs`, one batch at a time
 * (`final`: the shutdown flush, which exporters must not defer).
 * A batch refused for a reason of its own (a 400) is dropped and the next one tried; a collector
 * that is down or out of time stops the flush and the untried spans come back in `unsent`. Every
 * drop is counted and warned about (rate-limited). Never rejects.
 *
 * @example
 * const { exported, dropped, unsent } = await exportBatches(exporter, spans, 512, 10_000);
 */
export async function exportBatches<S extends SpanData>(
  exporter: SpanExporter,
  spans: S[],
  maxBatch: number,
  timeoutMs: number,
  final = false,
): Promise<BatchesOutcome<S>> {
  const deadline = Date.now() + timeoutMs;
  let exported = 0;
  let dropped = 0;
  for (let start = 0; start < spans.length; start += maxBatch) {
    const batch = spans.slice(start, start + maxBatch);
    const result: ExportOutcome =
      Date.now() >= deadline
        ? { ok: false, retryable: true, error: new Error('export deadline reached') }
        : await safeExport(exporter, batch, deadline, final);
    // Stood back without sending: the whole rest goes back, nothing is lost or warned about.
    if (result.deferred) return { exported, dropped, failure: result, unsent: spans.slice(start) };
    const sent = result.ok ? batch.length : Math.min(batch.length, Math.max(0, result.exportedSpans ?? 0));
    exported += sent;
    dropped += batch.length - sent;
    if (result.ok) continue;
    reportError('export', `could not export ${batch.length - sent} spans; they are dropped`, result.error);
    if (result.retryable) return { exported, dropped, failure: result, unsent: spans.slice(start + maxBatch) };
  }
  return { exported, dropped, unsent: [] };
}
