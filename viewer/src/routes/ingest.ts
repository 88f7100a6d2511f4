import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type AppEnv, maxBodyBytes, maxSpansPerRequest } from '../env.js';
import { BodyError, drainBody, readBodyBytes, readBodyText } from '../otlp/body.js';
import { DecodeError, decodeTraceRequest, parseJsonRequest, type SpanRow } from '../otlp/decode.js';
import { protobufTraceRequest } from '../otlp/protobuf-request.js';
import { badRequestStatus, isJson, isProtobuf, RpcCode, statusResponse } from '../otlp/status.js';
import { writeSpans } from '../store/write-spans.js';

const DRAIN_CAP_BYTES = 64 * 1024 * 1024;

/** Reads an OTLP body in the encoding its Content-Type names into rows; throws BodyError or DecodeError. */
async function readRows(request: Request, contentType: string | undefined, limit: number): Promise<SpanRow[]> {
  if (isProtobuf(contentType)) return decodeTraceRequest(protobufTraceRequest(await readBodyBytes(request, limit)));
  return decodeTraceRequest(parseJsonRequest(await readBodyText(request, limit)));
}

/** `POST /v1/traces`: OTLP/HTTP JSON or protobuf in, rows in D1 out. */
export const ingest = new Hono<AppEnv>();

ingest.post(
  '/v1/traces',
  // The wire size, checked from Content-Length before reading when there is one; the decoded size
  // is checked again in readBodyBytes.
  (c, next) =>
    bodyLimit({
      maxSize: maxBodyBytes(c.env),
      onError: async (c) => {
        // Platform request limits (100 MB on Workers) bound this; past the cap the connection is cut.
        await drainBody(c.req.raw, DRAIN_CAP_BYTES);
        return statusResponse(
          413,
          { code: RpcCode.resourceExhausted, message: `request body is larger than ${maxBodyBytes(c.env)} bytes` },
          c.req.header('content-type'),
        );
      },
    })(c, next),
  async (c) => {
    const contentType = c.req.header('content-type');
    if (!isProtobuf(contentType) && !isJson(contentType)) {
      await drainBody(c.req.raw, DRAIN_CAP_BYTES);
      return statusResponse(415, {
        code: RpcCode.invalidArgument,
        message: 'send OTLP/HTTP as Content-Type: application/json or application/x-protobuf',
      });
    }
    let rows: SpanRow[];
    try {
      rows = await readRows(c.req.raw, contentType, maxBodyBytes(c.env));
    } catch (error) {
      if (error instanceof BodyError) {
        await drainBody(c.req.raw, DRAIN_CAP_BYTES);
        const code = error.httpStatus === 413 ? RpcCode.resourceExhausted : RpcCode.invalidArgument;
        return statusResponse(error.httpStatus, { code, message: error.message }, contentType);
      }
      if (error instanceof DecodeError) {
        return statusResponse(400, badRequestStatus(error.message, error.field), contentType);
      }
      throw error;
    }
    const maxSpans = maxSpansPerRequest(c.env);
    if (rows.length > maxSpans) {
      return statusResponse(
        413,
        { code: RpcCode.resourceExhausted, message: `${rows.length} spans in one request; the limit is ${maxSpans}` },
        contentType,
      );
    }
    await writeSpans(c.env.DB, rows);
    // Full success: an ExportTraceServiceResponse with `partialSuccess` left unset (empty in protobuf).
    if (isProtobuf(contentType)) {
      return new Response(new Uint8Array(0), { headers: { 'content-type': 'application/x-protobuf' } });
    }
    return c.json({});
  },
);
