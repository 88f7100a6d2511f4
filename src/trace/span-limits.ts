// Output of a long stream is kept to its first items: the span must not hold the whole stream. (At the
// top of a file with no imported values, esbuild inlines it where it is read.)
export const MAX_RECORDED_ITEMS = 1000;

/** Bounds on what one span may hold, so a huge prompt or a runaway loop cannot grow memory without limit. */
export interface SpanLimits {
  /** Attributes per span; later keys are dropped and counted. Default 128. */
  readonly attributeCountLimit: number;
  /** Characters per string value (and per string in an array); longer ones are cut. Default: no limit. */
  readonly attributeValueLengthLimit: number;
  /** Events per span; later ones are dropped and counted. Default 128. */
  readonly eventCountLimit: number;
}

/** The OpenTelemetry defaults, except that values are not cut unless configured. */
export const DEFAULT_SPAN_LIMITS: SpanLimits = Object.freeze({
  attributeCountLimit: 128,
  attributeValueLengthLimit: Number.POSITIVE_INFINITY,
  eventCountLimit: 128,
});

/**
 * The limits a span records with: one character more than the exported limit, so that
 * `prepareForExport` (run when a flush takes the span) can tell a value that was cut (and mark it)
 * from one that was exactly at the limit, while a huge value still costs no more than the limit in
 * memory.
 *
 * @example
 * recordingLimits({ ...DEFAULT_SPAN_LIMITS, attributeValueLengthLimit: 100 }).attributeValueLengthLimit; // 101
 */
export function recordingLimits(limits: SpanLimits): SpanLimits {
  return { ...limits, attributeValueLengthLimit: limits.attributeValueLengthLimit + 1 };
}
