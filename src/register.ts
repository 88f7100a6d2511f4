import type { Attributes } from '@opentelemetry/api';
import { patchGlobalFetch, unpatchGlobalFetch } from './auto-instrument.js';
import { type ConfigSource, parseKeyValueList, readPositiveInteger, readSetting, resolveTracesUrl } from './config.js';
import type { AsyncLocalStorageConstructor } from './context/context-manager.js';
import { ambientContext } from './context/context-source.js';
import { contextFollowsAwait, installContextManager } from './context/global-context-manager.js';
import { ConsoleSpanExporter } from './export/console-exporter.js';
import { type ExportOptions, resolveExportSettings } from './export/export-options.js';
import { OtlpHttpExporter } from './export/otlp-http-exporter.js';
import { createRequestScope, currentObs, type LlmObs, setCurrentObs } from './llm-obs.js';
import type { MaskingOptions } from './masking/masking-options.js';
import { createSpanEndProcessor } from './masking/span-end-processor.js';
import { resolveTraceConfig } from './masking/trace-config.js';
import { createTracedFetch } from './openai/instrument-fetch.js';
import type { LlmFetchOptions } from './openai/llm-fetch-options.js';
import { untracedFetch } from './original-fetch.js';
import { installOtelGlobals } from './otel/install-globals.js';
import { LlmObsTracerProvider } from './otel/tracer-provider.js';
import { createTraceSampler, type SamplingOptions } from './sampling/error-trace-sampler.js';
import { LlmTracer } from './trace/llm-tracer.js';
import { withProcessors } from './trace/processing-sink.js';
import { SpanBuffer, type SpanBufferOptions } from './trace/span-buffer.js';
import type { SpanExporter } from './trace/span-data.js';
import { DEFAULT_SPAN_LIMITS, recordingLimits, type SpanLimits } from './trace/span-limits.js';
import type { SpanProcessor } from './trace/span-processor.js';
import { LIBRARY_NAME, LIBRARY_VERSION } from './version.js';

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
  /** `AsyncLocalStorage` for runtimes where it cannot be found (workerd with only `nodejs_als`). */
  AsyncLocalStorage?: AsyncLocalStorageConstructor;
}

const NONE_EXPORTER: SpanExporter = {
  async export() {
    return { ok: false, error: new Error("exporter is 'none'") };
  },
};

function resolveResource(options: RegisterOptions): Attributes {
  return {
    ...parseKeyValueList(readSetting('OTEL_RESOURCE_ATTRIBUTES', options.env)),
    'service.name': options.serviceName ?? readSetting('OTEL_SERVICE_NAME', options.env) ?? 'unknown_service',
    'telemetry.sdk.name': LIBRARY_NAME,
    'telemetry.sdk.language': 'webjs',
    'telemetry.sdk.version': LIBRARY_VERSION,
    ...options.resourceAttributes,
  };
}

function resolveExporter(options: RegisterOptions, resource: Attributes): SpanExporter {
  const exporter = options.exporter ?? 'otlp';
  if (typeof exporter === 'object') return exporter;
  if (exporter === 'console') return new ConsoleSpanExporter();
  if (exporter === 'none') return NONE_EXPORTER;
  const headers = {
    ...parseKeyValueList(readSetting('OTEL_EXPORTER_OTLP_HEADERS', options.env)),
    ...parseKeyValueList(readSetting('OTEL_EXPORTER_OTLP_TRACES_HEADERS', options.env)),
    ...options.headers,
  };
  if (options.apiKey) headers.authorization = options.apiKey;
  const settings = resolveExportSettings(options, options.env);
  return new OtlpHttpExporter({
    url: resolveTracesUrl(options.endpoint, options.env),
    headers,
    resource,
    scope: { name: LIBRARY_NAME, version: LIBRARY_VERSION },
    ...settings,
  });
}

