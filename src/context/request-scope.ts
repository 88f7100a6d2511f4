import type { Context } from '@opentelemetry/api';
import { isPromiseLike } from '../promise-like.js';
import { ambientContext, type ContextSource } from './context-source.js';

const SCOPE_KEY: symbol = Symbol.for('edge-llmobs.request-scope');

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
  readonly #base: Context;
  // Contexts of the blocks still running, in start order. A block that settles leaves the list
  // wherever it is, so a block that outlives a later sibling cannot restore a finished one.
  readonly #running: Context[] = [];

  constructor(base: Context) {
    this.#base = base.setValue(SCOPE_KEY, this);
  }

  active(): Context {
    const ambient = ambientContext.active();
    if (ambient.getValue(SCOPE_KEY) === this) return ambient;
    return this.#running.length === 0 ? this.#base : this.#running[this.#running.length - 1];
  }

  run<T>(context: Context, fn: () => T): T {
    const running = this.#running;
    running.push(context);
    const settle = () => {
      const index = running.lastIndexOf(context);
      if (index !== -1) running.splice(index, 1);
    };
    let result: T;
    try {
      result = ambientContext.run(context, fn);
    } catch (error) {
      settle();
      throw error;
    }
    if (isPromiseLike(result)) result.then(settle, settle);
    else settle();
    return result;
  }
}
