/** The part of a Worker's `ExecutionContext` the wrappers use. */
export interface WaitUntilContext {
  waitUntil(promise: Promise<unknown>): void;
}

const ignore = (): void => {};

/**
 * The promises a request handed to `waitUntil`, so the flush can wait for them: a span that ends
 * inside one of them is exported with the request's other spans.
 */
export class PendingWork {
  readonly #pending = new Set<Promise<void>>();

  /** Tracks `promise`; its outcome is left to whoever else holds it. */
  track(promise: unknown): void {
    const settled = Promise.resolve(promise).then(ignore, ignore);
    this.#pending.add(settled);
    void settled.then(() => this.#pending.delete(settled));
  }

  /** Resolves once every tracked promise has settled, including ones tracked while waiting. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all(this.#pending);
  }

  /**
   * A view of `ctx` whose `waitUntil` also tracks the promise; everything else is the original,
   * with methods bound to it because workerd's native methods reject any other `this`.
   */
  wrap<C extends WaitUntilContext>(ctx: C): C {
    const waitUntil = (promise: Promise<unknown>): void => {
      this.track(promise);
      ctx.waitUntil(promise);
    };
    return new Proxy(ctx, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key, target);
        // A frozen own property must be returned as is (a Proxy invariant); only test doubles have one.
        const own = Reflect.getOwnPropertyDescriptor(target, key);
        if (own && !own.configurable && !own.writable) return value;
        if (key === 'waitUntil') return waitUntil;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}
