import { reportError } from '../report-error.js';
import type { RecordingSpan, SpanSink } from '../trace/span.js';
import { spansBytes } from '../trace/span-bytes.js';
import { ByteBudget } from './budget/byte-budget.js';
import { type PrepareSpans, SpanQueue } from './budget/span-queue.js';
import { type BatchesOutcome, exportBatches } from './export-batches.js';
import { ExportPause } from './export-pause.js';
import { OpenSpans } from './open-spans.js';
import type { FlushResult, SpanBufferSettings, SpanPipeline } from './span-buffer-options.js';
import type { SpanExporter } from './span-exporter.js';

export { ENDED_AT_FLUSH } from './open-spans.js';

const NOTHING: FlushResult = Object.freeze({ exported: 0, dropped: 0 });

type Timer = { unref?(): void };

/**
 * Holds ended spans in a bounded per-isolate buffer until a flush sends them. `span.end()` only
 * counts and queues the span: masking (`prepareForExport`) runs when a flush takes it (or under
 * pressure), so its cost leaves the span path, and a masked value still never reaches an encoder or
 * an exporter. Each flush sends the
 * spans it takes and waits on no other flush: in workerd a request must not await I/O that another
 * request started. Spans in flight count against the caps (`maxQueueSize` spans, `maxQueueBytes`
 * bytes, open spans' attributes included), so a slow collector cannot grow memory; past the bytes,
 * queued spans are cut to their skeletons before any is dropped.
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
  readonly #queue = new SpanQueue();
  readonly #open: OpenSpans;
  #inFlight = 0;
  #inFlightBytes = 0;
  /** Exports under way; only shutdown waits on them (in workerd a request must not await another's I/O). */
  readonly #sending = new Set<Promise<unknown>>();
  readonly #prepareSpans: PrepareSpans = (spans) => this.#prepare(spans);
  readonly #budget: ByteBudget;
  readonly #pause = new ExportPause();
  #timer: Timer | undefined;
  /** Spans dropped because the buffer was full (in spans or in bytes) or their export failed, since the buffer was made. */
  droppedSpans = 0;
  /** Queued spans whose large values were cut to keep the buffer within `maxQueueBytes`. */
  degradedSpans = 0;
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
    this.#budget = new ByteBudget(settings.maxQueueBytes, this.#queue, this.#open, this.#prepareSpans, this);
  }

  /** The exporter spans go to (its `stats`, for the OTLP exporter). */
  get exporter(): SpanExporter {
    return this.#exporter;
  }

  /** Ended spans waiting to be sent (some may still be dropped by `redact` when a flush prepares them). */
  get size(): number {
    return this.#queue.length;
  }

  /** Bytes of the queued spans (by string lengths, see `spanBytes`). */
  get queuedBytes(): number {
    return this.#queue.bytes;
  }

  /** Bytes of the spans taken by flushes that have not finished. */
  get inFlightBytes(): number {
    return this.#inFlightBytes;
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
    const queue = this.#queue;
    if (queue.length + this.#inFlight >= this.#maxQueueSize) {
      // Before dropping, prepare what is queued if that can free room: spans `redact` drops must not
      // take room, as when masking ran at each end. Each span is prepared once either way.
      if (this.#pipeline.prepareForExport?.dropsSpans !== false) queue.prepareEnded(this.#prepareSpans);
      if (queue.length + this.#inFlight >= this.#maxQueueSize) {
        this.droppedSpans++;
        reportError('buffer-full', `span buffer full (${this.#maxQueueSize} spans); dropping spans until it drains`);
        return;
      }
    }
    const bytes = span.heldBytes;
    queue.push(span, bytes);
    this.#budget.keepWithin(this.#inFlightBytes, span, bytes);
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
      let { exported, dropped } = await this.#drain(final);
      // At shutdown, an export still waiting to retry holds spans too: let it settle (within its own
      // deadline), then send what it put back, so nothing queued before shutdown is left behind.
      while (final && this.#sending.size > 0) {
        await Promise.allSettled(this.#sending);
        const more = await this.#drain(true);
        exported += more.exported;
        dropped += more.dropped;
      }
      return exported + dropped === 0 ? NOTHING : { exported, dropped };
    } catch (error) {
      reportError('flush', 'flush failed', error);
      return NOTHING;
    } finally {
      this.#reschedule();
    }
  }

  /** Sends queued spans in turns until the queue is empty, the flush's share of bytes is taken, or a pause begins. */
  async #drain(final: boolean): Promise<FlushResult> {
    let exported = 0;
    let dropped = 0;
    while (final || !this.#pause.active()) {
      const room = this.#budget.flushRoom(this.#inFlightBytes, final);
      if (this.#queue.length === 0 || room <= 0) break;
      // Masking runs here, before sampling (a span `redact` drops cannot keep its trace) and before
      // any byte is encoded.
      let spans = this.#queue.take(room, this.#prepareSpans);
      const more = this.#queue.length > 0;
      if (this.#pipeline.select) {
        const selection = this.#pipeline.select(spans, this.#open.traceIds(), final);
        this.sampledOutSpans += selection.discarded;
        this.#queue.putBack(selection.hold);
        spans = selection.send;
      }
      if (spans.length === 0) break;
      const sending = this.#send(spans, final);
      this.#sending.add(sending);
      const sent = await sending.finally(() => this.#sending.delete(sending));
      exported += sent.exported;
      dropped += sent.dropped;
      if (!more) break;
    }
    return { exported, dropped };
  }

  /** Runs `prepareForExport` over ended spans: the ones it keeps, in order (in the same array). */
  #prepare(ended: RecordingSpan[]): RecordingSpan[] {
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

  async #send(spans: RecordingSpan[], final: boolean): Promise<FlushResult> {
    const bytes = spansBytes(spans);
    this.#inFlight += spans.length;
    this.#inFlightBytes += bytes;
    let outcome: BatchesOutcome<RecordingSpan>;
    try {
      outcome = await exportBatches(this.#exporter, spans, this.#maxBatch, this.#timeoutMs, final);
    } finally {
      this.#inFlight -= spans.length;
      this.#inFlightBytes -= bytes;
    }
    const { exported, dropped, failure, unsent } = outcome;
    if (failure) {
      if (failure.deferred) this.#pause.defer(failure.retryAfterMs ?? 0);
      else this.#pause.failed(failure.retryAfterMs);
      // The collector is down: untried spans wait (within the caps) for the flush after the pause.
      this.#queue.putBack(unsent);
      this.#budget.keepWithin(this.#inFlightBytes);
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
