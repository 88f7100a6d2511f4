/** How request bodies are compressed: `'gzip'` (the default, where the runtime can) or `'none'`. */
export type Compression = 'gzip' | 'none';

/** Bodies smaller than this are sent as they are: gzip's header would eat most of the saving. */
export const MIN_COMPRESSED_BYTES = 1024;

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
