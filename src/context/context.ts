import type { Context } from '@opentelemetry/api';

/**
 * An immutable context, shape-compatible with `@opentelemetry/api`'s `Context` so spans stored here
 * are visible to `trace.getSpan()` from the API package (both use the same `Symbol.for` key).
 */
class ImmutableContext implements Context {
  readonly #values: Map<symbol, unknown>;

  constructor(values?: Map<symbol, unknown>) {
    this.#values = values ?? new Map();
  }

  getValue(key: symbol): unknown {
    return this.#values.get(key);
  }

  setValue(key: symbol, value: unknown): Context {
    const values = new Map(this.#values);
    values.set(key, value);
    return new ImmutableContext(values);
  }

  deleteValue(key: symbol): Context {
    const values = new Map(this.#values);
    values.delete(key);
    return new ImmutableContext(values);
  }
}

/** The empty context every request starts from. */
export const ROOT_CONTEXT: Context = new ImmutableContext();

/** The key `@opentelemetry/api` uses for the active span; sharing it keeps `trace.getSpan` working. */
export const SPAN_KEY: symbol = Symbol.for('OpenTelemetry Context Key SPAN');
