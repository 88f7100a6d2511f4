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
