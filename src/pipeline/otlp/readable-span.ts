import type { Attributes, AttributeValue, HrTime, Link, SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';
import type { Timestamp } from '../../trace/clock.js';
import type { InstrumentationScope, SpanData } from '../../trace/span-data.js';

/**
 * The fields of the SDK's `ReadableSpan` that `@opentelemetry/otlp-transformer` reads, typed here so
 * the core does not depend on the SDK.
 */
export interface ReadableSpanShape {
  readonly name: string;
  readonly kind: SpanKind;
  spanContext(): SpanContext;
  readonly parentSpanContext: SpanContext | undefined;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly status: SpanStatus;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly links: readonly Link[];
  readonly events: readonly { name: string; time: HrTime; attributes: Attributes; droppedAttributesCount: number }[];
  readonly duration: HrTime;
  readonly ended: boolean;
  readonly resource: { readonly attributes: Attributes };
  readonly instrumentationScope: InstrumentationScope;
  readonly droppedAttributesCount: number;
  readonly droppedEventsCount: number;
  readonly droppedLinksCount: number;
}

/**
 * A {@link Timestamp} as OpenTelemetry's `[seconds, nanoseconds]`.
 *
 * @example
 * toHrTime({ epochMs: 1500, nanos: 7 }); // [1, 500_000_007]
 */
export function toHrTime(time: Timestamp): HrTime {
  const seconds = Math.floor(time.epochMs / 1000);
  return [seconds, (time.epochMs - seconds * 1000) * 1e6 + time.nanos];
}

/**
 * Views spans as SDK `ReadableSpan`s sharing one resource and scope object, which is how the
 * transformer groups them into one `ResourceSpans` and one `ScopeSpans`.
 *
 * @example
 * ProtobufTraceSerializer.serializeRequest(toReadableSpans(spans, resource, scope) as never);
 */
export function toReadableSpans(
  spans: readonly SpanData[],
  resource: Attributes,
  scope: InstrumentationScope,
): ReadableSpanShape[] {
  const sharedResource = { attributes: resource };
  return spans.map((span) => {
    const startTime = toHrTime(span.startTime);
    const endTime = toHrTime(span.endTime ?? span.startTime);
    return {
      name: span.name,
      kind: span.kind,
      spanContext: () => span.context,
      parentSpanContext:
        span.parentSpanId === undefined
          ? undefined
          : { traceId: span.context.traceId, spanId: span.parentSpanId, traceFlags: span.context.traceFlags },
      startTime,
      endTime,
      status: span.status,
      attributes: span.attributes,
      links: span.links,
      events: span.events.map((event) => ({ ...event, time: toHrTime(event.time), droppedAttributesCount: 0 })),
      duration: [endTime[0] - startTime[0], endTime[1] - startTime[1]],
      ended: span.endTime !== undefined,
      resource: sharedResource,
      instrumentationScope: span.instrumentationScope ?? scope,
      droppedAttributesCount: span.droppedAttributesCount,
      droppedEventsCount: span.droppedEventsCount,
      droppedLinksCount: 0,
    };
  });
}
