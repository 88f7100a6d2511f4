import type { Attributes } from '@opentelemetry/api';
import { untracedFetch } from '../original-fetch.js';
import type { SpanData } from '../trace/span-data.js';
import { gzip, MIN_COMPRESSED_BYTES } from './compression.js';
import { deadlineOf, deadlineSignal, isFinalExport } from './deadline.js';
import type { ExportOptions } from './export-options.js';
import { type ExporterStats, type ExportOutcome, emptyExporterStats } from './export-outcome.js';
import { httpJson, type OtlpBody, type OtlpEncoding } from './otlp/otlp-encoding.js';
import type { InstrumentationScope } from './otlp/otlp-json.js';
import type { BackoffOptions } from './retry-policy.js';
import { sendWithRetry } from './send-with-retry.js';
import type { SpanExporter } from './span-exporter.js';

/** Default bytes per request body before compression: under the common 4 MiB collector and proxy limits. */
export const DEFAULT_MAX_BATCH_BYTES = 3 * 1024 * 1024;

/**
 * Where and how the OTLP/HTTP exporter sends. The sending options carry the same names as in
 * `register()` ({@link ExportOptions}); here they take no value from the environment.
 */
export interface OtlpHttpExporterOptions extends Readonly<ExportOptions> {
  /** The full traces URL, e.g. `http://127.0.0.1:4318/v1/traces`. */
  readonly url: string;
  /** Extra request headers (authorization, tenant, ...). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Resource attributes sent with every batch (`service.name`, ...). */
  readonly resource: Attributes;
  /** The instrumentation scope of every span. */
  readonly scope: InstrumentationScope;
  /** Time one `export()` call may take, retries and waits included. Default 10 000 ms. */
  readonly exportTimeoutMs?: number;
  /** Waits between tries (jittered exponential; `Retry-After` wins). */
  readonly backoff?: BackoffOptions;
  /** The fetch to send with; defaults to the runtime's, never a traced one. */
  readonly fetch?: typeof fetch;
  /** @deprecated The earlier name of `protocol`. */
  readonly encoding?: OtlpEncoding;
  /** @deprecated The earlier name of `maxExportAttempts`. */
  readonly maxAttempts?: number;
  /** @deprecated The earlier name of `maxExportBatchBytes`. */
  readonly maxBatchBytes?: number;
}

/**
 * Sends spans over OTLP/HTTP with `fetch`: splits batches by bytes, gzips, retries what is worth
 * retrying within a deadline, and counts everything in {@link OtlpHttpExporter.stats}. Resolves
 * `{ ok: false }` for what it gives up on; nothing here throws or rejects.
 *
 * @example
 * const exporter = new OtlpHttpExporter({
 *   url: 'http://127.0.0.1:4318/v1/traces',
 *   resource: { 'service.name': 'chat-app' },
 *   scope: { name: 'edge-llmobs' },
 *   exportTimeoutMs: 8000,
 * });
 * register({ exporter });
 */
export class OtlpHttpExporter implements SpanExporter {
  /** Counters since creation: requests, attempts, retries, exported and failed spans, bytes. */
  readonly stats: ExporterStats = emptyExporterStats();
  readonly #options: OtlpHttpExporterOptions;
  readonly #encoding: OtlpEncoding;
  readonly #headers: Record<string, string>;
  /** Until when new exports stand back because an attempt just failed on the collector's side. */
  #unhealthyUntil = 0;

  constructor(options: OtlpHttpExporterOptions) {
    this.#options = options;
    const protocol = options.protocol ?? options.encoding;
    this.#encoding = typeof protocol === 'object' ? protocol : httpJson;
    this.#headers = { ...options.headers, 'content-type': this.#encoding.contentType };
  }

  export(spans: readonly SpanData[], signal?: AbortSignal): Promise<ExportOutcome> {
    return this.#export(spans, deadlineOf(signal) ?? Number.POSITIVE_INFINITY, isFinalExport(signal), signal);
  }

