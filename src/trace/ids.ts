// Character codes of the lowercase hex digits, by nibble.
const HEX: number[] = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

// One pool of random words serves many ids: crypto.getRandomValues per id costs more than the span.
// Each call has a fixed cost of a few microseconds, so 16 KB (one refill per ~680 spans) costs a
// third of 4 KB per id; 64 KB would save a few ns more but make the first span of a fresh isolate
// pay ~10 µs to fill it. Words, not bytes: four loads make a trace id instead of sixteen, and an
// all-zero id (invalid in W3C trace context) is told by the words, without comparing strings.
const pool = new Int32Array(4096);
let poolOffset = pool.length;

/** The index in `pool` of `count` random words not used before. */
function takeWords(count: number): number {
  if (poolOffset + count > pool.length) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const offset = poolOffset;
  poolOffset += count;
  return offset;
}

// One String.fromCharCode call per id builds a flat string at once: about half the cost of sixteen
// or thirty-two concatenations, which also leave a rope to flatten when the id is first read.

/** A new random 16-byte trace id as 32 lowercase hex characters. */
export function newTraceId(): string {
  const o = takeWords(4);
  const a = pool[o];
  const b = pool[o + 1];
  const c = pool[o + 2];
  const d = pool[o + 3];
  if ((a | b | c | d) === 0) return newTraceId();
  // biome-ignore format: one line per word
  return String.fromCharCode(
    HEX[(a >>> 28) & 15], HEX[(a >>> 24) & 15], HEX[(a >>> 20) & 15], HEX[(a >>> 16) & 15], HEX[(a >>> 12) & 15], HEX[(a >>> 8) & 15], HEX[(a >>> 4) & 15], HEX[a & 15],
    HEX[(b >>> 28) & 15], HEX[(b >>> 24) & 15], HEX[(b >>> 20) & 15], HEX[(b >>> 16) & 15], HEX[(b >>> 12) & 15], HEX[(b >>> 8) & 15], HEX[(b >>> 4) & 15], HEX[b & 15],
    HEX[(c >>> 28) & 15], HEX[(c >>> 24) & 15], HEX[(c >>> 20) & 15], HEX[(c >>> 16) & 15], HEX[(c >>> 12) & 15], HEX[(c >>> 8) & 15], HEX[(c >>> 4) & 15], HEX[c & 15],
    HEX[(d >>> 28) & 15], HEX[(d >>> 24) & 15], HEX[(d >>> 20) & 15], HEX[(d >>> 16) & 15], HEX[(d >>> 12) & 15], HEX[(d >>> 8) & 15], HEX[(d >>> 4) & 15], HEX[d & 15],
  );
}

/** A new random 8-byte span id as 16 lowercase hex characters. */
export function newSpanId(): string {
  const o = takeWords(2);
  const a = pool[o];
  const b = pool[o + 1];
  if ((a | b) === 0) return newSpanId();
  // biome-ignore format: one line per word
  return String.fromCharCode(
    HEX[(a >>> 28) & 15], HEX[(a >>> 24) & 15], HEX[(a >>> 20) & 15], HEX[(a >>> 16) & 15], HEX[(a >>> 12) & 15], HEX[(a >>> 8) & 15], HEX[(a >>> 4) & 15], HEX[a & 15],
    HEX[(b >>> 28) & 15], HEX[(b >>> 24) & 15], HEX[(b >>> 20) & 15], HEX[(b >>> 16) & 15], HEX[(b >>> 12) & 15], HEX[(b >>> 8) & 15], HEX[(b >>> 4) & 15], HEX[b & 15],
  );
}
