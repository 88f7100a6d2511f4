import type { Attributes } from '@opentelemetry/api';
import type { ConfigSource } from './config.js';
import type { AsyncLocalStorageConstructor } from './context/context-manager.js';
import type { ExportOptions } from './pipeline/export-options.js';
import type { ExportSchedule } from './pipeline/export-schedule.js';
import type { MaskingOptions } from './pipeline/prepare/masking-options.js';
import type { SamplingOptions } from './pipeline/sampling/error-trace-sampler.js';
import type { SpanBufferOptions } from './pipeline/span-buffer-options.js';
import type { SpanExporter } from './pipeline/span-exporter.js';
import type { LlmApi } from './providers/provider.js';
import type { LlmFetchOptions } from './providers/recorder/llm-fetch-options.js';
import type { SpanLimits } from './trace/span-limits.js';
import type { SpanProcessor } from './trace/span-processor.js';

/** Options of {@link register}. Each falls back to the `env` object, then `process.env`, then a default. */
export interface RegisterOptions
  extends SpanBufferOptions,
    LlmFetchOptions,
    ExportOptions,
    MaskingOptions,
    SamplingOptions {
  /** `service.name` on every span's resource. Else `OTEL_SERVICE_NAME`, else `unknown_service`. */
  serviceName?: string;
  /** Wrap `globalThis.fetch` so every OpenAI-style call is traced, `new OpenAI()` included. Default false. */
  autoInstrument?: boolean;
  /** Collector base URL (`/v1/traces` is appended). Else `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` / `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  endpoint?: string;
  /** Headers for the collector, over `OTEL_EXPORTER_OTLP_HEADERS`. */
  headers?: Record<string, string>;
  /** Sent verbatim as the collector's `Authorization` header. */
  apiKey?: string;
  /** Where settings are read before `process.env`: a Worker's `env` bindings. */
  env?: ConfigSource;
  /** A custom exporter, `'console'` to print spans, `'none'` to keep them in the buffer. Default OTLP/HTTP JSON. */
  exporter?: SpanExporter | 'otlp' | 'console' | 'none';
  /**
   * When the adapters (`withLlmObs`, Hono, Vercel, Deno) send after a request: `exportEvery({ requests,
   * ms })` sends once per batch of requests or time window. Default: after every request.
   */
  exportSchedule?: ExportSchedule;
  /** More resource attributes, over `OTEL_RESOURCE_ATTRIBUTES`. */
  resourceAttributes?: Attributes;
  /** Per-span limits; `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT` and `OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT` are honoured. */
  spanLimits?: Partial<SpanLimits>;
  /** The share of new traces recorded, 0 to 1 (parent-based). Default 1. See also `keepErrorTraces`. */
  sampleRatio?: number;
  /**
   * Install this instance as `@opentelemetry/api`'s global tracer provider, context manager and W3C
   * propagator, where no other SDK holds them. Default true; `false` leaves the globals alone.
   */
  registerGlobal?: boolean;
  /** Processors that see every span start and end before the buffer: `aiSdkProcessor()` from `edge-llmobs/ai-sdk`. */
  spanProcessors?: readonly SpanProcessor[];
  /**
   * The LLM APIs whose calls are recorded, asked in order (`openAiApi`, `anthropicApi`, `geminiApi`,
   * `workersAiApi` from `edge-llmobs/providers`). Default all four. Calls of an API not named pass
   * through untraced. To also leave the others out of the bundle, use an entry that takes this list
   * instead of importing the default (`edge-llmobs/cloudflare/named`).
   */
  providers?: readonly LlmApi[];
  /** `AsyncLocalStorage` for runtimes where it cannot be found (workerd with only `nodejs_als`). */
  AsyncLocalStorage?: AsyncLocalStorageConstructor;
}
