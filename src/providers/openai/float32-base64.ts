/**
 * Decodes an embedding sent with `encoding_format: "base64"`: little-endian float32 values, base64
 * encoded. (The OpenAI Node SDK asks for this format by default and decodes it the same way.)
 * Gives `undefined` for text that is not base64 or whose length is not a whole number of floats.
 *
 * @example
 * decodeFloat32Base64('AACAPwAAAMA='); // [1, -2]
 */
export function decodeFloat32Base64(text: string): number[] | undefined {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  if (binary.length % 4 !== 0) return undefined;
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  // DataView, not Float32Array: the wire format is little-endian whatever the host's byte order.
  const view = new DataView(bytes.buffer);
  const values = new Array<number>(bytes.length / 4);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}
