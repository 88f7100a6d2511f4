/** How request bodies are compressed: `'gzip'` (the default, where the runtime can) or `'none'`. */
export type Compression = 'gzip' | 'none';

/**
 * Bodies smaller than this are sent as they are. Deflate costs CPU in proportion to the bytes (in
 * workerd, gzipping one request's 12 KB trace took about 250 µs of the isolate's CPU, more than the
 * whole untraced export), while a few KB more on the wire cost a Worker nothing; batched bodies
 * (`exportEvery`, flushes of many traces) still go gzipped. Every OTLP/HTTP collector accepts plain bodies.
 */
export const MIN_COMPRESSED_BYTES = 32 * 1024;

interface CompressionStreamConstructor {
  new (format: 'gzip'): TransformStream<Uint8Array, Uint8Array>;
}

function compressionStream(): CompressionStreamConstructor | undefined {
  const Stream = (globalThis as { CompressionStream?: CompressionStreamConstructor }).CompressionStream;
  return typeof Stream === 'function' ? Stream : undefined;
}

/**
 * Whether this runtime can gzip a body (`CompressionStream` exists: Node, Deno, Bun, workerd, browsers;
 * edge-runtime's VM lacks it unless injected).
 *
 * @example
 * const headers = canGzip() ? { 'content-encoding': 'gzip' } : {};
 */
export function canGzip(): boolean {
  return compressionStream() !== undefined;
}

/**
 * Gzips `body` with `CompressionStream`; `undefined` when the runtime cannot or the stream fails, in
 * which case the caller sends the body plain. Never rejects.
 *
 * @example
 * const gz = await gzip(new TextEncoder().encode(json));
 * if (gz) headers['content-encoding'] = 'gzip';
 */
export async function gzip(body: Uint8Array): Promise<Uint8Array | undefined> {
  const Stream = compressionStream();
  if (!Stream) return undefined;
  try {
    const stream = new Blob([body as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new Stream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    return undefined;
  }
}
