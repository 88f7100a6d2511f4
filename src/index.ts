export type { ConfigSource } from './config.js';
export type { AsyncLocalStorageConstructor, AsyncLocalStorageLike } from './context/context-manager.js';
export { MAX_IDENTIFIER_LENGTH, normalizeIdentifier } from './context/identifier.js';
export {
  suppressTracing,
  usingAttributes,
  usingMetadata,
  usingPromptTemplate,
  usingSession,
  usingTags,
  usingUser,
} from './context/using.js';
export type { ContextAttributeOptions, ContextHelpers, PromptTemplateOptions } from './context/using-context.js';
export { ConsoleSpanExporter } from './export/console-exporter.js';
export { type OtlpHttpExporterOptions, OtlpHttpJsonExporter } from './export/otlp-http-exporter.js';
export { encodeOtlpJson } from './export/otlp-json.js';
export { instrumentFetch } from './instrument.js';
export type { LlmObs, RequestScope } from './llm-obs.js';
export type { MaskingOptions } from './masking/masking-options.js';
export type { RedactHook } from './masking/span-end-processor.js';
export { REDACTED_VALUE, type TraceConfigOptions } from './masking/trace-config.js';
export type { LlmFetchOptions } from './openai/llm-fetch-options.js';
export { DEFAULT_PRICE_TABLE, type ModelPrice, type PriceTable } from './openai/price-table.js';
export { LlmObsSpanProcessor, type LlmObsSpanProcessorOptions } from './otel/sdk-span-processor.js';
export { LlmObsTracerProvider } from './otel/tracer-provider.js';
export { type RegisterOptions, register } from './register.js';
export { type OpenInferenceSpanKind, SpanKinds } from './semconv.js';
export type { LlmTracer } from './trace/llm-tracer.js';
export { ENDED_AT_FLUSH, type FlushResult, type SpanBufferOptions } from './trace/span-buffer.js';
export type { ExportResult, InstrumentationScope, SpanData, SpanExporter } from './trace/span-data.js';
export type { SpanKindWrapper } from './trace/span-kind-wrapper.js';
export { type SpanLimits, TRUNCATED_ATTRIBUTES } from './trace/span-limits.js';
export type { SpanProcessor } from './trace/span-processor.js';
