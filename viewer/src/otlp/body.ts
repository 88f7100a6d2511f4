/** Why a request body could not be read. */
export class BodyError extends Error {
  constructor(
    message: string,
    /** 413 when the body is too large, 400 when it cannot be decoded, 415 for an unknown encoding. */
    readonly httpStatus: 400 | 413 | 415,
  ) {
    super(message);
  }
}

async function readAtMost(stream: ReadableStream<Uint8Array>, limit: number, what: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyError(`${what} is larger than ${limit} bytes`, 413);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The request body's bytes, gunzipped when `Content-Encoding: gzip` (the exporter may compress), with
 * the limit applied again after decoding so a small compressed body cannot expand without bound.
 */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'deflate') {
    throw new BodyError(`unsupported Content-Encoding ${encoding}`, 415);
  }
  let bytes: Uint8Array;
  if (encoding === 'identity') {
    bytes = await readAtMost(request.body, limit, 'request body');
  } else {
    try {
      // preventCancel: stopping at the limit leaves the rest of the upload for drainBody to read.
      const decoded = request.body.pipeThrough(new DecompressionStream(encoding), { preventCancel: true });
      bytes = await readAtMost(decoded, limit, `${encoding}-decoded request body`);
    } catch (error) {
      if (error instanceof BodyError) throw error;
      throw new BodyError(`request body is not valid ${encoding}`, 400);
    }
  }
  return bytes;
}

/** The request body as UTF-8 text, read as readBodyBytes reads it. */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  const bytes = await readBodyBytes(request, limit);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BodyError('request body is not valid UTF-8', 400);
  }
}

/**
 * Reads and discards what is left of a request body, up to `cap` bytes. A server that answers 413
 * while the client is still sending makes most clients see a reset connection instead of the
 * answer, and an OTLP exporter retries a connection error but never a 413.
 */
export async function drainBody(request: Request, cap: number): Promise<void> {
  if (!request.body || request.body.locked) return;
  const reader = request.body.getReader();
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
      if (size > cap) break;
    }
  } catch {
    return;
  }
  await reader.cancel().catch(() => {});
}
