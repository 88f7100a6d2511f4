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
  readonly chain: SpanKindWrapper;
  readonly agent: SpanKindWrapper;
  readonly tool: SpanKindWrapper;
  readonly llm: SpanKindWrapper;
  readonly retriever: SpanKindWrapper;
  readonly embedding: SpanKindWrapper;
  readonly reranker: SpanKindWrapper;
  readonly guardrail: SpanKindWrapper;
  readonly evaluator: SpanKindWrapper;

  constructor(sink: SpanSink, limits: SpanLimits, contextSource: ContextSource, sampleRoot: RootSampler) {
    super(sink, limits, contextSource, sampleRoot);
    // Built once per tracer and bound, so `@tracer.chain` works where decorators lose `this`.
    this.chain = createSpanKindWrapper(this, SpanKinds.chain);
    this.agent = createSpanKindWrapper(this, SpanKinds.agent);
    this.tool = createSpanKindWrapper(this, SpanKinds.tool);
    this.llm = createSpanKindWrapper(this, SpanKinds.llm);
    this.retriever = createSpanKindWrapper(this, SpanKinds.retriever);
    this.embedding = createSpanKindWrapper(this, SpanKinds.embedding);
    this.reranker = createSpanKindWrapper(this, SpanKinds.reranker);
    this.guardrail = createSpanKindWrapper(this, SpanKinds.guardrail);
    this.evaluator = createSpanKindWrapper(this, SpanKinds.evaluator);
  }
}
