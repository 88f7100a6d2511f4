import { safely } from './safely.js';

type Schedule = (task: () => void) => unknown;

const globals = globalThis as { setImmediate?: Schedule; navigator?: { userAgent?: string } };

// Node, Bun and Deno: setImmediate runs right after the current I/O callback, so the app takes the
// chunk first (a zero-delay timer where there is no setImmediate, as in browsers). In workerd each
// timer is a turn of the isolate's event loop per call, so there the task runs as a microtask:
// still after the chunk is handed on. (The workerd CPU figure could not tell the two apart: its
// run-to-run noise is larger than the difference.)
const schedule: Schedule =
  globals.navigator?.userAgent === 'Cloudflare-Workers'
    ? queueMicrotask
    : (globals.setImmediate ?? ((task) => setTimeout(task, 0)));

/**
 * Runs `task` soon after the current turn, so span recording runs once the app's own work of the
 * moment (taking a chunk the answer brought) is done; an error in it is reported, never thrown.
 *
 * @example
 * runSoon(() => watch.flush());
 */
export function runSoon(task: () => void): void {
  schedule(() => {
    safely(task);
  });
}
