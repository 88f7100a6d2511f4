import type { Context, ContextManager } from '@opentelemetry/api';
import { ROOT_CONTEXT } from './context.js';

/** The part of `AsyncLocalStorage` this library uses; `node:async_hooks` and Vercel's global both fit. */
export interface AsyncLocalStorageLike<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
}

/** A constructor of {@link AsyncLocalStorageLike}, e.g. `AsyncLocalStorage` from `node:async_hooks`. */
export type AsyncLocalStorageConstructor = new <T>() => AsyncLocalStorageLike<T>;

function bindTo<T>(manager: ContextManager, context: Context, target: T): T {
  if (typeof target !== 'function') return target;
  const fn = target as unknown as (...args: unknown[]) => unknown;
  return function boundToContext(this: unknown, ...args: unknown[]) {
    return manager.with(context, () => fn.apply(this, args));
  } as unknown as T;
}

/** Carries context across `await` with `AsyncLocalStorage`. */
export class AsyncLocalStorageContextManager implements ContextManager {
  readonly #storage: AsyncLocalStorageLike<Context>;

  constructor(AsyncLocalStorage: AsyncLocalStorageConstructor) {
    this.#storage = new AsyncLocalStorage<Context>();
  }

  active(): Context {
    return this.#storage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.#storage.run(context, () => fn.apply(thisArg, args));
  }

  bind<T>(context: Context, target: T): T {
    return bindTo(this, context, target);
  }

  enable(): this {
    return this;
  }

  disable(): this {
    return this;
  }
}

/**
 * The fallback where the runtime has no `AsyncLocalStorage`: the context is active only for the
 * synchronous part of `with()`. Code that awaits carries it by hand through a request scope
 * (`obs.scope()`, or the scope an adapter hands the handler; see `ScopeContextSource`), which is why
 * nothing here pretends to follow promises.
 */
export class SynchronousContextManager implements ContextManager {
  #current: Context = ROOT_CONTEXT;

  active(): Context {
    return this.#current;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    const previous = this.#current;
    this.#current = context;
    try {
      return fn.apply(thisArg, args);
    } finally {
      this.#current = previous;
    }
  }

  bind<T>(context: Context, target: T): T {
    return bindTo(this, context, target);
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.#current = ROOT_CONTEXT;
    return this;
  }
}
