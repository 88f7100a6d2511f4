import { reportError } from '../report-error.js';
import type { RecordingSpan, SpanSink } from '../trace/span.js';
import { type BatchesOutcome, exportBatches } from './export-batches.js';
import { ExportPause } from './export-pause.js';
import { OpenSpans } from './open-spans.js';
import type { PrepareForExport } from './prepare/prepare-for-export.js';
import type { TraceSelector } from './sampling/error-trace-sampler.js';
import type { SpanExporter } from './span-exporter.js';

export { ENDED_AT_FLUSH } from './open-spans.js';

/** How the buffer holds and sends spans: `register()`'s options of the same names. */
export interface SpanBufferOptions {
  /** Spans held per isolate, queued and in flight together, before new ones are dropped (and counted). Default 2048. */
  readonly maxQueueSize?: number;
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
   * it drops would free room. `false` drops the span (counted in `redactedSpans`).
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

const NOTHING: FlushResult = Object.freeze({ exported: 0, dropped: 0 });

type Timer = { unref?(): void };

/**
 * Holds ended spans in a bounded per-isolate buffer until a flush sends them. `span.end()` only
 * queues the span: masking (`prepareForExport`) runs when a flush takes it, so its cost leaves the span
 * path, and a masked value still never reaches an encoder or an exporter. Each flush sends the
 * spans it takes and waits on no other flush: in workerd a request must not await I/O that another
 * request started. Spans in flight count against the cap, so a slow collector cannot grow memory.
 * After a flush fails on the collector's side, flushes leave spans queued (still capped) until a
 * pause passes, so an outage costs one deadline, not one per request.
 */
export class SpanBuffer implements SpanSink {
  readonly #exporter: SpanExporter;
  readonly #pipeline: SpanPipeline;
  readonly #maxQueueSize: number;
  readonly #maxBatch: number;
  readonly #timeoutMs: number;
  readonly #delayMs: number;
  /** Spans already through `prepareForExport`, older than every span in `#ended` (held by sampling, or unsent). */
  #ready: RecordingSpan[] = [];
  /** Spans ended since the last flush took them, not yet through `prepareForExport`. */
  #ended: RecordingSpan[] = [];
  readonly #open: OpenSpans;
  #inFlight = 0;
  readonly #pause = new ExportPause();
  #timer: Timer | undefined;
  /** Spans dropped because the buffer was full or their export failed, since the buffer was made. */
  droppedSpans = 0;
  /** Spans the `redact` hook dropped (or that failed masking, which drops them too). */
  redactedSpans = 0;
  /** Spans discarded by flush-time sampling (`keepErrorTraces`: ratio said no and no error). */
  sampledOutSpans = 0;
  /** Spans the exporter reported as delivered. */
  exportedSpans = 0;

  constructor(exporter: SpanExporter, settings: SpanBufferSettings, pipeline: SpanPipeline = {}) {
    this.#exporter = exporter;
    this.#pipeline = pipeline;
    this.#maxQueueSize = settings.maxQueueSize;
    this.#maxBatch = settings.maxExportBatchSize;
    this.#timeoutMs = settings.exportTimeoutMs;
    this.#delayMs = settings.scheduledDelayMs;
    this.#open = new OpenSpans(this.#maxQueueSize);
  }

  /** The exporter spans go to (its `stats`, for the OTLP exporter). */
  get exporter(): SpanExporter {
    return this.#exporter;
  }

  /** Ended spans waiting to be sent (some may still be dropped by `redact` when a flush prepares them). */
  get size(): number {
    return this.#ready.length + this.#ended.length;
  }

  /** Spans taken by flushes that have not finished. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Until when (ms since the epoch) flushes leave spans queued after a collector failure; 0 if not paused. */
  get pausedUntil(): number {
    return this.#pause.until;
  }

  /** Spans started and not yet ended (at most `maxQueueSize` are tracked; older ones are forgotten). A new set each call. */
  get openSpans(): ReadonlySet<RecordingSpan> {
    return this.#open.spans;
  }

  /** Whether a span of `traceId` other than `except` is still open; allocates nothing. */
  hasOpenSpans(traceId: string, except?: RecordingSpan | object): boolean {
    return this.#open.hasOpen(traceId, except);
  }

  onStart(span: RecordingSpan): void {
    this.#open.add(span);
  }

