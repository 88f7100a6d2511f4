import type { RequestScope, RequestTrace } from '../../adapter-api.js';

// Weak keys: a trace is remembered exactly as long as the request (or ctx) it was opened for.
const traces = new WeakMap<object, RequestTrace>();

/** Remembers `trace` as the trace of each key (the request, the wrapped `ctx`). */
export function attachRequestTrace(trace: RequestTrace, ...keys: unknown[]): void {
  for (const key of keys) {
    if (typeof key === 'object' && key !== null) traces.set(key, trace);
  }
}

/** The trace an adapter opened for this request or ctx, if any. */
export function findRequestTrace(key: unknown): RequestTrace | undefined {
  return typeof key === 'object' && key !== null ? traces.get(key) : undefined;
}

/**
 * The request scope an adapter opened for this request: pass the `Request`, or the `ctx` the
 * Cloudflare wrapper handed to your handler (Hono's `c.executionCtx`). `undefined` outside a traced
 * request. Use it where the runtime has no `AsyncLocalStorage` (a Worker without `nodejs_compat`):
 * its `tracer`, `fetch` and `using*` helpers keep the request's context across `await`. With
 * `AsyncLocalStorage` the same code works unchanged.
 *
 * @example
 * import { getRequestScope } from 'edge-llmobs/cloudflare';
 *
 * app.post('/chat', async (c) => {
 *   const llm = getRequestScope(c.executionCtx);
 *   const client = new OpenAI({ apiKey: c.env.OPENAI_API_KEY, fetch: llm?.fetch });
 *   // ...
 * });
 */
export function getRequestScope(key: object | null | undefined): RequestScope | undefined {
  return findRequestTrace(key)?.scope;
}
