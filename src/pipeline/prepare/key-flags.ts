// A key's class, decided once per key (and cached, within the bounds below): its masking outcome (the
// low two bits) and two flags. Kept in a file of constants only, where esbuild inlines them at each
// use instead of keeping a variable each.

/** What `maskAttribute` does to every value of a key, as `classifyMaskedKey` finds it. */
export const MASK_KEEP = 0;
/** Every value of the key is removed. */
export const MASK_REMOVE = 1;
/** Every value of the key becomes `__REDACTED__`. */
export const MASK_REDACT = 2;
/** An image URL key: the outcome depends on the value (an oversized base64 image), so ask `maskAttribute`. */
export const MASK_BY_VALUE = 3;
/** The bits of a key's class that hold its masking outcome. */
export const MASK_BITS = 3;
/** The key names a credential: the attribute goes. */
export const SECRET_KEY = 4;
/** A URL key: credentials in its query parameters are scrubbed. */
export const URL_KEY = 8;

/** Keys classified per processor before the cache starts over; keys repeat across spans, so few are new. */
export const MAX_CACHED_KEYS = 4096;
/** Longer keys are classified each time rather than kept. */
export const MAX_CACHED_KEY_LENGTH = 256;

/** One of {@link MASK_KEEP}, {@link MASK_REMOVE}, {@link MASK_REDACT}, {@link MASK_BY_VALUE}. */
export type MaskOutcome = 0 | 1 | 2 | 3;
