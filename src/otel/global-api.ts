/**
 * The registry `@opentelemetry/api` keeps on `globalThis` (its `registerGlobal`), written here
 * without importing the API package at runtime: the API costs about 7 KB gzip in a Worker, the
 * registry is a stable contract (one symbol per major version, a `version` and one slot per global).
 * Code that calls `trace.getTracer()` or `context.active()` through any copy of the API 1.x finds
 * what is registered here.
 */
const API_KEY: symbol = Symbol.for('opentelemetry.js.api.1');
/** The API version this package is built against: copies of the API 1.0 to 1.9 accept it. */
export const API_VERSION = '1.9.0';

/** The globals this library installs. */
export type GlobalSlot = 'trace' | 'context' | 'propagation';

type Registry = { version: string } & Partial<Record<GlobalSlot, unknown>>;

const host = globalThis as unknown as Record<symbol, Registry | undefined>;

/** What holds `slot` now, if anything. */
export function globalIn(slot: GlobalSlot): unknown {
  return host[API_KEY]?.[slot];
}

/**
 * Installs `instance` in `slot` unless something holds it already (as the API refuses a duplicate
 * registration). Returns whether it was installed.
 */
export function claimGlobal(slot: GlobalSlot, instance: unknown): boolean {
  host[API_KEY] ??= { version: API_VERSION };
  const api = host[API_KEY];
  if (api[slot] !== undefined) return false;
  api[slot] = instance;
  return true;
}

/** Empties `slot` if it still holds `instance`; what another SDK installed since is left alone. */
export function releaseGlobal(slot: GlobalSlot, instance: unknown): void {
  const api = host[API_KEY];
  if (api !== undefined && api[slot] === instance) delete api[slot];
}
