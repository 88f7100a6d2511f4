/** The W3C trace flag that marks a trace as sampled. */
export const SAMPLED_FLAG = 1;

// Character codes of the lowercase hex digits, by nibble.
const HEX: number[] = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

// Ids are drawn as random 32-bit words from a block filled by one crypto.getRandomValues call (a call
// per id costs more than the span): 16 KB, one fill per ~680 root spans; 64 KB would save a few ns
// more but make the first span of a fresh isolate pay ~10 µs to fill it. A span keeps the block and
// the offset of its words and turns them into hex only when its ids are first read (at export, or
// when a child span or a traceparent header needs them): off the span path, and never for a span
// whose ids nobody reads. So a used-up block is replaced, never refilled: spans may still hold it.
const BLOCK_WORDS = 4096;

/** The block ids are drawn from (see {@link drawIdWords}) and the offset of its next unused word. */
export const idPool: { block: Int32Array; next: number } = { block: new Int32Array(0), next: 0 };

/**
 * Draws `count` random words not drawn before: a trace id's four, a span id's two, or both (six, the
 * trace id's first); the offset of the first in `idPool.block`. No id drawn is all-zero (invalid in
 * W3C trace context; told by the words, without comparing strings).
 */
export function drawIdWords(count: 2 | 4 | 6): number {
  const pool = idPool;
  if (pool.next + count > BLOCK_WORDS) {
    pool.block = crypto.getRandomValues(new Int32Array(BLOCK_WORDS));
    pool.next = 0;
  }
  const at = pool.next;
  const block = pool.block;
  pool.next = at + count;
  // Stricter than needed for a trace id (no half of it all-zero either), at a cost of 2^-64 of ids.
  for (let i = at; i < at + count; i += 2) if ((block[i] | block[i + 1]) === 0) return drawIdWords(count);
  return at;
}

/** `count` words of `words` from `at`, as lowercase hex (8 characters a word). */
export function hexOf(words: Int32Array, at: number, count: number): string {
  let hex = '';
  for (let i = at; i < at + count; i++) {
    const w = words[i];
    // biome-ignore format: one word
    hex += String.fromCharCode(HEX[(w >>> 28) & 15], HEX[(w >>> 24) & 15], HEX[(w >>> 20) & 15], HEX[(w >>> 16) & 15], HEX[(w >>> 12) & 15], HEX[(w >>> 8) & 15], HEX[(w >>> 4) & 15], HEX[w & 15]);
  }
  return hex;
}

/** A new random trace id (4 words) or span id (2), in hex at once: for a sampler that reads it, or a span not recorded. */
export function newId(words: 2 | 4): string {
  const at = drawIdWords(words);
  return hexOf(idPool.block, at, words);
}