  /**
   * `export` within `deadline` (ms since the epoch) with no signal: what the span buffer calls, so a
   * flush makes no timer of its own (each attempt keeps its timeout, a retry its wait). `final`: the
   * shutdown flush, which sends even while another export waits to retry.
   *
   * @example
   * await exporter.exportUntil(spans, Date.now() + 10_000, false);
   */
  exportUntil(spans: readonly SpanData[], deadline: number, final: boolean): Promise<ExportOutcome> {
    // A subclass that overrides export() still sees every batch the buffer sends.
    if (this.export !== OtlpHttpExporter.prototype.export) {
      return this.export(spans, deadlineSignal(Math.max(0, deadline - Date.now()), final));
    }
    return this.#export(spans, deadline, final, undefined);
  }

  async #export(
    spans: readonly SpanData[],
    until: number,
    final: boolean,
    signal: AbortSignal | undefined,
  ): Promise<ExportOutcome> {
    const wait = this.#unhealthyUntil - Date.now();
    if (wait > 0 && !final) {
      // Another export is mid-retry against a failing collector: joining it would only add load. The
      // shutdown flush sends anyway: nothing after it would.
      this.stats.deferredExports++;
      return { ok: false, deferred: true, retryable: true, retryAfterMs: wait, exportedSpans: 0 };
    }
    const deadline = Math.min(Date.now() + (this.#options.exportTimeoutMs ?? 10_000), until);
    let bodies: (OtlpBody | undefined)[];
    try {
      const { resource, scope } = this.#options;
      const maxBytes = this.#options.maxExportBatchBytes ?? this.#options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
      bodies = this.#encoding.encode(spans, resource, scope, maxBytes);
    } catch (error) {
      this.stats.failedSpans += spans.length;
      return { ok: false, error, retryable: false, exportedSpans: 0 };
    }
    let exportedSpans = 0;
    let failure: ExportOutcome | undefined;
    for (let i = 0; i < bodies.length; i++) {
      const body = bodies[i] as OtlpBody;
      bodies[i] = undefined; // let a sent body be collected while the rest wait
      // Once the collector is down or out of time, later bodies would only burn the same deadline.
      if (failure?.retryable) {
        this.stats.failedSpans += body.spanCount;
        continue;
      }
      this.stats.requests++;
      const outcome = await this.#send(body, deadline, signal).catch(
        (error: unknown): ExportOutcome => ({ ok: false, retryable: true, error }),
      );
      if (outcome.ok) {
        this.#unhealthyUntil = 0;
        exportedSpans += body.spanCount;
        this.stats.succeededRequests++;
        this.stats.exportedSpans += body.spanCount;
      } else {
        this.stats.failedRequests++;
        this.stats.failedSpans += body.spanCount;
        failure = outcome;
      }
    }
    return failure ? { ...failure, ok: false, exportedSpans } : { ok: true, exportedSpans };
  }

  async #send(body: OtlpBody, deadline: number, signal: AbortSignal | undefined): Promise<ExportOutcome> {
    const headers = { ...this.#headers };
    let bytes = body.bytes;
    if ((this.#options.compression ?? 'gzip') === 'gzip' && bytes.length >= MIN_COMPRESSED_BYTES) {
      const compressed = await gzip(bytes);
      if (compressed) {
        bytes = compressed;
        headers['content-encoding'] = 'gzip';
      }
    }
    const send = untracedFetch(this.#options.fetch);
    const policy = {
      maxAttempts: Math.max(1, this.#options.maxExportAttempts ?? this.#options.maxAttempts ?? 5),
      attemptTimeoutMs: this.#options.attemptTimeoutMs ?? 5000,
      backoff: this.#options.backoff,
      deadline,
      signal,
      onRetryableFailure: (waitMs: number) => {
        this.#unhealthyUntil = Math.max(this.#unhealthyUntil, Date.now() + Math.max(1, waitMs));
      },
    };
    return sendWithRetry(
      (attemptSignal) => {
        this.stats.bytesSent += bytes.length;
        return send(this.#options.url, {
          method: 'POST',
          headers,
          body: bytes as Uint8Array<ArrayBuffer>,
          signal: attemptSignal,
        });
      },
      policy,
      this.stats,
    );
  }
}

/**
 * The OTLP/HTTP JSON exporter: {@link OtlpHttpExporter} with its default encoding, kept under the
 * name earlier versions exported.
 *
 * @example
 * register({ exporter: new OtlpHttpJsonExporter({ url, resource: {}, scope: { name: 'app' } }) });
 */
export class OtlpHttpJsonExporter extends OtlpHttpExporter {}
