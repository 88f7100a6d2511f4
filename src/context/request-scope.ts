import type { Context } from '@opentelemetry/api';
import { ambientContext, type ContextSource } from './context-source.js';

const SCOPE_KEY: symbol = Symbol.for('edge-llmobs.request-scope');

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as PromiseLike<unknown>).then === 'function';
}

/**
 * The context of one request, carried by hand where the runtime has no `AsyncLocalStorage`.
 *
 * While the scope runs a block, the block's context is the scope's current one, so code after an
 * `await` still finds its session, user and parent span through the scope. Where
 * `AsyncLocalStorage` exists, the ambient context is used whenever it belongs to this scope, which is
 * exact even for concurrent blocks. Without it, two blocks of the same request running at once may
 * see each other's parent span; blocks of different requests never mix, because each request has
 * its own scope.
 */
export class ScopeContextSource implements ContextSource {
  #current: Context;

  constructor(base: Context) {
    this.#current = base.setValue(SCOPE_KEY, this);
  }

  active(): Context {
    const ambient = ambientContext.active();
    return ambient.getValue(SCOPE_KEY) === this ? ambient : this.#current;
  }

  run<T>(context: Context, fn: () => T): T {
    const previous = this.#current;
    this.#current = context;
    const restore = () => {
      // A sibling block that started later owns #current now; leave it to that block.
      if (this.#current === context) this.#current = previous;
    };
    let result: T;
    try {
      result = ambientContext.run(context, fn);
    } catch (error) {
      restore();
      throw error;
    }
    if (isPromiseLike(result)) result.then(restore, restore);
    else restore();
    return result;
  }
}
