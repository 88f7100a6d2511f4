/** Decodes a whole body at once (never `stream: true`, so it holds no state and is shared). */
export const bodyDecoder = new TextDecoder();

/**
 * The request body as text when it can be read without consuming anything the request still needs:
 * strings and byte buffers. FormData, Blob, URLSearchParams and streams give `undefined` and pass
 * through untouched (the span then records what the URL tells).
 */
export function readRequestBodyText(body: BodyInit | null | undefined): string | undefined {
  if (typeof body === 'string') return body;
  if (body instanceof ArrayBuffer) return bodyDecoder.decode(body);
  if (ArrayBuffer.isView(body)) return bodyDecoder.decode(body);
  return undefined;
}
