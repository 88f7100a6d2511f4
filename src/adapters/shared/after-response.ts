import { reportError } from '../../report-error.js';

/** A runtime's way to keep work alive after the response: `ctx.waitUntil` and its kin. */
export type WaitUntil = (promise: Promise<unknown>) => void;

/**
 * Hands `work` to `waitUntil` where the runtime has one; elsewhere (Node, Deno, Bun) the process
 * outlives the response, so the promise simply runs in the background. `work` never rejects.
 */
export function runAfterResponse(waitUntil: WaitUntil | undefined, work: Promise<void>): void {
  if (!waitUntil) return;
  try {
    waitUntil(work);
  } catch (error) {
    // A ctx whose request already ended refuses new work; the flush still runs, unawaited.
    reportError('wait-until', 'waitUntil refused the flush; spans are sent without it', error);
  }
}
