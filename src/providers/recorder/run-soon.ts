import { safely } from './safely.js';

// setImmediate (Node, Bun, Deno) runs right after the current I/O callback, long before an answer
// can arrive; a zero-delay timer waits 1 ms in Node, about when a local answer does.
const later: (task: () => void) => unknown =
  (globalThis as { setImmediate?: (task: () => void) => unknown }).setImmediate ?? ((task) => setTimeout(task, 0));

/**
 * `task` made to run at most once, whenever the returned function is first called, giving its
 * result then and after; an error in it is reported, never thrown.
 *
 * @example
 * const request = once(() => recordRequest(span, text));
 * request(); // records
 * request(); // gives the same body, records nothing
 */
export function once<T>(task: () => T): () => T | undefined {
  let pending = true;
  let result: T | undefined;
  return () => {
    if (pending) {
      pending = false;
      result = safely(task);
    }
    return result;
  };
}

/**
 * Runs `task` (see {@link once}) as a macrotask, so span recording runs once the app's own work of
 * the moment (sending the request, taking a chunk) is done; the returned function runs it at once
 * instead if it has not run yet, for a span that ends first.
 *
 * @example
 * const parse = runSoon(() => watch.parse());
 * // before the span ends:
 * parse();
 */
export function runSoon<T>(task: () => T): () => T | undefined {
  const run = once(task);
  later(run);
  return run;
}
