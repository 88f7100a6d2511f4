const deadlines = new WeakMap<AbortSignal, number>();
/** Signals of the last flush before shutdown: nothing after it will send what it leaves. */
const finalSignals = new WeakSet<AbortSignal>();

/**
 * An `AbortSignal` that aborts `ms` from now and remembers when, so code that receives only the signal
 * (an exporter) can tell whether a backoff wait still fits before it.
 *
 * @example
 * const signal = deadlineSignal(10_000);
 * deadlineOf(signal); // Date.now() + 10 000
 */
export function deadlineSignal(ms: number, final = false): AbortSignal {
  const signal = AbortSignal.timeout(ms);
  deadlines.set(signal, Date.now() + ms);
  if (final) finalSignals.add(signal);
  return signal;
}

/**
 * Whether `signal` is the deadline of the final flush (shutdown): an exporter must send then, not
 * stand back for another export's retry, since no later flush will come.
 *
 * @example
 * isFinalExport(deadlineSignal(10_000, true)); // true
 */
export function isFinalExport(signal: AbortSignal | undefined): boolean {
  return signal !== undefined && finalSignals.has(signal);
}

/**
 * The time (ms since the epoch) a signal from {@link deadlineSignal} aborts; `undefined` for any other.
 *
 * @example
 * deadlineOf(AbortSignal.timeout(5)); // undefined: not made here
 */
export function deadlineOf(signal: AbortSignal | undefined): number | undefined {
  return signal === undefined ? undefined : deadlines.get(signal);
}

/**
 * Resolves after `ms`, or as soon as `signal` aborts (then with `false`). Never rejects, so an aborted
 * wait cannot become an unhandled rejection.
 *
 * @example
 * if (!(await sleep(500, signal))) return; // the deadline passed while waiting
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
