import type { ContextSource } from '../context/context-source.js';
import { SpanKinds } from '../semconv.js';
import type { SpanSink } from './span.js';
import { createSpanKindWrapper, type SpanKindWrapper } from './span-kind-wrapper.js';
import type { SpanLimits } from './span-limits.js';
import { type RootSampler, SpanTracer } from './tracer.js';

/**
 * The tracer `register()` returns: an OpenTelemetry `Tracer` plus one wrapper per OpenInference span
 * kind. Each wrapper works on a function, on a named function, or as a method decorator.
 *
 * @example
 * const obs = register({ serviceName: 'chat-app' });
 * const chat = obs.tracer.chain(async function chat(message: string) {
 *   return `echo: ${message}`;
 * });
 * await chat('hi'); // one CHAIN span named "chat", input "hi", output "echo: hi"
 */
export class LlmTracer extends SpanTracer {
  declare readonly chain: SpanKindWrapper;
  declare readonly agent: SpanKindWrapper;
  declare readonly tool: SpanKindWrapper;
  declare readonly llm: SpanKindWrapper;
  declare readonly retriever: SpanKindWrapper;
  declare readonly embedding: SpanKindWrapper;
  declare readonly reranker: SpanKindWrapper;
  declare readonly guardrail: SpanKindWrapper;
  declare readonly evaluator: SpanKindWrapper;

  constructor(sink: SpanSink, limits: SpanLimits, contextSource: ContextSource, sampleRoot: RootSampler) {
    super(sink, limits, contextSource, sampleRoot);
    // One wrapper per kind, built once per tracer and bound, so `@tracer.chain` works where decorators
    // lose `this`; set in a loop over the kinds (the fields above are declared for their types only).
    for (const name in SpanKinds) {
      const kind = SpanKinds[name as keyof typeof SpanKinds];
      (this as unknown as Record<string, SpanKindWrapper>)[name] = createSpanKindWrapper(this, kind);
    }
  }
}
