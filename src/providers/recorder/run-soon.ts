import { safely } from './safely.js';

// setImmediate (Node, Bun, Deno) runs right after the current I/O callback; a zero-delay timer
// elsewhere (Workers, browsers).
const schedule: (task: () => void) => unknown =
  (globalThis as { setImmediate?: (task: () => void) => unknown }).setImmediate ?? ((task) => setTimeout(task, 0));

/**
 * Runs `task` as a macrotask, so span recording runs once the app's own work of the moment (taking
 * a chunk the answer brought) is done; an error in it is reported, never thrown.
 *
 * @example
 * runSoon(() => watch.flush());
 */
export function runSoon(task: () => void): void {
  schedule(() => {
    safely(task);
  });
}
