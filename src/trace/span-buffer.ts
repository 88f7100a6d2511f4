import { reportError } from '../report-error.js';
import type { RecordingSpan, SpanSink } from './span.js';
import type { SpanData, SpanExporter } from './span-data.js';

/** How the buffer holds and sends spans. */
export interface SpanBufferOptions {
  /** Ended spans held per isolate before new ones are dropped (and counted). Default 2048. */
  readonly maxQueueSize?: number;
  /** Spans per export request. Default 512. */
  readonly maxExportBatchSize?: number;
  /** Time one flush may take before its remaining batches are dropped. Default 10 000 ms. */
  readonly exportTimeoutMs?: number;
  /**
   * Where timers outlive requests (Node, Deno, Bun), export this long after the first buffered span.
   * 0 turns it off; Worker adapters flush per request instead. Default 0.
   */
  readonly scheduledDelayMs?: number;
}

/** What one flush did, for tests and for `forceFlush()` callers who care. */
export interface FlushResult {
  readonly exported: number;
  readonly dropped: number;
}

/** The attribute set on a span that was still open when its trace was flushed. */
export const ENDED_AT_FLUSH = 'edge_llmobs.ended_at_flush';

interface Timer {
  unref?(): void;
}

/**
 * Holds ended spans in a bounded per-isolate buffer until a flush sends them. Each flush sends the
 * spans it takes and waits on no other flush: in workerd a request must not await I/O that another
 * request started.
 */
export class SpanBuffer implements SpanSink {
  readonly #exporter: SpanExporter;
  readonly #maxQueueSize: number;
  readonly #maxBatch: number;
  readonly #timeoutMs: number;
  readonly #delayMs: number;
  #queue: RecordingSpan[] = [];
  readonly #open = new Set<RecordingSpan>();
  #timer: Timer | undefined;
  /** Spans dropped because the buffer was full or their export failed, since the buffer was made. */
  droppedSpans = 0;

  constructor(exporter: SpanExporter, options: SpanBufferOptions = {}) {
    this.#exporter = exporter;
    this.#maxQueueSize = options.maxQueueSize ?? 2048;
    this.#maxBatch = options.maxExportBatchSize ?? 512;
    this.#timeoutMs = options.exportTimeoutMs ?? 10_000;
    this.#delayMs = options.scheduledDelayMs ?? 0;
  }

  /** Ended spans waiting to be sent. */
  get size(): number {
    return this.#queue.length;
  }

  /** Spans started and not yet ended. */
  get openSpans(): ReadonlySet<RecordingSpan> {
    return this.#open;
  }

  onStart(span: RecordingSpan): void {
    this.#open.add(span);
  }

  onEnd(span: RecordingSpan): void {
    this.#open.delete(span);
    if (this.#queue.length >= this.#maxQueueSize) {
      this.droppedSpans++;
      reportError('buffer-full', `span buffer full (${this.#maxQueueSize} spans); dropping spans until the next flush`);
      return;
    }
    this.#queue.push(span);
    if (this.#delayMs > 0 && this.#timer === undefined) this.#schedule();
  }

  /**
   * Sends every buffered span. With `traceId`, first ends that trace's spans that are still open,
   * marking them with `edge_llmobs.ended_at_flush` (a stream nobody read, a span a user never ended).
   * With `endOpenSpans`, does that for every trace (at shutdown). Never rejects.
   */
  async flush(options: { traceId?: string; endOpenSpans?: boolean } = {}): Promise<FlushResult> {
    try {
      if (options.traceId !== undefined || options.endOpenSpans) this.#endOpen(options.traceId);
      const spans = this.#queue;
      if (spans.length === 0) return { exported: 0, dropped: 0 };
      this.#queue = [];
      return await this.#send(spans);
    } catch (error) {
      reportError('flush', 'flush failed', error);
      return { exported: 0, dropped: 0 };
    }
  }

  #endOpen(traceId: string | undefined): void {
    for (const span of this.#open) {
      if (traceId !== undefined && span.context.traceId !== traceId) continue;
      span.setAttribute(ENDED_AT_FLUSH, true);
      span.end();
    }
  }

  async #send(spans: SpanData[]): Promise<FlushResult> {
    const deadline = AbortSignal.timeout(this.#timeoutMs);
    let exported = 0;
    let dropped = 0;
    for (let start = 0; start < spans.length; start += this.#maxBatch) {
      const batch = spans.slice(start, start + this.#maxBatch);
      const result = deadline.aborted ? { ok: false } : await this.#exporter.export(batch, deadline).catch(toFailure);
      if (result.ok) exported += batch.length;
      else {
        dropped += batch.length;
        reportError(
          'export',
          `could not export ${batch.length} spans; they are dropped`,
          'error' in result ? result.error : undefined,
        );
      }
    }
    this.droppedSpans += dropped;
    return { exported, dropped };
  }

  #schedule(): void {
    const timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, this.#delayMs) as unknown as Timer;
    // A pending export must not keep a Node process alive; forceFlush() before exit sends the rest.
    timer.unref?.();
    this.#timer = timer;
  }
}

function toFailure(error: unknown): { ok: false; error: unknown } {
  return { ok: false, error };
}
