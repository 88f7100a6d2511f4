import { safely } from './safely.js';

// setImmediate (Node, Bun, Deno) runs right after the current I/O callback, long before an answer
// can arrive; a zero-delay timer waits 1 ms in Node, about when a local answer does.
const later: (task: () => void) => unknown =
  (globalThis as { setImmediate?: (task: () => void) => unknown }).setImmediate ?? ((task) => setTimeout(task, 0));

/**
 * Schedules `task` as a macrotask, so span recording runs once the app's own work of the moment
 * (sending the request, taking a chunk) is done. The returned function runs it at once instead if it
 * has not run yet (for a span that ends first), and gives its result. The task runs at most once,
 * and an error in it is reported, never thrown.
 *
 * @example
 * const requestBody = runSoon(() => recordRequest(span, text));
 * // before the span ends:
 * completeLlmSpan(span, attributes, { ...end, requestBody: requestBody() });
 */
export function runSoon<T>(task: () => T): () => T | undefined {
  let pending = true;
  let result: T | undefined;
  const run = () => {
    if (pending) {
      pending = false;
      result = safely(task);
    }
    return result;
  };
  later(run);
  return run;
}
