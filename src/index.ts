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
export {
  type Feedback,
  type SendFeedbackOptions,
  type SendFeedbackResult,
  sendFeedback,
} from './feedback/send-feedback.js';
export { instrumentFetch } from './instrument.js';
export { type AiBindingLike, instrumentAi } from './instrument-ai.js';
export type { LlmObs, RequestScope } from './llm-obs.js';
export { LlmObsSpanProcessor, type LlmObsSpanProcessorOptions } from './otel/sdk-span-processor.js';
export { LlmObsTracerProvider } from './otel/tracer-provider.js';
export { ConsoleSpanExporter } from './pipeline/console-exporter.js';
export {
  type ExportEveryOptions,
  type ExportSchedule,
  exportEvery,
  type QueuedSpans,
} from './pipeline/export-schedule.js';
export { encodeOtlpJson } from './pipeline/otlp/otlp-json.js';
export { type OtlpHttpExporterOptions, OtlpHttpJsonExporter } from './pipeline/otlp-http-exporter.js';
export type { MaskingOptions } from './pipeline/prepare/masking-options.js';
export { type RedactHook, TRUNCATED_ATTRIBUTES } from './pipeline/prepare/prepare-for-export.js';
export { REDACTED_VALUE, type TraceConfigOptions } from './pipeline/prepare/trace-config.js';
export { ENDED_AT_FLUSH } from './pipeline/span-buffer.js';
export type { FlushResult, SpanBufferOptions } from './pipeline/span-buffer-options.js';
export type { ExportResult, SpanExporter } from './pipeline/span-exporter.js';
export { DEFAULT_PRICE_TABLE } from './providers/default-prices.js';
export { isFetchLevelLlmSpan } from './providers/fetch-level-span.js';
export type { GenAiAttributeWriter, LlmFetchOptions } from './providers/recorder/llm-fetch-options.js';
export type { ModelPrice, PriceTable } from './providers/recorder/price-table.js';
export { type RegisterOptions, register } from './register.js';
export { type OpenInferenceSpanKind, SpanKinds } from './semconv.js';
export type { LlmTracer } from './trace/llm-tracer.js';
export type { InstrumentationScope, SpanData } from './trace/span-data.js';
export type { SpanKindWrapper } from './trace/span-kind-wrapper.js';
export type { SpanLimits } from './trace/span-limits.js';
export type { SpanProcessor } from './trace/span-processor.js';
