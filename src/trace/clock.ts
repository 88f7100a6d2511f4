/** A point in time: whole milliseconds since the epoch plus the nanoseconds past them, kept apart so no precision is lost. */
export interface Timestamp {
  readonly epochMs: number;
  readonly nanos: number;
}

const origin = typeof performance !== 'undefined' ? performance.timeOrigin : undefined;

/** The current time, sub-millisecond where the runtime's `performance.now()` allows. */
export function now(): Timestamp {
  // Workers freeze both clocks between I/O, so spans there measure I/O time, which is what matters.
  const ms = origin === undefined ? Date.now() : origin + performance.now();
  const epochMs = Math.floor(ms);
  return { epochMs, nanos: Math.min(999_999, Math.round((ms - epochMs) * 1e6)) };
}

/** Converts an OpenTelemetry `TimeInput` (ms since epoch, `[s, ns]`, or a Date) to a Timestamp. */
export function toTimestamp(time: number | Date | [number, number] | undefined): Timestamp {
  if (time === undefined) return now();
  if (time instanceof Date) return { epochMs: time.getTime(), nanos: 0 };
  if (Array.isArray(time)) {
    const ms = time[0] * 1000 + Math.floor(time[1] / 1e6);
    return { epochMs: ms, nanos: time[1] % 1e6 };
  }
  // Numbers below 1e12 cannot be epoch milliseconds of this century; OTel treats them as performance.now() values.
  const ms = time < 1e12 && origin !== undefined ? origin + time : time;
  const epochMs = Math.floor(ms);
  return { epochMs, nanos: Math.min(999_999, Math.round((ms - epochMs) * 1e6)) };
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
