import type { AttributeValue, Context } from '@opentelemetry/api';

const ATTRIBUTES_KEY: symbol = Symbol.for('edge-llmobs.context-attributes');
const SUPPRESS_KEY: symbol = Symbol.for('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/** Span attributes that every span started in a context inherits. */
export type ContextAttributes = Readonly<Record<string, AttributeValue>>;

const NONE: ContextAttributes = Object.freeze({});

/** The attributes the context asks every new span to carry. */
export function getContextAttributes(context: Context): ContextAttributes {
  return (context.getValue(ATTRIBUTES_KEY) as ContextAttributes | undefined) ?? NONE;
}

/** A context whose attributes are the given ones over the current ones (inner wins per key). */
export function withContextAttributes(context: Context, attributes: ContextAttributes): Context {
  const merged = Object.freeze({ ...getContextAttributes(context), ...attributes });
  return context.setValue(ATTRIBUTES_KEY, merged);
}

/** A context in which no span is recorded (the same key `@opentelemetry/core` uses). */
export function withTracingSuppressed(context: Context): Context {
  return context.setValue(SUPPRESS_KEY, true);
}

/** Whether tracing is suppressed in this context. */
export function isTracingSuppressed(context: Context): boolean {
  return context.getValue(SUPPRESS_KEY) === true;
}
