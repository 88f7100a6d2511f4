/** A point in time: whole milliseconds since the epoch plus the nanoseconds past them, kept apart so no precision is lost. */
export interface Timestamp {
  readonly epochMs: number;
  readonly nanos: number;
}

// Read through globalThis: a bare `performance` makes wrangler inject a polyfill for older
// compatibility dates.
const clock = (globalThis as { performance?: { timeOrigin: number; now(): number } }).performance;
const origin = clock?.timeOrigin;

/**
 * Milliseconds since the epoch, sub-millisecond where `performance.now()` allows. Spans keep this
 * number and build a {@link Timestamp} only at export, off the span path.
 */
export function nowMs(): number {
  // Workers freeze both clocks between I/O, so spans there measure I/O time, which is what matters.
  return clock === undefined || origin === undefined ? Date.now() : origin + clock.now();
}

/** Splits epoch milliseconds into a Timestamp. */
export function fromEpochMs(ms: number): Timestamp {
  const epochMs = Math.floor(ms);
  return { epochMs, nanos: Math.min(999_999, Math.round((ms - epochMs) * 1e6)) };
}

/** The current time as a Timestamp. */
export function now(): Timestamp {
  return fromEpochMs(nowMs());
}

/** Converts an OpenTelemetry `TimeInput` (ms since epoch, `[s, ns]`, or a Date) to epoch milliseconds. */
export function toEpochMs(time: number | Date | [number, number] | undefined): number {
  if (time === undefined) return nowMs();
  if (time instanceof Date) return time.getTime();
  if (Array.isArray(time)) return time[0] * 1000 + time[1] / 1e6;
  // Numbers below 1e12 cannot be epoch milliseconds of this century; OTel treats them as performance.now() values.
  return time < 1e12 && origin !== undefined ? origin + time : time;
}

/** Converts an OpenTelemetry `TimeInput` to a Timestamp. */
export function toTimestamp(time: number | Date | [number, number] | undefined): Timestamp {
  if (Array.isArray(time)) {
    // Kept exact: [s, ns] carries more precision than a double of epoch milliseconds.
    return { epochMs: time[0] * 1000 + Math.floor(time[1] / 1e6), nanos: time[1] % 1e6 };
  }
  return fromEpochMs(toEpochMs(time));
}

/** Nanoseconds since the epoch as a decimal string, the OTLP JSON form of a 64-bit time. */
export function toUnixNanoString(time: Timestamp): string {
  const nanos = String(time.nanos);
  return `${time.epochMs}${'000000'.slice(nanos.length)}${nanos}`;
}

/** Milliseconds between two timestamps. */
export function millisecondsBetween(start: Timestamp, end: Timestamp): number {
  return end.epochMs - start.epochMs + (end.nanos - start.nanos) / 1e6;
}
