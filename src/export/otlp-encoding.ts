import type { Attributes } from '@opentelemetry/api';
import type { SpanData } from '../trace/span-data.js';
import { type InstrumentationScope, toOtlpSpan, toOtlpTraceRequest } from './otlp-json.js';

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

function joinBody(prefix: Uint8Array, parts: Uint8Array[], suffix: Uint8Array, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(prefix, 0);
  let offset = prefix.length;
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) bytes[offset++] = 0x2c; // ','
    bytes.set(parts[i], offset);
    offset += parts[i].length;
  }
  bytes.set(suffix, offset);
  return bytes;
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
    const { prefix, suffix } = envelopeOf(resource, scope);
    const bodies: OtlpBody[] = [];
    let parts: Uint8Array[] = [];
    let size = prefix.length + suffix.length;
    for (const span of spans) {
      const part = utf8.encode(JSON.stringify(toOtlpSpan(span)));
      const added = part.length + (parts.length > 0 ? 1 : 0);
      if (parts.length > 0 && size + added > maxBytes) {
        bodies.push({ bytes: joinBody(prefix, parts, suffix, size), spanCount: parts.length });
        parts = [];
        size = prefix.length + suffix.length;
      }
      size += part.length + (parts.length > 0 ? 1 : 0);
      parts.push(part);
    }
    if (parts.length > 0) bodies.push({ bytes: joinBody(prefix, parts, suffix, size), spanCount: parts.length });
    return bodies;
  },
};
