import type { Attributes } from '@opentelemetry/api';
import { untracedFetch } from '../original-fetch.js';
import type { ExportResult, SpanData, SpanExporter } from '../trace/span-data.js';
import { encodeOtlpJson, type InstrumentationScope } from './otlp-json.js';

/** Where and how the OTLP/HTTP exporter sends. */
export interface OtlpHttpExporterOptions {
  /** The full traces URL, e.g. `http://127.0.0.1:4318/v1/traces`. */
  readonly url: string;
  /** Extra request headers (authorization, tenant, ...). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Resource attributes sent with every batch (`service.name`, ...). */
  readonly resource: Attributes;
  /** The instrumentation scope of every span. */
  readonly scope: InstrumentationScope;
  /** Time one attempt may take. Default 5000 ms. */
  readonly attemptTimeoutMs?: number;
  /** The fetch to send with; defaults to the runtime's, never a traced one. */
  readonly fetch?: typeof fetch;
}

/**
 * Sends spans as OTLP/HTTP JSON with `fetch`. A batch the collector refuses, or that cannot reach it in
 * time, resolves `{ ok: false }`; nothing here throws.
 */
export class OtlpHttpJsonExporter implements SpanExporter {
  readonly #options: OtlpHttpExporterOptions;
  readonly #headers: Record<string, string>;

  constructor(options: OtlpHttpExporterOptions) {
    this.#options = options;
    this.#headers = { ...options.headers, 'content-type': 'application/json' };
  }

  async export(spans: readonly SpanData[], signal?: AbortSignal): Promise<ExportResult> {
    try {
      const body = encodeOtlpJson(spans, this.#options.resource, this.#options.scope);
      const timeout = AbortSignal.timeout(this.#options.attemptTimeoutMs ?? 5000);
      const send = untracedFetch(this.#options.fetch);
      const response = await send(this.#options.url, {
        method: 'POST',
        headers: this.#headers,
        body,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      // The body is not needed, but an unread body holds the connection (and in workerd, the request).
      await response.body?.cancel().catch(() => {});
      return response.ok ? { ok: true } : { ok: false, error: new Error(`collector answered HTTP ${response.status}`) };
    } catch (error) {
      return { ok: false, error };
    }
  }
}
