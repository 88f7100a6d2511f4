import type { Context, ContextManager } from '@opentelemetry/api';
import { contextManager } from '../context/global-context-manager.js';

/**
 * The `ContextManager` installed as `@opentelemetry/api`'s global one: it forwards to whichever
 * manager this library uses (AsyncLocalStorage, or the synchronous fallback), so
 * `context.active()` and `trace.getActiveSpan()` see the spans of `tracer.chain`, the `using*`
 * blocks and the adapters' request spans.
 */
export const globalContextManager: ContextManager = {
  active(): Context {
    return contextManager().active();
  },
  with(context, fn, thisArg, ...args) {
    return contextManager().with(context, fn, thisArg, ...args);
  },
  bind(context, target) {
    return contextManager().bind(context, target);
  },
  enable() {
    return globalContextManager;
  },
  disable() {
    return globalContextManager;
  },
};
