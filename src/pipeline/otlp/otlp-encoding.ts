import type { Attributes } from '@opentelemetry/api';
import type { SpanData } from '../../trace/span-data.js';
import { type InstrumentationScope, toOtlpScope, toOtlpSpan, toOtlpTraceRequest } from './otlp-json.js';
import { groupByScope } from './scope-groups.js';

/** One HTTP request body and how many spans it carries. */
export interface OtlpBody {
  readonly bytes: Uint8Array;
  readonly spanCount: number;
}

/**
 * A wire format for OTLP/HTTP: `http/json` here, `http/protobuf` from `edge-llmobs/protobuf` (kept
 * apart so JSON users do not carry the protobuf writer).
 */
export interface OtlpEncoding {
  /** The `OTEL_EXPORTER_OTLP_PROTOCOL` name: `'http/json'` or `'http/protobuf'`. */
  readonly protocol: string;
  /** The request's `Content-Type`. */
  readonly contentType: string;
  /**
   * Encodes spans into as few bodies as fit in `maxBytes` each (a single span larger than that
   * still gets a body of its own: the collector decides).
   */
  encode(spans: readonly SpanData[], resource: Attributes, scope: InstrumentationScope, maxBytes: number): OtlpBody[];
}

const utf8 = new TextEncoder();
const EMPTY = new Uint8Array(0);

/**
 * A request body written in place: each span's JSON is encoded straight into one growing buffer, so
 * no per-span byte array is made and nothing is copied twice.
 */
class BodyWriter {
  bytes: Uint8Array;
  length: number;

  constructor(prefix: Uint8Array, expected: number) {
    this.bytes = new Uint8Array(prefix.length + expected);
    this.bytes.set(prefix);
    this.length = prefix.length;
  }

  reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Appends `text` (preceded by a comma when `comma`), as UTF-8. */
  append(text: string, comma: boolean): void {
    // Room for one byte a character first: JSON of spans is mostly ASCII. Where it is not,
    // encodeInto stops at the end of the room, and the rest is encoded after the buffer grows.
    this.reserve(text.length + 1);
    if (comma) this.bytes[this.length++] = 0x2c;
    let rest = text;
    for (;;) {
      const { read, written } = utf8.encodeInto(rest, this.bytes.subarray(this.length));
      this.length += written;
      if (read === rest.length) return;
      rest = rest.slice(read);
      this.reserve(rest.length * 3);
    }
  }

  finish(suffix: Uint8Array): Uint8Array {
    this.reserve(suffix.length);
    this.bytes.set(suffix, this.length);
    return this.bytes.subarray(0, this.length + suffix.length);
  }
}

interface Envelope {
  readonly resource: Attributes;
  readonly scope: InstrumentationScope;
  readonly prefix: Uint8Array;
  readonly suffix: Uint8Array;
}

// An exporter sends with the same resource and scope objects every time: their bytes are made once.
let lastEnvelope: Envelope | undefined;

function envelopeOf(resource: Attributes, scope: InstrumentationScope): Envelope {
  if (lastEnvelope?.resource === resource && lastEnvelope.scope === scope) return lastEnvelope;
  const envelope = JSON.stringify(toOtlpTraceRequest([], resource, scope));
  // The spans array is the last member of the envelope, so everything after its '[' closes it.
  const cut = envelope.lastIndexOf('"spans":[]') + '"spans":['.length;
  lastEnvelope = {
    resource,
    scope,
    prefix: utf8.encode(envelope.slice(0, cut)),
    suffix: utf8.encode(envelope.slice(cut)),
  };
  return lastEnvelope;
}

/**
 * A first guess at a body's size from its first span: spans of one batch are alike, so a typical
 * body never regrows.
 */
function capacityFor(first: string, spans: number, maxBytes: number): number {
  return Math.min(first.length * spans, maxBytes) + first.length + 1024;
}

/**
 * OTLP/HTTP JSON. Each span is serialized once and bodies are packed greedily up to `maxBytes`
 * (UTF-8 bytes, measured exactly), so splitting a large batch costs no second encoding.
 *
 * @example
 * const bodies = httpJson.encode(spans, { 'service.name': 'chat' }, { name: 'edge-llmobs' }, 3_000_000);
 */
export const httpJson: OtlpEncoding = {
  protocol: 'http/json',
  contentType: 'application/json',
  encode(spans, resource, scope, maxBytes) {
    const bodies: OtlpBody[] = [];
    let writer: BodyWriter | undefined;
    let count = 0;
    let suffix: Uint8Array = EMPTY;
    for (const group of groupByScope(spans, scope)) {
      const envelope = envelopeOf(resource, group.scope);
      // Within a body, a new scope closes the previous scopeSpans and opens its own.
      let opening: string | undefined =
        writer === undefined ? undefined : `]},{"scope":${JSON.stringify(toOtlpScope(group.scope))},"spans":[`;
      suffix = envelope.suffix;
      for (const span of group.spans) {
        const json = JSON.stringify(toOtlpSpan(span));
        if (writer === undefined) writer = new BodyWriter(envelope.prefix, capacityFor(json, spans.length, maxBytes));
        const mark = writer.length;
        if (opening !== undefined) writer.append(opening, false);
        writer.append(json, count > 0 && opening === undefined);
        if (count > 0 && writer.length + suffix.length > maxBytes) {
          // This span does not fit: close the body without it and start the next one with it.
          writer.length = mark;
          bodies.push({ bytes: writer.finish(suffix), spanCount: count });
          writer = new BodyWriter(envelope.prefix, capacityFor(json, spans.length - count, maxBytes));
          writer.append(json, false);
          count = 0;
        }
        opening = undefined;
        count++;
      }
    }
    if (writer !== undefined) bodies.push({ bytes: writer.finish(suffix), spanCount: count });
    return bodies;
  },
};
