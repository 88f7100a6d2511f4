import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { toUnixNanoString } from '../../trace/clock.js';
import type { InstrumentationScope, SpanData } from '../../trace/span-data.js';
import { JsonWriter } from './json-writer.js';

// The OTLP JSON mapping, written as text straight into the body (byte for byte what JSON.stringify
// made of the object mapping this replaced): building objects and having V8 walk them costs more
// than escaping a span's prompts. Members in the order of the OTLP protos, `undefined` ones left out.
// Each `+=` is a piece V8 must gather when the text is encoded (~20 ns a piece, more than encoding
// it), so constant text is written in as few pieces as it can be.

/**
 * A string OTLP requires, even where a span holds none: a JavaScript caller can end up with an
 * event without a name or a link without ids, and one such member must not cost the batch its JSON.
 */
function required(value: unknown): string {
  return typeof value === 'string' ? value : value == null ? '' : String(value);
}

/** Writes `value` as an OTLP `AnyValue`, then `close`. */
function writeAnyValue(out: JsonWriter, value: unknown, close: string): void {
  switch (typeof value) {
    case 'string':
      out.quoted('{"stringValue":"', value);
      out.text += `"}${close}`;
      return;
    case 'boolean':
      out.text += `{"boolValue":${value}}${close}`;
      return;
    case 'number':
      // JSON.stringify writes a double that is not finite as null.
      out.text += Number.isInteger(value)
        ? `{"intValue":${value}}${close}`
        : `{"doubleValue":${JSON.stringify(value)}}${close}`;
      return;
  }
  if (!Array.isArray(value)) {
    writeAnyValue(out, String(value), close);
    return;
  }
  out.text += '{"arrayValue":{"values":[';
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out.text += ',';
    // A hole stays a hole, which JSON writes as null.
    if (i in value) writeAnyValue(out, value[i], '');
    else out.text += 'null';
  }
  out.text += `]}}${close}`;
}

// Each key's text up to its value: keys repeat from span to span (values do not), so a key is
// escaped once. Bounded: cleared when full, as keys made from data could be many.
const keyTexts = new Map<string, string>();

/** Attributes as an array of OTLP `KeyValue`s, leaving out `undefined` and `null` values. */
export function writeKeyValues(
  out: JsonWriter,
  attributes: Attributes | Readonly<Record<string, AttributeValue>>,
): void {
  let separator = 1;
  out.text += '[';
  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined || value === null) continue;
    let text = keyTexts.get(key);
    if (text === undefined) {
      text = `,{"key":${JSON.stringify(key)},"value":`;
      if (keyTexts.size >= 1024) keyTexts.clear();
      if (key.length <= 256) keyTexts.set(key, text);
    }
    // The first KeyValue has no comma before it.
    out.text += text.slice(separator);
    writeAnyValue(out, value, '}');
    separator = 0;
  }
  out.text += ']';
}

/** One OTLP `Span`: hex ids, decimal-string times, integer enums, typed attribute values. */
export function writeSpan(out: JsonWriter, span: SpanData): void {
  const { context, status } = span;
  out.quoted('{"traceId":"', required(context.traceId));
  out.quoted('","spanId":"', required(context.spanId));
  // Each string's closing quote opens the text that follows it, so an optional member is one call.
  out.quoted('","traceState":"', context.traceState?.serialize());
  out.quoted('","parentSpanId":"', span.parentSpanId);
  out.quoted(`","flags":${context.traceFlags},"name":"`, required(span.name));
  // OTLP counts kinds from 1 (INTERNAL); the API counts from 0.
  out.text += `","kind":${span.kind + 1},"startTimeUnixNano":"${toUnixNanoString(span.startTime)}","endTimeUnixNano":"${toUnixNanoString(span.endTime ?? span.startTime)}","attributes":`;
  writeKeyValues(out, span.attributes);
  out.text += `,"droppedAttributesCount":${span.droppedAttributesCount},"events":[`;
  span.events.forEach((event, index) => {
    out.quoted(
      `${index > 0 ? ',' : ''}{"timeUnixNano":"${toUnixNanoString(event.time)}","name":"`,
      required(event.name),
    );
    out.text += '","attributes":';
    writeKeyValues(out, event.attributes);
    out.text += ',"droppedAttributesCount":0}';
  });
  // A status with a message is written as recorded, in its own members' order.
  out.text += `],"droppedEventsCount":${span.droppedEventsCount},"status":${JSON.stringify(status.message === undefined ? { code: status.code } : status)},"links":[`;
  span.links.forEach((link, index) => {
    out.quoted(`${index > 0 ? ',' : ''}{"traceId":"`, required(link.context?.traceId));
    out.quoted('","spanId":"', required(link.context?.spanId));
    out.quoted('","traceState":"', link.context?.traceState?.serialize());
    out.text += '","attributes":';
    writeKeyValues(out, link.attributes ?? {});
    out.text += `,"droppedAttributesCount":${link.droppedAttributesCount ?? 0}}`;
  });
  out.text += '],"droppedLinksCount":0}';
}

/** A `scopeSpans` entry up to its first span, after `prefix`. */
export function writeScopeOpening(out: JsonWriter, prefix: string, scope: InstrumentationScope): void {
  out.quoted(`${prefix}{"scope":{"name":"`, required(scope.name));
  out.quoted('","version":"', scope.version);
  out.text += '"},"spans":[';
}

/** A body with room for `capacity` bytes, written up to its first span: the resource, and `scope`'s `scopeSpans` opened. */
export function startBody(resource: Attributes, scope: InstrumentationScope, capacity: number): JsonWriter {
  const out = new JsonWriter(capacity);
  out.text += '{"resourceSpans":[{"resource":{"attributes":';
  writeKeyValues(out, resource);
  writeScopeOpening(out, ',"droppedAttributesCount":0},"scopeSpans":[', scope);
  out.flush();
  return out;
}

/** What follows a request's last span: it closes `spans`, `scopeSpans`, `resourceSpans` and the request. */
export const REQUEST_END = ']}]}]}';
