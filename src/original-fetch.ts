const ORIGINAL: unique symbol = Symbol.for('edge-llmobs.original-fetch');

type WrappedFetch = typeof fetch & { [ORIGINAL]?: typeof fetch };

/** Marks `wrapper` as a traced fetch over `original`, so the tracer can always find the untraced one. */
export function markTracedFetch(wrapper: typeof fetch, original: typeof fetch): void {
  Object.defineProperty(wrapper, ORIGINAL, { value: original });
}

/** Whether `fetch` is one of this library's traced wrappers. */
export function isTracedFetch(fetch: typeof globalThis.fetch): boolean {
  return (fetch as WrappedFetch)[ORIGINAL] !== undefined;
}

/** The untraced fetch under any number of this library's wrappers; what the exporter sends with. */
export function untracedFetch(fetch: typeof globalThis.fetch = globalThis.fetch): typeof globalThis.fetch {
  let current = fetch as WrappedFetch;
  while (current[ORIGINAL] !== undefined) current = current[ORIGINAL] as WrappedFetch;
  return current;
}

/**
 * Calls the runtime's fetch as it is at call time, unwrapped: what the traced fetches made without
 * an argument send through, so a fetch patched in later (a test's, a polyfill) is still the one used.
 *
 * @example
 * const traced = createTracedFetch(runtimeFetch, target);
 */
export function runtimeFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  return untracedFetch()(input, init);
}
