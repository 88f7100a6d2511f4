import type { Attributes } from '@opentelemetry/api';
import type { InstrumentationScope, SpanData } from '../../trace/span-data.js';
import { JsonWriter } from './json-writer.js';
import { httpJson } from './otlp-encoding.js';
import { writeKeyValues } from './otlp-json-writer.js';

export type { InstrumentationScope } from '../../trace/span-data.js';

/** The body's bytes as text: they are UTF-8 of well-formed JSON (lone surrogates escaped), so exact. */
function toText(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/**
 * Serializes spans to the OTLP/HTTP JSON body, as one string: the exporter's body text (hex ids,
 * decimal-string times, integer enums, one resource, a `scopeSpans` per instrumentation scope).
 *
 * @example
 * const body = encodeOtlpJson(spans, { 'service.name': 'chat-app' }, { name: 'edge-llmobs' });
 * await fetch('http://127.0.0.1:4318/v1/traces', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
 */
export function encodeOtlpJson(spans: readonly SpanData[], resource: Attributes, scope: InstrumentationScope): string {
  const [body] = httpJson.encode(spans, resource, scope, Number.POSITIVE_INFINITY);
  if (body !== undefined) return toText(body.bytes);
  // No spans: the resource with no `scopeSpans` (the exporter never sends this one).
  const out = new JsonWriter(256);
  out.text += '{"resourceSpans":[{"resource":{"attributes":';
  writeKeyValues(out, resource);
  out.text += ',"droppedAttributesCount":0},"scopeSpans":[]}]}';
  out.flush();
  return toText(out.bytes.subarray(0, out.length));
}
