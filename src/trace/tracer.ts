import type { Context, Span, SpanContext, SpanOptions, Tracer, TraceState } from '@opentelemetry/api';
import { SPAN_KEY, spanPathValues } from '../context/context.js';
import { type ContextAttributes, NO_CONTEXT_ATTRIBUTES } from '../context/context-attributes.js';
import type { ContextSource } from '../context/context-source.js';
import { toEpochMs } from './clock.js';
import { newId, SAMPLED_FLAG } from './ids.js';
import { NonRecordingSpan } from './non-recording-span.js';
import { RecordingSpan, type SpanSink } from './span.js';
import { type InstrumentationScope, SPAN_KIND_INTERNAL } from './span-data.js';
import type { SpanLimits } from './span-limits.js';

const INVALID_SPAN_CONTEXT: SpanContext = {
  traceId: '00000000000000000000000000000000',
  spanId: '0000000000000000',
  traceFlags: 0,
};

const NO_OPTIONS: SpanOptions = Object.freeze({});

/**
 * Decides whether a new root trace is recorded. One declared without a parameter (`() => true`) is
 * called without the trace id: none is made for it, so a recorded span's ids stay random words until
 * read (see `drawIdWords`).
 */
export type RootSampler = (traceId: string) => boolean;

/** A span of a trace not sampled: not recorded, but with ids to propagate. */
function notSampled(traceId: string, traceState: TraceState | undefined): NonRecordingSpan {
  return new NonRecordingSpan({ traceId, spanId: newId(2), traceFlags: 0, traceState });
}

/** The active span of a context, if any. */
export function getSpan(context: Context): Span | undefined {
  return spanPathValues(context).span as Span | undefined;
}

/** A context with `span` as the active span. */
export function setSpan(context: Context, span: Span): Context {
  return context.setValue(SPAN_KEY, span);
}

/**
 * An `@opentelemetry/api` `Tracer` whose spans carry the context's session, user, metadata, tags and
 * prompt template, and go to a span buffer when they end.
 */
export class SpanTracer implements Tracer {
  readonly #sink: SpanSink;
  readonly #limits: SpanLimits;
  readonly #sampleRoot: RootSampler;
  readonly #scope: InstrumentationScope | undefined;
  readonly #samplerTakesNoId: boolean;
  /** Where this tracer finds the current context. */
  readonly contextSource: ContextSource;

  constructor(
    sink: SpanSink,
    limits: SpanLimits,
    contextSource: ContextSource,
    sampleRoot: RootSampler,
    scope?: InstrumentationScope,
  ) {
    this.#sink = sink;
    this.#limits = limits;
    this.contextSource = contextSource;
    this.#sampleRoot = sampleRoot;
    this.#samplerTakesNoId = sampleRoot.length === 0;
    this.#scope = scope;
  }

  startSpan(name: string, options: SpanOptions = NO_OPTIONS, context?: Context): Span {
    const parentContext = context ?? this.contextSource.active();
    const values = spanPathValues(parentContext);
    const parent = options.root ? undefined : (values.span as Span | undefined)?.spanContext();
    if (values.suppressed) return new NonRecordingSpan(parent ?? INVALID_SPAN_CONTEXT);
    const hasParent = parent !== undefined && parent.traceId !== INVALID_SPAN_CONTEXT.traceId;
    // A new trace's id stays random words in the span unless the sampler reads it.
    let traceId: string | undefined;
    if (hasParent) {
      traceId = parent.traceId;
      if ((parent.traceFlags & SAMPLED_FLAG) !== SAMPLED_FLAG) return notSampled(traceId, parent.traceState);
    } else {
      if (!this.#samplerTakesNoId) traceId = newId(4);
      if (!this.#sampleRoot(traceId as string)) return notSampled(traceId ?? newId(4), undefined);
    }
    const span = new RecordingSpan(
      name,
      options.kind ?? SPAN_KIND_INTERNAL,
      traceId,
      hasParent ? parent.spanId : undefined,
      toEpochMs(options.startTime),
      this.#limits,
      this.#sink,
      this.#scope,
      hasParent ? parent.traceState : undefined,
    );
    const contextAttributes = values.attributes as ContextAttributes;
    if (contextAttributes !== NO_CONTEXT_ATTRIBUTES) span.setAttributes(contextAttributes);
    if (options.attributes) span.setAttributes(options.attributes);
    if (options.links) span.addLinks(options.links);
    this.#sink.onStart(span);
    return span;
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    context: Context,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    a?: SpanOptions | F,
    b?: Context | F,
    c?: F,
  ): ReturnType<F> {
    const fn = (typeof a === 'function' ? a : typeof b === 'function' ? b : c) as F;
    const options = typeof a === 'object' ? a : undefined;
    const parentContext = typeof b === 'object' ? b : this.contextSource.active();
    const span = this.startSpan(name, options, parentContext);
    return this.contextSource.run(setSpan(parentContext, span), () => fn(span)) as ReturnType<F>;
  }
}
