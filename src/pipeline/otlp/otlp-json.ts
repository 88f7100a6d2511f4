import type { Attributes, AttributeValue, Link } from '@opentelemetry/api';
import { toUnixNanoString } from '../../trace/clock.js';
import type { InstrumentationScope, SpanData, SpanEventData } from '../../trace/span-data.js';
import { groupByScope } from './scope-groups.js';

/** An OTLP `AnyValue` in the JSON mapping. */
export type OtlpAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: number }
  | { doubleValue: number }
  | { arrayValue: { values: OtlpAnyValue[] } };

/** An OTLP `KeyValue`. */
export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

export type { InstrumentationScope } from '../../trace/span-data.js';

function toAnyValue(value: unknown): OtlpAnyValue {
  switch (typeof value) {
    case 'string':
      return { stringValue: value };
    case 'boolean':
      return { boolValue: value };
    case 'number':
      return Number.isInteger(value) ? { intValue: value } : { doubleValue: value };
    default:
      if (Array.isArray(value)) return { arrayValue: { values: value.map(toAnyValue) } };
      return { stringValue: String(value) };
  }
}

/** Span attributes as OTLP `KeyValue`s, skipping `undefined` and `null` values. */
export function toKeyValues(attributes: Attributes | Readonly<Record<string, AttributeValue>>): OtlpKeyValue[] {
  const keyValues: OtlpKeyValue[] = [];
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined && value !== null) keyValues.push({ key, value: toAnyValue(value) });
  }
  return keyValues;
}

function toOtlpEvent(event: SpanEventData) {
  return {
    timeUnixNano: toUnixNanoString(event.time),
    name: event.name,
    attributes: toKeyValues(event.attributes),
    droppedAttributesCount: 0,
  };
}

function toOtlpLink(link: Link) {
  return {
    traceId: link.context.traceId,
    spanId: link.context.spanId,
    traceState: link.context.traceState?.serialize(),
    attributes: toKeyValues(link.attributes ?? {}),
    droppedAttributesCount: link.droppedAttributesCount ?? 0,
  };
}

/** One span in the OTLP JSON mapping (the encoder of {@link toOtlpTraceRequest}, exposed for batching). */
export function toOtlpSpan(span: SpanData) {
  const end = span.endTime ?? span.startTime;
  return {
    traceId: span.context.traceId,
    spanId: span.context.spanId,
    traceState: span.context.traceState?.serialize(),
    parentSpanId: span.parentSpanId,
    flags: span.context.traceFlags,
    name: span.name,
    // OTLP counts kinds from 1 (INTERNAL); the API counts from 0.
    kind: span.kind + 1,
    startTimeUnixNano: toUnixNanoString(span.startTime),
    endTimeUnixNano: toUnixNanoString(end),
    attributes: toKeyValues(span.attributes),
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events.map(toOtlpEvent),
    droppedEventsCount: span.droppedEventsCount,
    status: span.status.message === undefined ? { code: span.status.code } : span.status,
    links: span.links.map(toOtlpLink),
    droppedLinksCount: 0,
  };
}

/** A `scopeSpans` entry's `scope`. */
export function toOtlpScope(scope: InstrumentationScope) {
  return { name: scope.name, version: scope.version };
}

/**
 * An OTLP `ExportTraceServiceRequest` in the JSON mapping: hex ids, integer enums, 64-bit times as
 * decimal strings, one resource, and one `scopeSpans` per instrumentation scope (`scope` for this
 * library's spans, their own for spans other libraries made through the OpenTelemetry API).
 */
export function toOtlpTraceRequest(spans: readonly SpanData[], resource: Attributes, scope: InstrumentationScope) {
  return {
    resourceSpans: [
      {
        resource: { attributes: toKeyValues(resource), droppedAttributesCount: 0 },
        scopeSpans: groupByScope(spans, scope).map((group) => ({
          scope: toOtlpScope(group.scope),
          spans: group.spans.map(toOtlpSpan),
        })),
      },
    ],
  };
}

/**
 * Serializes spans to the OTLP/HTTP JSON body.
 *
 * @example
 * const body = encodeOtlpJson(spans, { 'service.name': 'chat-app' }, { name: 'edge-llmobs' });
 * await fetch('http://127.0.0.1:4318/v1/traces', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
 */
export function encodeOtlpJson(spans: readonly SpanData[], resource: Attributes, scope: InstrumentationScope): string {
  return JSON.stringify(toOtlpTraceRequest(spans, resource, scope));
}
