const HEX: string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

// One pool of random bytes serves many ids: crypto.getRandomValues per id costs more than the span.
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

function randomHex(byteLength: number): string {
  if (poolOffset + byteLength > pool.length) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  let hex = '';
  let allZero = true;
  for (let i = 0; i < byteLength; i++) {
    const byte = pool[poolOffset + i];
    if (byte !== 0) allZero = false;
    hex += HEX[byte];
  }
  poolOffset += byteLength;
  // An all-zero id is invalid in W3C trace context; the chance is negligible, the fix is cheap.
  return allZero ? randomHex(byteLength) : hex;
}

/** A new random 16-byte trace id as 32 lowercase hex characters. */
export function newTraceId(): string {
  return randomHex(16);
}

/** A new random 8-byte span id as 16 lowercase hex characters. */
export function newSpanId(): string {
  return randomHex(8);
}
