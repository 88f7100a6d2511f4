import type { Attributes } from '@opentelemetry/api';
import type { InstrumentationScope, SpanData } from '../../trace/span-data.js';
import type { JsonWriter } from './json-writer.js';
import { REQUEST_END, startBody, writeScopeOpening, writeSpan } from './otlp-json-writer.js';
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

/**
 * OTLP/HTTP JSON. Each span is written straight into its body's bytes, and bodies are packed
 * greedily up to `maxBytes` (UTF-8 bytes, measured exactly): a span that does not fit is written
 * again at the start of the next body, the only span written twice.
 *
 * @example
 * const bodies = httpJson.encode(spans, { 'service.name': 'chat' }, { name: 'edge-llmobs' }, 3_000_000);
 */
export const httpJson: OtlpEncoding = {
  protocol: 'http/json',
  contentType: 'application/json',
  encode(spans, resource, scope, maxBytes) {
    const bodies: OtlpBody[] = [];
    let out: JsonWriter | undefined;
    let count = 0;
    let left = spans.length;
    const finish = (body: JsonWriter) => {
      body.text += REQUEST_END;
      body.flush();
      bodies.push({ bytes: body.bytes.subarray(0, body.length), spanCount: count });
    };
    for (const group of groupByScope(spans, scope)) {
      let first = true;
      for (const span of group.spans) {
        // Room for a typical LLM span; the rest of the body is sized from the first.
        out ??= startBody(resource, group.scope, 8192);
        const mark = out.length;
        // Within a body, a new scope closes the previous scopeSpans and opens its own.
        if (count > 0 && first) writeScopeOpening(out, ']},', group.scope);
        else out.text += count > 0 ? ',' : '';
        // The separator is encoded with the span's text: one encodeInto call less a span.
        const start = out.length;
        writeSpan(out, span);
        out.flush();
        // Spans of one batch are alike: bodies are sized from one, with one span to spare.
        const room = Math.min((out.length - start) * left, maxBytes);
        if (out.length + REQUEST_END.length > maxBytes && count > 0) {
          // This span does not fit: close the body without it and start the next one with it.
          out.length = mark;
          finish(out);
          out = startBody(resource, group.scope, room + 8192);
          writeSpan(out, span);
          out.flush();
          count = 0;
        } else if (count === 0) out.reserve(left > 1 ? room : 0);
        first = false;
        count++;
        left--;
      }
    }
    if (out !== undefined) finish(out);
    return bodies;
  },
};
