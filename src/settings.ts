import type { Attributes } from '@opentelemetry/api';
import { type ConfigSource, parseKeyValueList, readPositiveInteger, readSetting, resolveTracesUrl } from './config.js';
import type { Compression } from './pipeline/compression.js';
import type { ExportOptions } from './pipeline/export-options.js';
import { httpJson, type OtlpEncoding } from './pipeline/otlp/otlp-encoding.js';
import type { RedactHook } from './pipeline/prepare/prepare-for-export.js';
import {
  DEFAULT_BASE64_IMAGE_MAX_LENGTH,
  type TraceConfig,
  type TraceConfigOptions,
} from './pipeline/prepare/trace-config.js';
import type { SamplingOptions } from './pipeline/sampling/error-trace-sampler.js';
import type { SpanBufferSettings } from './pipeline/span-buffer-options.js';
import type { GenAiAttributeWriter, LlmFetchOptions } from './providers/recorder/llm-fetch-options.js';
import type { RegisterOptions } from './register-options.js';
import { reportError } from './report-error.js';
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from './trace/span-limits.js';
import { LIBRARY_NAME, LIBRARY_VERSION } from './version.js';

/** How the OTLP exporter sends, every value decided (see {@link ExportOptions} for each). */
export interface ExportSettings {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly protocol: OtlpEncoding;
  readonly compression: Compression;
  readonly exportTimeoutMs: number;
  readonly attemptTimeoutMs: number;
  readonly maxExportAttempts: number;
  readonly maxExportBatchBytes: number | undefined;
}

/**
 * Everything `register()` needs, resolved once (options, then the `env` bindings, then
 * `process.env`, then the defaults) and frozen; each piece receives its part (the buffer and the
 * sampler read their fields through their own option types).
 */
export interface Settings extends SpanBufferSettings, Readonly<SamplingOptions> {
  readonly resource: Readonly<Attributes>;
  /** The limits spans are exported with (they record with one character more, see `recordingLimits`). */
  readonly spanLimits: SpanLimits;
  readonly export: ExportSettings;
  readonly traceConfig: TraceConfig;
  readonly redact: RedactHook | undefined;
  readonly llmFetch: LlmFetchOptions;
}

// Every TraceConfig switch (the compiler checks none is missing); each is read from the
// `OPENINFERENCE_*` variable its name spells (hideLLMTools: OPENINFERENCE_HIDE_LLM_TOOLS), the names
// TraceConfigOptions documents.
const TRACE_CONFIG_SWITCHES: Record<Exclude<keyof TraceConfigOptions, 'base64ImageMaxLength'>, 0> = {
  hideInputs: 0,
  hideOutputs: 0,
  hideInputMessages: 0,
  hideOutputMessages: 0,
  hideInputImages: 0,
  hideInputText: 0,
  hideOutputText: 0,
  hideEmbeddingVectors: 0,
  hideLLMTools: 0,
  hidePrompts: 0,
};

/** Bytes the buffer holds per isolate: an eighth of a Worker isolate's 128 MB. */
const DEFAULT_MAX_QUEUE_BYTES = 16 * 1024 * 1024;
/** Flush deadline, retries included: well inside a Worker's 30 s `waitUntil`. */
const DEFAULT_EXPORT_TIMEOUT_MS = 10_000;

/**
 * Decides every TraceConfig switch: the option, else the `OPENINFERENCE_*` variable from `env` (a
 * Worker's bindings) or `process.env`, else the default. As in OpenInference, a variable means true
 * only when it reads `true` (any case).
 *
 * @example
 * resolveTraceConfig({ hideInputs: true }, { OPENINFERENCE_HIDE_OUTPUTS: 'TRUE' });
 * // { hideInputs: true, hideOutputs: true, ..., base64ImageMaxLength: 32000 }
 */
export function resolveTraceConfig(options: TraceConfigOptions = {}, env?: ConfigSource): TraceConfig {
  const config: Record<string, boolean | number> = {};
  for (const name of Object.keys(TRACE_CONFIG_SWITCHES) as (keyof typeof TRACE_CONFIG_SWITCHES)[]) {
    const variable = `OPENINFERENCE_${name.replace(/[A-Z][a-z]+|[A-Z]+(?![a-z])/g, '_$&').toUpperCase()}`;
    config[name] = options[name] ?? readSetting(variable, env)?.toLowerCase() === 'true';
  }
  const imageLimit = Number.parseInt(readSetting('OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH', env) ?? '', 10);
  config.base64ImageMaxLength =
    options.base64ImageMaxLength ?? (Number.isNaN(imageLimit) ? DEFAULT_BASE64_IMAGE_MAX_LENGTH : imageLimit);
  return config as TraceConfig;
}

