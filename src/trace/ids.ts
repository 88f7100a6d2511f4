// Character codes of the lowercase hex digits, by nibble.
const HEX: number[] = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

// All-zero ids are invalid in W3C trace context. The chance of drawing one is negligible, and one
// string comparison (which fails at the first character almost always) is cheaper than testing the bytes.
const INVALID_TRACE_ID = '0'.repeat(32);
const INVALID_SPAN_ID = '0'.repeat(16);

// One pool of random bytes serves many ids: crypto.getRandomValues per id costs more than the span.
// Each call has a fixed cost of a few microseconds, so 16 KB (one refill per ~680 spans) costs a
// third of 4 KB per id; 64 KB would save a few ns more but make the first span of a fresh isolate
// pay ~10 µs to fill it.
const pool = new Uint8Array(16384);
let poolOffset = pool.length;

/** The offset in `pool` of `byteLength` random bytes not used before. */
function takeBytes(byteLength: number): number {
  if (poolOffset + byteLength > pool.length) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const offset = poolOffset;
  poolOffset += byteLength;
  return offset;
}

// One String.fromCharCode call per id builds a flat string at once: about half the cost of sixteen
// or thirty-two concatenations, which also leave a rope to flatten when the id is first read.

/** A new random 16-byte trace id as 32 lowercase hex characters. */
export function newTraceId(): string {
  const p = pool;
  const o = takeBytes(16);
  // biome-ignore format: one line per four bytes
  const id = String.fromCharCode(
    HEX[p[o] >> 4], HEX[p[o] & 15], HEX[p[o + 1] >> 4], HEX[p[o + 1] & 15],
    HEX[p[o + 2] >> 4], HEX[p[o + 2] & 15], HEX[p[o + 3] >> 4], HEX[p[o + 3] & 15],
    HEX[p[o + 4] >> 4], HEX[p[o + 4] & 15], HEX[p[o + 5] >> 4], HEX[p[o + 5] & 15],
    HEX[p[o + 6] >> 4], HEX[p[o + 6] & 15], HEX[p[o + 7] >> 4], HEX[p[o + 7] & 15],
    HEX[p[o + 8] >> 4], HEX[p[o + 8] & 15], HEX[p[o + 9] >> 4], HEX[p[o + 9] & 15],
    HEX[p[o + 10] >> 4], HEX[p[o + 10] & 15], HEX[p[o + 11] >> 4], HEX[p[o + 11] & 15],
    HEX[p[o + 12] >> 4], HEX[p[o + 12] & 15], HEX[p[o + 13] >> 4], HEX[p[o + 13] & 15],
    HEX[p[o + 14] >> 4], HEX[p[o + 14] & 15], HEX[p[o + 15] >> 4], HEX[p[o + 15] & 15],
  );
  return id === INVALID_TRACE_ID ? newTraceId() : id;
}

/** A new random 8-byte span id as 16 lowercase hex characters. */
export function newSpanId(): string {
  const p = pool;
  const o = takeBytes(8);
  // biome-ignore format: one line per four bytes
  const id = String.fromCharCode(
    HEX[p[o] >> 4], HEX[p[o] & 15], HEX[p[o + 1] >> 4], HEX[p[o + 1] & 15],
    HEX[p[o + 2] >> 4], HEX[p[o + 2] & 15], HEX[p[o + 3] >> 4], HEX[p[o + 3] & 15],
    HEX[p[o + 4] >> 4], HEX[p[o + 4] & 15], HEX[p[o + 5] >> 4], HEX[p[o + 5] & 15],
    HEX[p[o + 6] >> 4], HEX[p[o + 6] & 15], HEX[p[o + 7] >> 4], HEX[p[o + 7] & 15],
  );
  return id === INVALID_SPAN_ID ? newSpanId() : id;
}
