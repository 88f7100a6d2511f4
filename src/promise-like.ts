/**
 * Whether `value` is a thenable (a promise, or anything with a `then` method), the one test the
 * tracer's wrappers use to decide whether a result settles later.
 *
 * @example
 * isPromiseLike(Promise.resolve(1)); // true
 * isPromiseLike(1); // false
 */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
