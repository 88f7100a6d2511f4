import type { Attributes, Context, HrTime, Link, Span, SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';
import { getContextAttributes, NO_CONTEXT_ATTRIBUTES } from '../context/context-attributes.js';
import type { LlmObs } from '../llm-obs.js';
import { toEpochMs } from '../trace/clock.js';
import { withProcessors } from '../trace/processing-sink.js';
import { isProviderCall, markProviderCall } from '../trace/provider-call.js';
import { RecordingSpan, type SpanSink } from '../trace/span.js';
import { DEFAULT_SPAN_LIMITS } from '../trace/span-limits.js';
import type { SpanProcessor } from '../trace/span-processor.js';

/** The parts of an OpenTelemetry SDK span (sdk-trace-base 1.x/2.x) the processor reads. */
interface SdkSpan {
  readonly name: string;
  readonly kind: SpanKind;
  spanContext(): SpanContext;
  readonly parentSpanContext?: SpanContext;
  /** sdk-trace-base 1.x. */
  readonly parentSpanId?: string;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly attributes: Attributes;
  readonly events: readonly { name: string; time: HrTime; attributes?: Attributes }[];
  readonly links: readonly Link[];
  readonly status: SpanStatus;
  readonly instrumentationScope?: { name: string; version?: string };
  setAttributes?(attributes: Attributes): unknown;
}

/**
 * Options of {@link LlmObsSpanProcessor}.
 *
 * @example
 * new LlmObsSpanProcessor(obs, { spanProcessors: [aiSdkProcessor()] });
 */
export interface LlmObsSpanProcessorOptions {
  /** Span processors to run on the spans as they enter this library, e.g. `aiSdkProcessor()`. */
  spanProcessors?: readonly SpanProcessor[];
}

/**
 * A span processor for another OpenTelemetry SDK's tracer provider (sdk-trace-base's
 * `BasicTracerProvider`, a `NodeSDK`, `@vercel/otel`, otel-cf-workers), for when that SDK owns the
 * global tracer provider: each of its spans gets the `using*` attributes of the block it starts in
 * (session, user, metadata, tags, prompt template), and is also recorded by this library, with the
 * same ids and parent, so it is masked and exported with this library's LLM spans, in the same
 * trace. Spans go to `obs`'s buffer; the SDK's own exporters still get them too.
 *
 * @example
 * import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
 * import { LlmObsSpanProcessor, register } from 'edge-llmobs';
 *
 * const obs = register({ serviceName: 'chat-app' }); // warns once: another SDK owns the globals
 * const provider = new BasicTracerProvider({ spanProcessors: [new LlmObsSpanProcessor(obs)] });
 */
export class LlmObsSpanProcessor {
  readonly #obs: LlmObs;
  readonly #sink: SpanSink;
  readonly #mirrors = new WeakMap<object, RecordingSpan>();

  constructor(obs: LlmObs, options: LlmObsSpanProcessorOptions = {}) {
    this.#obs = obs;
    this.#sink = withProcessors(obs.buffer, options.spanProcessors ?? []);
  }

  onStart(span: SdkSpan, parentContext: Context): void {
    try {
      const attributes = getContextAttributes(parentContext);
      if (attributes !== NO_CONTEXT_ATTRIBUTES) span.setAttributes?.(attributes);
      const context = span.spanContext();
      if ((context.traceFlags & 1) === 0) return;
      const parentId = span.parentSpanContext?.spanId ?? span.parentSpanId;
      const scope = span.instrumentationScope && { ...span.instrumentationScope };
      const mirror = new RecordingSpan(
        span.name,
        span.kind,
        context,
        parentId,
        toEpochMs(span.startTime),
        DEFAULT_SPAN_LIMITS,
        this.#sink,
        scope,
      );
      mirror.setAttributes(span.attributes);
      this.#sink.onStart(mirror);
      // An integration that records a provider call itself marks it: the fetch layer sees the SDK span.
      if (isProviderCall(mirror)) markProviderCall(span as unknown as Span);
      this.#mirrors.set(span, mirror);
    } catch {
      // Another SDK's span must never fail because of this library.
    }
  }

  onEnd(span: SdkSpan): void {
    const mirror = this.#mirrors.get(span);
    if (mirror === undefined) return;
    this.#mirrors.delete(span);
    try {
      mirror.updateName(span.name);
      mirror.setAttributes(span.attributes);
      for (const event of span.events) mirror.addEvent(event.name, event.attributes ?? {}, event.time);
      mirror.addLinks([...span.links]);
      mirror.setStatus(span.status);
    } finally {
      mirror.end(span.endTime);
    }
  }

  async forceFlush(): Promise<void> {
    await this.#obs.forceFlush();
  }

  async shutdown(): Promise<void> {
    await this.#obs.forceFlush();
  }
}
