import type { Attributes, AttributeValue, Link, SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';
import type { Timestamp } from './clock.js';

// The `SpanKind` numbers this library starts spans with. Declared here, at the top of a file, esbuild
// inlines them where they are used; a local copy in a file that imports values stays a variable.
export const SPAN_KIND_INTERNAL = 0;
export const SPAN_KIND_SERVER = 1;
export const SPAN_KIND_CLIENT = 2;
export const SPAN_KIND_CONSUMER = 4;

/** An event on a span, as plain data. */
export interface SpanEventData {
  readonly name: string;
  readonly time: Timestamp;
  readonly attributes: Attributes;
}

/**
 * The library that made a span (`trace.getTracer(name, version)`); OTLP groups spans by it.
 *
 * @example
 * const scope: InstrumentationScope = { name: 'ai', version: '6.0.325' };
 */
export interface InstrumentationScope {
  readonly name: string;
  readonly version?: string;
}

/** An ended span as exporters see it: plain data. */
export interface SpanData {
  readonly name: string;
  readonly kind: SpanKind;
  readonly context: SpanContext;
  readonly parentSpanId: string | undefined;
  readonly startTime: Timestamp;
  readonly endTime: Timestamp | undefined;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly events: readonly SpanEventData[];
  readonly links: readonly Link[];
  readonly status: SpanStatus;
  readonly droppedAttributesCount: number;
  readonly droppedEventsCount: number;
  /** The tracer's scope when another library made the span through the OpenTelemetry API; else this library's. */
  readonly instrumentationScope?: InstrumentationScope;
}
