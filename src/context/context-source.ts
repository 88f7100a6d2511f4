import type { Context } from '@opentelemetry/api';
import { contextManager } from './global-context-manager.js';

/** Where the tracer and the `using*` helpers read the current context from, and how they enter a new one. */
export interface ContextSource {
  active(): Context;
  /** Runs `fn` in `context`; for a promise result, for as long as the promise is pending. */
  run<T>(context: Context, fn: () => T): T;
}

/** The installed context manager: `AsyncLocalStorage`, or the synchronous fallback. */
export const ambientContext: ContextSource = {
  active() {
    return contextManager().active();
  },
  run(context, fn) {
    return contextManager().with(context, fn);
  },
};
