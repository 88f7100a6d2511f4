import { DecodeError } from './decode-error.js';
import { hex, integer, payload, readFields, text, type WireField } from './protobuf-reader.js';

// Reads an `ExportTraceServiceRequest` in protobuf into the same object the OTLP JSON mapping parses
// to (hex ids, decimal-string times, typed AnyValues), so both encodings go through one set of checks
// in decode.ts. Field numbers are those of opentelemetry/proto/trace/v1/trace.proto and
// common/v1/common.proto.

// biome-ignore lint/suspicious/noExplicitAny: the JSON mapping is built field by field
type Json = any;

/** Nesting of arrays and key-value lists within one attribute value; deeper is a hostile body. */
export const MAX_VALUE_DEPTH = 32;

function messages(fields: WireField[], number: number, path: string, read: (bytes: Uint8Array, path: string) => Json) {
  const out: Json[] = [];
  for (const field of fields) {
    if (field.number === number) out.push(read(payload(field, path), `${path}[${out.length}]`));
  }
  return out;
}

function last(fields: WireField[], number: number): WireField | undefined {
  for (let i = fields.length - 1; i >= 0; i--) if (fields[i].number === number) return fields[i];
  return undefined;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function anyValue(bytes: Uint8Array, path: string, depth = 0): Json {
  if (depth > MAX_VALUE_DEPTH) throw new DecodeError(`${path} is nested deeper than ${MAX_VALUE_DEPTH}`, path);
  const fields = readFields(bytes, path);
  // A oneof: the last value on the wire wins.
  for (let i = fields.length - 1; i >= 0; i--) {
    const field = fields[i];
    switch (field.number) {
      case 1:
        return { stringValue: text(field, `${path}.stringValue`) };
      case 2:
        return { boolValue: integer(field, `${path}.boolValue`) !== 0n };
      case 3:
        return { intValue: BigInt.asIntN(64, integer(field, `${path}.intValue`)).toString() };
      case 4: {
        const buffer = new DataView(new ArrayBuffer(8));
        buffer.setBigUint64(0, integer(field, `${path}.doubleValue`), true);
        return { doubleValue: buffer.getFloat64(0, true) };
      }
      case 5: {
        const values = readFields(payload(field, `${path}.arrayValue`), `${path}.arrayValue`);
        return {
          arrayValue: {
            values: messages(values, 1, `${path}.arrayValue.values`, (b, p) => anyValue(b, p, depth + 1)),
          },
        };
      }
      case 6: {
        const values = readFields(payload(field, `${path}.kvlistValue`), `${path}.kvlistValue`);
        return {
          kvlistValue: {
            values: messages(values, 1, `${path}.kvlistValue.values`, (b, p) => keyValue(b, p, depth + 1)),
          },
        };
      }
      case 7:
        return { bytesValue: toBase64(payload(field, `${path}.bytesValue`)) };
    }
  }
  return {};
}

function keyValue(bytes: Uint8Array, path: string, depth = 0): Json {
  const fields = readFields(bytes, path);
  const key = last(fields, 1);
  const value = last(fields, 2);
  return {
    key: key ? text(key, `${path}.key`) : '',
    value: value ? anyValue(payload(value, `${path}.value`), `${path}.value`, depth) : {},
  };
}

const attributes = (fields: WireField[], number: number, path: string) =>
  messages(fields, number, path, (b, p) => keyValue(b, p));

function unixNano(fields: WireField[], number: number, path: string): string {
  const field = last(fields, number);
  return field ? integer(field, path).toString() : '0';
}

function status(bytes: Uint8Array, path: string): Json {
  const fields = readFields(bytes, path);
  const message = last(fields, 2);
  const code = last(fields, 3);
  return {
    message: message ? text(message, `${path}.message`) : '',
    code: code ? Number(BigInt.asIntN(32, integer(code, `${path}.code`))) : 0,
  };
}

function event(bytes: Uint8Array, path: string): Json {
  const fields = readFields(bytes, path);
  const name = last(fields, 2);
  return {
    timeUnixNano: unixNano(fields, 1, `${path}.timeUnixNano`),
    name: name ? text(name, `${path}.name`) : '',
    attributes: attributes(fields, 3, `${path}.attributes`),
  };
}

function span(bytes: Uint8Array, path: string): Json {
  const fields = readFields(bytes, path);
  const id = (number: number, name: string) => {
    const field = last(fields, number);
    return field ? hex(payload(field, `${path}.${name}`)) : '';
  };
  const name = last(fields, 5);
  const kind = last(fields, 6);
  const spanStatus = last(fields, 15);
  return {
    traceId: id(1, 'traceId'),
    spanId: id(2, 'spanId'),
    parentSpanId: id(4, 'parentSpanId'),
    name: name ? text(name, `${path}.name`) : '',
    kind: kind ? Number(BigInt.asIntN(32, integer(kind, `${path}.kind`))) : 0,
    startTimeUnixNano: unixNano(fields, 7, `${path}.startTimeUnixNano`),
    endTimeUnixNano: unixNano(fields, 8, `${path}.endTimeUnixNano`),
    attributes: attributes(fields, 9, `${path}.attributes`),
    events: messages(fields, 11, `${path}.events`, event),
    status: spanStatus ? status(payload(spanStatus, `${path}.status`), `${path}.status`) : {},
  };
}

function scopeSpans(bytes: Uint8Array, path: string): Json {
  return { spans: messages(readFields(bytes, path), 2, `${path}.spans`, span) };
}

function resourceSpans(bytes: Uint8Array, path: string): Json {
  const fields = readFields(bytes, path);
  const resource = last(fields, 1);
  const resourceFields = resource ? readFields(payload(resource, `${path}.resource`), `${path}.resource`) : [];
  return {
    resource: { attributes: attributes(resourceFields, 1, `${path}.resource.attributes`) },
    scopeSpans: messages(fields, 2, `${path}.scopeSpans`, scopeSpans),
  };
}

/** An `ExportTraceServiceRequest` in protobuf, as the object its OTLP JSON mapping would parse to. */
export function protobufTraceRequest(bytes: Uint8Array): Json {
  return { resourceSpans: messages(readFields(bytes, ''), 1, 'resourceSpans', resourceSpans) };
}
