const deadlines = new WeakMap<AbortSignal, number>();
/** Signals of the last flush before shutdown: nothing after it will send what it leaves. */
const finalSignals = new WeakSet<AbortSignal>();

/** A signal that aborts at a deadline, and the way to let its timer go once the work is done. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** Clears the timer: the signal then never aborts. Call it when the work it bounds has ended. */
  release(): void;
}

/**
 * A signal that aborts `ms` from now (with a `TimeoutError`, as `AbortSignal.timeout` does), and its
 * release. One timer, cleared on release: `AbortSignal.timeout`'s lives on after the work it bounded
 * (10 s per flush, 5 s per attempt), and each costs workerd a timer of the request's.
 *
 * @example
 * const attempt = timeoutSignal(5000, outer);
 * try { await fetch(url, { signal: attempt.signal }); } finally { attempt.release(); }
 */
export function timeoutSignal(ms: number, outer?: AbortSignal): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    ms,
  );
  // Like AbortSignal.timeout's, the timer must not keep a Node process alive.
  (timer as { unref?(): void }).unref?.();
  if (outer === undefined) return { signal: controller.signal, release: () => clearTimeout(timer) };
  const follow = () => controller.abort(outer.reason);
  if (outer.aborted) follow();
  else outer.addEventListener('abort', follow, { once: true });
  return {
    signal: controller.signal,
    release() {
      clearTimeout(timer);
      outer.removeEventListener('abort', follow);
    },
  };
}

/**
 * A deadline `ms` from now whose signal remembers when it aborts, so code that receives only the
 * signal (an exporter) can tell whether a backoff wait still fits before it.
 *
 * @example
 * const deadline = startDeadline(10_000);
 * deadlineOf(deadline.signal); // Date.now() + 10 000
 * deadline.release();
 */
export function startDeadline(ms: number, final = false): Deadline {
  const deadline = timeoutSignal(ms);
  deadlines.set(deadline.signal, Date.now() + ms);
  if (final) finalSignals.add(deadline.signal);
  return deadline;
}

/**
 * Whether `signal` is the deadline of the final flush (shutdown): an exporter must send then, not
 * stand back for another export's retry, since no later flush will come.
 *
 * @example
 * isFinalExport(startDeadline(10_000, true).signal); // true
 */
export function isFinalExport(signal: AbortSignal | undefined): boolean {
  return signal !== undefined && finalSignals.has(signal);
}

/**
 * The time (ms since the epoch) a signal from {@link startDeadline} aborts; `undefined` for any other.
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
