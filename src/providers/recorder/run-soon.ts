import { safely } from './safely.js';

// setImmediate (Node, Bun, Deno) runs right after the current I/O callback, long before an answer
// can arrive; a zero-delay timer waits 1 ms in Node, about when a local answer does.
const later: (task: () => void) => unknown =
  (globalThis as { setImmediate?: (task: () => void) => unknown }).setImmediate ?? ((task) => setTimeout(task, 0));

/**
 * Schedules `task` as a macrotask, so span recording runs once the app's own work of the moment
 * (sending the request, taking a chunk) is done; the returned function runs it at once instead, for
 * a span that ends first. The task runs at most once, and an error in it is reported, never thrown.
 *
 * @example
 * const recordNow = runSoon(() => span.setAttributes(requestAttributes(body)));
 * // before the span ends:
 * recordNow();
 */
export function runSoon(task: () => void): () => void {
  let pending = true;
  const run = () => {
    if (!pending) return;
    pending = false;
    safely(task);
  };
  later(run);
  return run;
}