  onEnd(span: RecordingSpan): void {
    // Nothing to tell `#open`: it sweeps out ended spans by itself.
    if (this.#ready.length + this.#ended.length + this.#inFlight >= this.#maxQueueSize) {
      // Before dropping, prepare what is queued if that can free room: spans `redact` drops must not
      // take room, as when masking ran at each end. Each span is prepared once either way.
      if (this.#ended.length > 0 && this.#pipeline.prepareForExport?.dropsSpans !== false) {
        for (const kept of this.#takeEnded()) this.#ready.push(kept);
      }
      if (this.#ready.length + this.#ended.length + this.#inFlight >= this.#maxQueueSize) {
        this.droppedSpans++;
        reportError('buffer-full', `span buffer full (${this.#maxQueueSize} spans); dropping spans until it drains`);
        return;
      }
    }
    this.#ended.push(span);
    if (this.#delayMs > 0 && this.#timer === undefined) this.#schedule(this.#delayMs);
  }

  /**
   * Sends every buffered span. With `traceId`, first ends that trace's spans that are still open,
   * marking them with `edge_llmobs.ended_at_flush` (a stream nobody read, a span a user never ended).
   * With `endOpenSpans` (shutdown), does that for every trace and sends even while paused. While
   * paused after a collector failure, resolves at once, leaving spans queued. Never rejects.
   */
  async flush(options: { traceId?: string; endOpenSpans?: boolean } = {}): Promise<FlushResult> {
    try {
      const final = options.endOpenSpans === true;
      if (options.traceId !== undefined || final) this.#open.endTrace(options.traceId);
      else this.#open.sweep();
      if (!final && this.#pause.active()) return NOTHING;
      if (this.#ready.length + this.#ended.length === 0) return NOTHING;
      let spans = this.#ready;
      this.#ready = [];
      // Masking runs here, before sampling (a span `redact` drops cannot keep its trace) and before
      // any byte is encoded.
      const prepared = this.#takeEnded();
      spans = spans.length === 0 ? prepared : spans.concat(prepared);
      if (spans.length === 0) return NOTHING;
      if (this.#pipeline.select) {
        const selection = this.#pipeline.select(spans, this.#open.traceIds(), final);
        this.sampledOutSpans += selection.discarded;
        if (selection.hold.length > 0) this.#ready = selection.hold.concat(this.#ready);
        spans = selection.send;
      }
      return spans.length === 0 ? NOTHING : await this.#send(spans);
    } catch (error) {
      reportError('flush', 'flush failed', error);
      return NOTHING;
    } finally {
      this.#reschedule();
    }
  }

  /** Takes the spans ended since the last take, through `prepareForExport`: the ones it keeps, in order. */
  #takeEnded(): RecordingSpan[] {
    const ended = this.#ended;
    this.#ended = [];
    const prepare = this.#pipeline.prepareForExport;
    if (prepare === undefined || ended.length === 0) return ended;
    let kept = 0;
    for (let i = 0; i < ended.length; i++) {
      const span = ended[i];
      let keep = false;
      try {
        keep = prepare(span);
      } catch (error) {
        // Masking that fails must not let the unmasked span through, nor throw into a flush or `span.end()`.
        reportError('mask', 'masking a span failed; the span is dropped', error);
      }
      if (keep) ended[kept++] = span;
      else this.redactedSpans++;
    }
    ended.length = kept;
    return ended;
  }

  async #send(spans: RecordingSpan[]): Promise<FlushResult> {
    this.#inFlight += spans.length;
    let outcome: BatchesOutcome<RecordingSpan>;
    try {
      outcome = await exportBatches(this.#exporter, spans, this.#maxBatch, this.#timeoutMs);
    } finally {
      this.#inFlight -= spans.length;
    }
    const { exported, dropped, failure, unsent } = outcome;
    if (failure) {
      if (failure.deferred) this.#pause.defer(failure.retryAfterMs ?? 0);
      else this.#pause.failed(failure.retryAfterMs);
      // The collector is down: untried spans wait (within the cap) for the flush after the pause.
      if (unsent.length > 0) this.#ready = unsent.concat(this.#ready);
    } else if (exported > 0) this.#pause.succeeded();
    this.droppedSpans += dropped;
    this.exportedSpans += exported;
    return { exported, dropped };
  }

  /** With timers, spans left queued (paused, or held by sampling) get a later flush of their own. */
  #reschedule(): void {
    if (this.#delayMs > 0 && this.size > 0 && this.#timer === undefined) {
      this.#schedule(Math.max(this.#delayMs, this.#pause.until - Date.now()));
    }
  }

  #schedule(delayMs: number): void {
    const timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, delayMs) as unknown as Timer;
    // A pending export must not keep a Node process alive; forceFlush() before exit sends the rest.
    timer.unref?.();
    this.#timer = timer;
  }
}