/**
 * Resolves `register()`'s options in one pass: each setting from the option, else the `env`
 * bindings, else `process.env`, else its default. The result is frozen.
 *
 * @example
 * const settings = resolveSettings({ serviceName: 'chat-app', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' } });
 * settings.export.url; // 'http://127.0.0.1:4318/v1/traces'
 */
export function resolveSettings(options: RegisterOptions): Settings {
  const env = options.env;
  const headers = {
    ...parseKeyValueList(readSetting('OTEL_EXPORTER_OTLP_HEADERS', env)),
    ...parseKeyValueList(readSetting('OTEL_EXPORTER_OTLP_TRACES_HEADERS', env)),
    ...options.headers,
  };
  if (options.apiKey) headers.authorization = options.apiKey;
  let protocol = options.protocol;
  if (typeof protocol !== 'object') {
    const wanted =
      protocol ??
      readSetting('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', env) ??
      readSetting('OTEL_EXPORTER_OTLP_PROTOCOL', env) ??
      'http/json';
    if (wanted !== 'http/json') {
      reportError(
        'protocol',
        `protocol ${wanted} needs its encoding passed in (edge-llmobs/protobuf); using http/json`,
      );
    }
    protocol = httpJson;
  }
  const exportSettings: ExportSettings = {
    url: resolveTracesUrl(options.endpoint, env),
    headers,
    protocol,
    compression:
      (options.compression ??
        readSetting('OTEL_EXPORTER_OTLP_TRACES_COMPRESSION', env) ??
        readSetting('OTEL_EXPORTER_OTLP_COMPRESSION', env)) === 'none'
        ? 'none'
        : 'gzip',
    exportTimeoutMs:
      options.exportTimeoutMs ??
      readPositiveInteger('OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', env) ??
      readPositiveInteger('OTEL_EXPORTER_OTLP_TIMEOUT', env) ??
      DEFAULT_EXPORT_TIMEOUT_MS,
    attemptTimeoutMs: options.attemptTimeoutMs ?? 5000,
    maxExportAttempts: options.maxExportAttempts ?? 5,
    maxExportBatchBytes: options.maxExportBatchBytes,
  };
  // `genAiAttributes: true` (the option before the writer moved to its own entry) asks for a writer
  // that is not bundled: said once, as for a protocol whose encoding was not passed in.
  const genAiWriter = options.genAiAttributes as unknown;
  if (genAiWriter && typeof genAiWriter !== 'function')
    reportError('gen-ai', 'genAiAttributes needs its writer passed in (edge-llmobs/gen-ai); no gen_ai.* keys');
  const settings: Settings = {
    resource: {
      ...parseKeyValueList(readSetting('OTEL_RESOURCE_ATTRIBUTES', env)),
      'service.name': options.serviceName ?? readSetting('OTEL_SERVICE_NAME', env) ?? 'unknown_service',
      'telemetry.sdk.name': LIBRARY_NAME,
      'telemetry.sdk.language': 'webjs',
      'telemetry.sdk.version': LIBRARY_VERSION,
      ...options.resourceAttributes,
    },
    spanLimits: {
      attributeCountLimit:
        readPositiveInteger('OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', env) ?? DEFAULT_SPAN_LIMITS.attributeCountLimit,
      attributeValueLengthLimit:
        readPositiveInteger('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', env) ?? DEFAULT_SPAN_LIMITS.attributeValueLengthLimit,
      eventCountLimit: DEFAULT_SPAN_LIMITS.eventCountLimit,
      ...options.spanLimits,
    },
    maxQueueSize: Math.max(1, options.maxQueueSize ?? 2048),
    maxExportBatchSize: Math.max(1, options.maxExportBatchSize ?? 512),
    maxQueueBytes: Math.max(1, options.maxQueueBytes ?? DEFAULT_MAX_QUEUE_BYTES),
    exportTimeoutMs: exportSettings.exportTimeoutMs,
    // On workerd (navigator.userAgent 'Cloudflare-Workers') no timer outlives a request: the adapters flush instead.
    scheduledDelayMs:
      options.scheduledDelayMs ??
      ((globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === 'Cloudflare-Workers' ? 0 : 5000),
    export: exportSettings,
    traceConfig: resolveTraceConfig(options.traceConfig, env),
    redact: options.redact,
    sampleRatio: options.sampleRatio,
    keepErrorTraces: options.keepErrorTraces,
    llmFetch: {
      priceTable: options.priceTable,
      genAiAttributes: typeof genAiWriter === 'function' ? (genAiWriter as GenAiAttributeWriter) : undefined,
      maxResponseBytes: options.maxResponseBytes,
    },
  };
  // Frozen one level deep: values the user handed in (a price table, an encoder, a hook) stay theirs.
  for (const part of Object.values(settings)) if (typeof part === 'object') Object.freeze(part);
  Object.freeze(headers);
  return Object.freeze(settings);
}
