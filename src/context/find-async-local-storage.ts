import type { AsyncLocalStorageConstructor } from './context-manager.js';

interface RuntimeGlobals {
  AsyncLocalStorage?: AsyncLocalStorageConstructor;
  process?: { getBuiltinModule?: (id: string) => { AsyncLocalStorage?: AsyncLocalStorageConstructor } | undefined };
}

/**
 * Finds `AsyncLocalStorage` without a static `node:` import, so the core bundles for a Worker with no
 * compatibility flag: Vercel Edge exposes it as a global; Node, Deno, Bun and workerd with
 * `nodejs_compat` expose `process.getBuiltinModule`. Workerd with only `nodejs_als` has neither, so
 * the user passes the class in (`register({ AsyncLocalStorage })`).
 */
export function findAsyncLocalStorage(): AsyncLocalStorageConstructor | undefined {
  const runtime = globalThis as RuntimeGlobals;
  if (typeof runtime.AsyncLocalStorage === 'function') return runtime.AsyncLocalStorage;
  try {
    return runtime.process?.getBuiltinModule?.('node:async_hooks')?.AsyncLocalStorage;
  } catch {
    return undefined;
  }
}
