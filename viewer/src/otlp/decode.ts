import { type PlainValue, plainAttributes } from './any-value.js';
import { DecodeError } from './decode-error.js';
import { type SpanColumns, spanColumns } from './span-columns.js';
import { cutAttributes, cutText, MAX_EVENTS, MAX_NAME_CHARS } from './value-limits.js';

/** A span ready to store: identity, timing, the columns pages query, and the rest as JSON. */
export interface SpanRow extends SpanColumns {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  /** OTLP `SpanKind` (0 unspecified, 1 internal, 2 server, 3 client, ...). */
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  startMs: number;
  endMs: number;
  statusCode: number;
  statusMessage: string | null;
  serviceName: string | null;
  attributes: Record<string, PlainValue>;
  events: { name: string; timeUnixNano: string; attributes: Record<string, PlainValue> }[];
  resource: Record<string, PlainValue>;
}

export { DecodeError };

// biome-ignore lint/suspicious/noExplicitAny: OTLP JSON is checked structurally as it is read
type Json = any;

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const UNIX_NANO = /^\d{1,20}$/;

/** Reads a field by its lowerCamelCase name or, as proto3 JSON parsers must also accept, its proto name. */
function field(object: Json, camel: string, snake: string): Json {
  return object[camel] ?? object[snake];
}

function list(object: Json, camel: string, snake: string, path: string): Json[] {
  const value = field(object, camel, snake);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new DecodeError(`${path}.${camel} must be an array`, `${path}.${camel}`);
  return value;
}

function id(value: Json, pattern: RegExp, path: string, what: string): string {
  const text = typeof value === 'string' ? value.toLowerCase() : '';
  if (!pattern.test(text) || /^0+$/.test(text)) {
    throw new DecodeError(`${path} must be a non-zero ${what} as hex (got ${JSON.stringify(value)})`, path);
  }
  return text;
}

function unixNano(value: Json, path: string): string {
  // Proto3 JSON readers take 64-bit ints as numbers too; past 2^53 a number is only exact to ~256 ns.
  const text = typeof value === 'number' && Number.isInteger(value) && value >= 0 ? BigInt(value).toString() : value;
  if (typeof text !== 'string' || !UNIX_NANO.test(text)) {
    throw new DecodeError(`${path} must be a decimal count of nanoseconds`, path);
  }
  return text;
}

/** Nanoseconds since the epoch as float milliseconds, keeping microsecond precision. */
function nanoToMs(nanos: string): number {
  return Number(BigInt(nanos) / 1000n) / 1000;
}

function decodeSpan(span: Json, resource: Record<string, PlainValue>, path: string): SpanRow {
  if (!span || typeof span !== 'object') throw new DecodeError(`${path} must be an object`, path);
  const traceId = id(field(span, 'traceId', 'trace_id'), TRACE_ID, `${path}.traceId`, '16-byte trace id');
  const spanId = id(field(span, 'spanId', 'span_id'), SPAN_ID, `${path}.spanId`, '8-byte span id');
  const parent = field(span, 'parentSpanId', 'parent_span_id');
  const parentSpanId = parent ? id(parent, SPAN_ID, `${path}.parentSpanId`, '8-byte span id') : null;
  if (typeof span.name !== 'string') throw new DecodeError(`${path}.name must be a string`, `${path}.name`);
  const startTimeUnixNano = unixNano(
    field(span, 'startTimeUnixNano', 'start_time_unix_nano'),
    `${path}.startTimeUnixNano`,
  );
  const endTimeUnixNano = unixNano(field(span, 'endTimeUnixNano', 'end_time_unix_nano'), `${path}.endTimeUnixNano`);
  const attributes = cutAttributes(plainAttributes(span.attributes));
  const startMs = nanoToMs(startTimeUnixNano);
  const status = span.status && typeof span.status === 'object' ? span.status : {};
  const events = (Array.isArray(span.events) ? span.events.slice(0, MAX_EVENTS) : []).map((event: Json) => ({
    name: cutText(String(event?.name ?? ''), MAX_NAME_CHARS),
    timeUnixNano: cutText(String(field(event ?? {}, 'timeUnixNano', 'time_unix_nano') ?? ''), 32),
    attributes: cutAttributes(plainAttributes(event?.attributes)),
  }));
  return {
    traceId,
    spanId,
    parentSpanId,
    name: cutText(span.name, MAX_NAME_CHARS),
    kind: Number.isInteger(span.kind) ? span.kind : 0,
    startTimeUnixNano,
    endTimeUnixNano,
    startMs,
    // A span that claims to end before it starts is stored as instantaneous, so durations stay >= 0.
    endMs: Math.max(startMs, nanoToMs(endTimeUnixNano)),
    statusCode: Number.isInteger(status.code) ? status.code : 0,
    statusMessage:
      typeof status.message === 'string' && status.message ? cutText(status.message, MAX_NAME_CHARS) : null,
    serviceName: typeof resource['service.name'] === 'string' ? resource['service.name'] : null,
    attributes,
    events,
    resource,
    ...spanColumns(attributes),
  };
}

/** Parses an OTLP JSON body; the result goes to decodeTraceRequest. */
export function parseJsonRequest(text: string): Json {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DecodeError(`request body is not JSON: ${(error as Error).message}`);
  }
}

/**
 * Decodes an `ExportTraceServiceRequest` (the OTLP JSON mapping, as parsed from JSON or read from
 * protobuf) into rows. Any malformed span rejects the whole request, so a 400 never leaves half a
 * batch stored.
 */
export function decodeTraceRequest(request: Json): SpanRow[] {
  if (!request || typeof request !== 'object' || Array.isArray(request)) {
    throw new DecodeError('request body must be a JSON object (an ExportTraceServiceRequest)');
  }
  const rows: SpanRow[] = [];
  list(request, 'resourceSpans', 'resource_spans', '').forEach((resourceSpans, r) => {
    const resourcePath = `resourceSpans[${r}]`;
    if (!resourceSpans || typeof resourceSpans !== 'object')
      throw new DecodeError(`${resourcePath} must be an object`, resourcePath);
    const resource = cutAttributes(plainAttributes(resourceSpans.resource?.attributes));
    list(resourceSpans, 'scopeSpans', 'scope_spans', resourcePath).forEach((scopeSpans, s) => {
      const scopePath = `${resourcePath}.scopeSpans[${s}]`;
      if (!scopeSpans || typeof scopeSpans !== 'object')
        throw new DecodeError(`${scopePath} must be an object`, scopePath);
      list(scopeSpans, 'spans', 'spans', scopePath).forEach((span, i) => {
        rows.push(decodeSpan(span, resource, `${scopePath}.spans[${i}]`));
      });
    });
  });
  return rows;
}
