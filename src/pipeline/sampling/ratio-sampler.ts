/** Decides whether a new root trace is recorded, from its id. */
export type TraceIdSampler = (traceId: string) => boolean;

/**
 * Keeps `ratio` of new traces, decided from the trace id as OpenTelemetry's `TraceIdRatioBased` does
 * (the low 32 bits against `ratio * 2^32`), so every service using the same ratio keeps the same
 * traces. Child spans follow their parent's decision (the tracer is parent-based).
 *
 * @example
 * const sample = ratioSampler(0.25);
 * sample('4bf92f3577b34da6a3ce929d0e0e4736'); // true for about a quarter of ids
 */
export function ratioSampler(ratio: number | undefined): TraceIdSampler {
  if (ratio === undefined || ratio >= 1) return () => true;
  if (!(ratio > 0)) return () => false;
  const bound = Math.floor(ratio * 0xffffffff);
  return (traceId) => Number.parseInt(traceId.slice(-8), 16) <= bound;
}
