import type { Attributes } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { InstrumentationScope, SpanData } from '../../trace/span-data.js';
import type { OtlpBody, OtlpEncoding } from './otlp-encoding.js';
import { toReadableSpans } from './readable-span.js';

type SerializerInput = Parameters<typeof ProtobufTraceSerializer.serializeRequest>[0];

function serialize(spans: readonly SpanData[], resource: Attributes, scope: InstrumentationScope): Uint8Array {
  const bytes = ProtobufTraceSerializer.serializeRequest(
    toReadableSpans(spans, resource, scope) as unknown as SerializerInput,
  );
  if (!bytes) throw new Error('the protobuf serializer returned nothing');
  return bytes;
}

function encodeWithin(
  spans: readonly SpanData[],
  resource: Attributes,
  scope: InstrumentationScope,
  maxBytes: number,
  out: OtlpBody[],
): void {
  const bytes = serialize(spans, resource, scope);
  if (bytes.length <= maxBytes || spans.length === 1) {
    out.push({ bytes, spanCount: spans.length });
    return;
  }
  // The serializer sizes a whole request at once, so an oversized batch is halved until it fits.
  const middle = Math.ceil(spans.length / 2);
  encodeWithin(spans.slice(0, middle), resource, scope, maxBytes, out);
  encodeWithin(spans.slice(middle), resource, scope, maxBytes, out);
}

/**
 * OTLP/HTTP protobuf (`application/x-protobuf`) through `@opentelemetry/otlp-transformer`'s
 * serializer. Pass it as `protocol` to `register()`.
 *
 * @example
 * import { register } from 'edge-llmobs';
 * import { httpProtobuf } from 'edge-llmobs/protobuf';
 * register({ serviceName: 'chat-app', protocol: httpProtobuf });
 */
export const httpProtobuf: OtlpEncoding = {
  protocol: 'http/protobuf',
  contentType: 'application/x-protobuf',
  encode(spans, resource, scope, maxBytes) {
    const bodies: OtlpBody[] = [];
    if (spans.length > 0) encodeWithin(spans, resource, scope, maxBytes, bodies);
    return bodies;
  },
};
