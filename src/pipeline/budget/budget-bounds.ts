// The byte budget's fixed proportions and what a degraded span keeps. A file of constants only, where
// esbuild inlines them at each use instead of keeping a variable each.

/** One span may hold at most this share of `maxQueueBytes` once it ended. */
export const MAX_SPAN_SHARE = 8;
/** Flushes hold at most this share of `maxQueueBytes` in flight. */
export const IN_FLIGHT_SHARE = 2;
/** Characters a large string keeps when its span is degraded: enough to recognize the prompt. */
export const DEGRADED_TEXT_LENGTH = 256;
/** Numbers a long numeric list (an embedding vector) keeps when its span is degraded. */
export const DEGRADED_LIST_LENGTH = 8;
