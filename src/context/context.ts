import type { Context } from '@opentelemetry/api';

/** The key `@opentelemetry/api` uses for the active span; sharing it keeps `trace.getSpan` working. */
export const SPAN_KEY: symbol = Symbol.for('OpenTelemetry Context Key SPAN');
/** The key of the attributes every span started in a context inherits. */
export const ATTRIBUTES_KEY: symbol = Symbol.for('edge-llmobs.context-attributes');
/** The key `@opentelemetry/core` uses to suppress tracing. */
export const SUPPRESS_KEY: symbol = Symbol.for('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/** The empty attribute record of a context that sets none. */
export const NO_ATTRIBUTES: Readonly<Record<string, never>> = Object.freeze({});

/** The three values of a context that starting a span reads, read from it once. */
export interface SpanPathValues {
  /** The active span (`SPAN_KEY`), if any. */
  readonly span: unknown;
  /** Whether `SUPPRESS_KEY` is `true`. */
  readonly suppressed: boolean;
  /** The context attributes (`ATTRIBUTES_KEY`), or {@link NO_ATTRIBUTES}. */
  readonly attributes: unknown;
}

function readSpanPathValues(context: Pick<Context, 'getValue'>): SpanPathValues {
  return {
    span: context.getValue(SPAN_KEY),
    suppressed: context.getValue(SUPPRESS_KEY) === true,
    attributes: context.getValue(ATTRIBUTES_KEY) ?? NO_ATTRIBUTES,
  };
}

/**
 * An immutable context, shape-compatible with `@opentelemetry/api`'s `Context` so spans stored here
 * are visible to `trace.getSpan()` from the API package (both use the same `Symbol.for` key).
 */
class ImmutableContext implements Context {
  readonly #values: Map<symbol, unknown>;
  // Every span start reads these three: kept beside the map, they cost no map lookups. A new context
  // shares its parent's unless the key it changes is one of them.
  readonly #spanPath: SpanPathValues;

  constructor(values: Map<symbol, unknown>, spanPath?: SpanPathValues) {
    this.#values = values;
    this.#spanPath = spanPath ?? readSpanPathValues(this);
  }

  /** The span-path values of `context`: kept ones for this class, read ones for any other context. */
  static spanPathOf(context: Context): SpanPathValues {
    return #spanPath in context ? context.#spanPath : readSpanPathValues(context);
  }

  getValue(key: symbol): unknown {
    return this.#values.get(key);
  }

  setValue(key: symbol, value: unknown): Context {
    const values = new Map(this.#values);
    values.set(key, value);
    return new ImmutableContext(
      values,
      key === SPAN_KEY || key === SUPPRESS_KEY || key === ATTRIBUTES_KEY ? undefined : this.#spanPath,
    );
  }

  deleteValue(key: symbol): Context {
    const values = new Map(this.#values);
    values.delete(key);
    return new ImmutableContext(
      values,
      key === SPAN_KEY || key === SUPPRESS_KEY || key === ATTRIBUTES_KEY ? undefined : this.#spanPath,
    );
  }
}

/** The empty context every request starts from. */
export const ROOT_CONTEXT: Context = new ImmutableContext(new Map());

/** The active span, suppression and context attributes of `context`, without a lookup each for contexts made here. */
export const spanPathValues: (context: Context) => SpanPathValues = ImmutableContext.spanPathOf;
