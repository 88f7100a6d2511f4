/**
 * OTLP/HTTP failure responses. The spec requires a `google.rpc.Status` body for every 4xx/5xx, encoded
 * like the request (JSON for JSON, protobuf for protobuf), and asks for a `BadRequest` detail on 400.
 * See https://opentelemetry.io/docs/specs/otlp/#failures-1
 */

/** `google.rpc.Code` values used here. */
export const RpcCode = {
  invalidArgument: 3,
  resourceExhausted: 8,
  permissionDenied: 7,
  internal: 13,
  unavailable: 14,
  unimplemented: 12,
  unauthenticated: 16,
} as const;

/** The JSON mapping of a `google.rpc.Status`. */
export interface OtlpStatus {
  code: number;
  message: string;
  details?: unknown[];
}

/** A `google.rpc.Status` with a `BadRequest` detail naming the offending field. */
export function badRequestStatus(message: string, field?: string): OtlpStatus {
  return {
    code: RpcCode.invalidArgument,
    message,
    details: field
      ? [
          {
            '@type': 'type.googleapis.com/google.rpc.BadRequest',
            fieldViolations: [{ field, description: message }],
          },
        ]
      : [],
  };
}

/** True when the request body is OTLP protobuf rather than JSON. */
export function isProtobuf(contentType: string | undefined): boolean {
  return /^application\/(x-)?protobuf\b/i.test(contentType ?? '');
}

/** True when the request body is OTLP JSON. */
export function isJson(contentType: string | undefined): boolean {
  return /^application\/json\s*(;|$)/i.test(contentType ?? '');
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return bytes;
}

/** Encodes `Status { int32 code = 1; string message = 2; }` (details are left out). */
export function encodeStatusProtobuf(status: OtlpStatus): Uint8Array<ArrayBuffer> {
  const message = new TextEncoder().encode(status.message);
  return new Uint8Array([0x08, ...varint(status.code), 0x12, ...varint(message.length), ...message]);
}

/** The failure response for `status`, encoded to match the request's content type. */
export function statusResponse(httpStatus: number, status: OtlpStatus, requestContentType?: string): Response {
  if (isProtobuf(requestContentType)) {
    return new Response(encodeStatusProtobuf(status), {
      status: httpStatus,
      headers: { 'content-type': 'application/x-protobuf' },
    });
  }
  return Response.json(status, { status: httpStatus });
}
