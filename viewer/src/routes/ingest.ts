import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type AppEnv, maxBodyBytes } from '../env.js';
import { BodyError, drainBody, readBodyText } from '../otlp/body.js';
import { DecodeError, decodeTraceRequest } from '../otlp/decode.js';
import { badRequestStatus, isProtobuf, RpcCode, statusResponse } from '../otlp/status.js';
import { writeSpans } from '../store/write-spans.js';

const DRAIN_CAP_BYTES = 64 * 1024 * 1024;

/** `POST /v1/traces`: OTLP/HTTP JSON in, rows in D1 out. */
export const ingest = new Hono<AppEnv>();

ingest.post(
  '/v1/traces',
  // The wire size, checked from Content-Length before reading when there is one; the decoded size
  // is checked again in readBodyText.
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
    if (isProtobuf(contentType)) {
      return statusResponse(
        415,
        {
          code: RpcCode.unimplemented,
          message: 'this viewer reads OTLP/HTTP JSON only; send Content-Type: application/json',
        },
        contentType,
      );
    }
    let rows: ReturnType<typeof decodeTraceRequest>;
    try {
      rows = decodeTraceRequest(await readBodyText(c.req.raw, maxBodyBytes(c.env)));
    } catch (error) {
      if (error instanceof BodyError) {
        await drainBody(c.req.raw, DRAIN_CAP_BYTES);
        const code = error.httpStatus === 413 ? RpcCode.resourceExhausted : RpcCode.invalidArgument;
        return statusResponse(error.httpStatus, { code, message: error.message }, contentType);
      }
      if (error instanceof DecodeError) return statusResponse(400, badRequestStatus(error.message, error.field));
      throw error;
    }
    await writeSpans(c.env.DB, rows);
    // Full success: an ExportTraceServiceResponse with `partialSuccess` left unset.
    return c.json({});
  },
);
