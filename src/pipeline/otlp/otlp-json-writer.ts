import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { toUnixNanoString } from '../../trace/clock.js';
import type { InstrumentationScope, SpanData } from '../../trace/span-data.js';
import type { JsonWriter } from './json-writer.js';

// The OTLP JSON mapping, written as text straight into the body (byte for byte what JSON.stringify
// made of the object mapping this replaced): building objects and having V8 walk them costs more
// than escaping a span's prompts. Members in the order of the OTLP protos, `undefined` ones left out.

function writeAnyValue(out: JsonWriter, value: unknown): void {
  switch (typeof value) {
    case 'string':
      out.string('{"stringValue":', value);
      out.text += '}';
      return;
    case 'boolean':
      out.text += `{"boolValue":${value}}`;
      return;
    case 'number':
      // JSON.stringify writes a double that is not finite as null.
      out.text += Number.isInteger(value) ? `{"intValue":${value}}` : `{"doubleValue":${JSON.stringify(value)}}`;
      return;
  }
  if (!Array.isArray(value)) {
    writeAnyValue(out, String(value));
    return;
  }
  out.text += '{"arrayValue":{"values":[';
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out.text += ',';
    // A hole stays a hole, which JSON writes as null.
    if (i in value) writeAnyValue(out, value[i]);
    else out.text += 'null';
  }
  out.text += ']}}';
}

/** Attributes as an array of OTLP `KeyValue`s, leaving out `undefined` and `null` values. */
export function writeKeyValues(
  out: JsonWriter,
  attributes: Attributes | Readonly<Record<string, AttributeValue>>,
): void {
  let separator = '';
  out.text += '[';
  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined || value === null) continue;
    out.string(`${separator}{"key":`, key);
    out.text += ',"value":';
    writeAnyValue(out, value);
    out.text += '}';
    separator = ',';
  }
  out.text += ']';
}

/** One OTLP `Span`: hex ids, decimal-string times, integer enums, typed attribute values. */
export function writeSpan(out: JsonWriter, span: SpanData): void {
  const { context, status } = span;
  out.string('{"traceId":', context.traceId);
  out.string(',"spanId":', context.spanId);
  out.string(',"traceState":', context.traceState?.serialize());
  out.string(',"parentSpanId":', span.parentSpanId);
  out.string(`,"flags":${context.traceFlags},"name":`, span.name);
  // OTLP counts kinds from 1 (INTERNAL); the API counts from 0.
  out.text += `,"kind":${span.kind + 1},"startTimeUnixNano":"${toUnixNanoString(span.startTime)}","endTimeUnixNano":"${toUnixNanoString(span.endTime ?? span.startTime)}","attributes":`;
  writeKeyValues(out, span.attributes);
  out.text += `,"droppedAttributesCount":${span.droppedAttributesCount},"events":[`;
  span.events.forEach((event, index) => {
    out.string(`${index > 0 ? ',' : ''}{"timeUnixNano":"${toUnixNanoString(event.time)}","name":`, event.name);
    out.text += ',"attributes":';
    writeKeyValues(out, event.attributes);
    out.text += ',"droppedAttributesCount":0}';
  });
  // A status with a message is written as recorded, in its own members' order.
  out.text += `],"droppedEventsCount":${span.droppedEventsCount},"status":${JSON.stringify(status.message === undefined ? { code: status.code } : status)},"links":[`;
  span.links.forEach((link, index) => {
    out.string(`${index > 0 ? ',' : ''}{"traceId":`, link.context.traceId);
    out.string(',"spanId":', link.context.spanId);
    out.string(',"traceState":', link.context.traceState?.serialize());
    out.text += ',"attributes":';
    writeKeyValues(out, link.attributes ?? {});
    out.text += `,"droppedAttributesCount":${link.droppedAttributesCount ?? 0}}`;
  });
  out.text += '],"droppedLinksCount":0}';
}

/** A `scopeSpans` entry up to its first span, after `prefix`. */
export function writeScopeOpening(out: JsonWriter, prefix: string, scope: InstrumentationScope): void {
  out.string(`${prefix}{"scope":{"name":`, scope.name);
  out.string(',"version":', scope.version);
  out.text += '},"spans":[';
}

/** A request up to its first span: the resource, and `scope`'s `scopeSpans` opened. */
export function writeRequestOpening(out: JsonWriter, resource: Attributes, scope: InstrumentationScope): void {
  out.text += '{"resourceSpans":[{"resource":{"attributes":';
  writeKeyValues(out, resource);
  writeScopeOpening(out, ',"droppedAttributesCount":0},"scopeSpans":[', scope);
}

/** What follows a request's last span: it closes `spans`, `scopeSpans`, `resourceSpans` and the request. */
export const REQUEST_END = ']}]}]}';
