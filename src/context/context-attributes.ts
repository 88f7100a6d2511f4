import type { AttributeValue, Context } from '@opentelemetry/api';
import { ATTRIBUTES_KEY, NO_ATTRIBUTES, SUPPRESS_KEY, spanPathValues } from './context.js';

/** Span attributes that every span started in a context inherits. */
export type ContextAttributes = Readonly<Record<string, AttributeValue>>;

/** The attributes of a context that sets none: always this one frozen object. */
export const NO_CONTEXT_ATTRIBUTES: ContextAttributes = NO_ATTRIBUTES;

/** The attributes the context asks every new span to carry. */
export function getContextAttributes(context: Context): ContextAttributes {
  return spanPathValues(context).attributes as ContextAttributes;
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
  return spanPathValues(context).suppressed;
}