function resolveLimits(options: RegisterOptions): SpanLimits {
  return {
    attributeCountLimit:
      readPositiveInteger('OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', options.env) ?? DEFAULT_SPAN_LIMITS.attributeCountLimit,
    attributeValueLengthLimit:
      readPositiveInteger('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', options.env) ??
      DEFAULT_SPAN_LIMITS.attributeValueLengthLimit,
    eventCountLimit: DEFAULT_SPAN_LIMITS.eventCountLimit,
    ...options.spanLimits,
  };
}

/**
 * Sets up tracing and returns the handle to it: `tracer`, a traced `fetch`, `forceFlush()`,
 * `shutdown()`, and `scope()` for runtimes without `AsyncLocalStorage`. The newest instance receives
 * the spans of the `using*` helpers' fetches and of `autoInstrument`. Never throws.
 *
 * @example
 * import OpenAI from 'openai';
 * import { register, usingSession } from 'edge-llmobs';
 *
 * const obs = register({ serviceName: 'chat-app', autoInstrument: true });
 * const client = new OpenAI();
 * const chat = obs.tracer.chain(async function chat(message: string) {
 *   const response = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: message }] });
 *   return response.choices[0].message.content;
 * });
 * await usingSession('sess-abc', () => chat('Hello'));
 * await obs.forceFlush();
 */
export function register(options: RegisterOptions = {}): LlmObs {
  installContextManager(options.AsyncLocalStorage);
  const resource = resolveResource(options);
  const exportedLimits = resolveLimits(options);
  // Spans record one character past the limit so the span-end step can mark what it cuts.
  const limits = recordingLimits(exportedLimits);
  const sampling = createTraceSampler(options);
  const sampler = sampling.sampleRoot;
  const buffer = new SpanBuffer(
    resolveExporter(options, resource),
    {
      ...options,
      exportTimeoutMs: resolveExportSettings(options, options.env).exportTimeoutMs,
      // On workerd (navigator.userAgent 'Cloudflare-Workers') no flush timer is scheduled (0).
      scheduledDelayMs:
        options.scheduledDelayMs ??
        ((globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === 'Cloudflare-Workers'
          ? 0
          : 5000),
    },
    {
      // Masking runs when a flush takes spans, before encoding: no masked value is ever exported.
      beforeExport: createSpanEndProcessor({
        traceConfig: resolveTraceConfig(options.traceConfig, options.env),
        redact: options.redact,
        limits: exportedLimits,
      }),
      select: sampling.select,
    },
  );
  const sink = withProcessors(buffer, options.spanProcessors ?? []);
  const tracer = new LlmTracer(sink, limits, ambientContext, sampler);
  const uninstallGlobals =
    options.registerGlobal === false
      ? undefined
      : installOtelGlobals(new LlmObsTracerProvider(sink, limits, ambientContext, sampler));
  let running = true;
  const obs: LlmObs = {
    tracer,
    resource,
    buffer,
    options: {
      priceTable: options.priceTable,
      genAiAttributes: options.genAiAttributes,
      maxResponseBytes: options.maxResponseBytes,
    },
    fetch: createTracedFetch((input, init) => untracedFetch()(input, init), {
      // After shutdown, calls pass straight through: nothing would ever send their spans.
      recorder() {
        return running ? obs : undefined;
      },
      contextSource: ambientContext,
    }),
    contextFollowsAwait: contextFollowsAwait(),
    forceFlush(flushOptions) {
      return buffer.flush(flushOptions);
    },
    async shutdown() {
      running = false;
      uninstallGlobals?.();
      // The global wrapper serves whichever instance is current; only that one may take it away.
      if (currentObs() === obs) {
        setCurrentObs(undefined);
        unpatchGlobalFetch();
      }
      await buffer.flush({ endOpenSpans: true });
    },
    scope(base) {
      return createRequestScope(obs, sink, limits, sampler, base);
    },
  };
  setCurrentObs(obs);
  if (options.autoInstrument) patchGlobalFetch();
  return obs;
}
