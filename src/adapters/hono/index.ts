import type { Context, Env, MiddlewareHandler } from 'hono';
import { type RequestScope, type RequestTrace, register, tracedEnv } from '../../adapter-api.js';
import type { WaitUntil } from '../shared/after-response.js';
import { type AdapterConfigInput, isolateObs } from '../shared/isolate-obs.js';
import { traceRequest } from '../shared/request-lifecycle.js';
import { findRequestTrace } from '../shared/request-scope-registry.js';

export { traceparentHeaders } from '../../adapter-api.js';
export type { AdapterConfig, AdapterConfigInput } from '../shared/isolate-obs.js';
export { getRequestScope } from '../shared/request-scope-registry.js';

/**
 * The context variable the middleware sets: `c.get('llmobs')` is the request's scope.
 *
 * @example
 * const app = new Hono<{ Variables: LlmObsVariables }>();
 */
export interface LlmObsVariables {
  llmobs: RequestScope;
}

function executionCtxOf(c: Context): { waitUntil(promise: Promise<unknown>): void } | undefined {
  try {
    // Hono's getter throws where the runtime gave no ExecutionContext (Node, Deno, Bun).
    return c.executionCtx;
  } catch {
    return undefined;
  }
}

function waitUntilOf(c: Context): WaitUntil | undefined {
  const ctx = executionCtxOf(c);
  return ctx && typeof ctx.waitUntil === 'function' ? (promise) => ctx.waitUntil(promise) : undefined;
}

// After next(): the error Hono's onError turned into a response, and the route that answered.
function recordOutcome(trace: RequestTrace, c: Context): void {
  if (c.error !== undefined) trace.fail(c.error);
  try {
    const route = c.req.routePath;
    if (route && route !== '*' && route !== '/*') {
      trace.span.setAttribute('http.route', route);
      trace.span.updateName(`${c.req.method} ${route}`);
    }
  } catch {
    // No matched route (a 404): the name keeps the path.
  }
}

/**
 * Hono middleware that traces each request: one root CHAIN span (`POST /chat`, method, path, route,
 * status), session and user from the `x-session-id` / `x-user-id` headers (or your resolvers) on every
 * span of the request, the handler run in the request's context, and spans flushed after the
 * response, with `c.executionCtx.waitUntil` on Workers and in the background elsewhere. The request
 * scope is `c.get('llmobs')`: use its `tracer` and `fetch` where there is no `AsyncLocalStorage`.
 *
 * Tracing is set up once, from the first request's `c.env` when `config` is a function. Inside an
 * app wrapped by `withLlmObs` from `edge-llmobs/cloudflare` it opens no second span: it reuses the
 * Worker's and adds the route and Hono's handled error to it. (Use that wrapper on Workers when spans
 * end inside your own `ctx.waitUntil` promises: Hono gives middleware no way to see them.)
 *
 * @example
 * import { Hono } from 'hono';
 * import OpenAI from 'openai';
 * import { type LlmObsVariables, llmObs } from 'edge-llmobs/hono';
 *
 * const app = new Hono<{ Variables: LlmObsVariables }>();
 * app.use(llmObs({ serviceName: 'chat-app', metadata: { channel: 'web' } }));
 * app.post('/chat', async (c) => {
 *   const llm = c.get('llmobs');
 *   const client = new OpenAI({ fetch: llm.fetch });
 *   const { message } = await c.req.json<{ message: string }>();
 *   const response = await client.chat.completions.create({
 *     model: 'gpt-4o-mini',
 *     messages: [{ role: 'user', content: message }],
 *   });
 *   return c.json({ reply: response.choices[0]?.message.content });
 * });
 */
export function llmObs<E extends Env = Env>(
  config: AdapterConfigInput<E['Bindings']>,
): MiddlewareHandler<E & { Variables: LlmObsVariables }> {
  const obsFor = isolateObs(config, register);
  return async function llmObsMiddleware(c, next) {
    const outer = findRequestTrace(c.req.raw) ?? findRequestTrace(executionCtxOf(c));
    if (outer) {
      c.set('llmobs', outer.scope);
      await next();
      recordOutcome(outer, c);
      return;
    }
    const { obs, config: options } = obsFor(c.env);
    const sent = await traceRequest({
      obs,
      options,
      request: c.req.raw,
      env: c.env,
      async handle(llm) {
        c.set('llmobs', llm);
        // Workers AI bindings in `c.env` record spans in this request's context.
        c.env = tracedEnv(c.env, llm, obs.providers);
        await next();
        return c.res;
      },
      recordOutcome: (trace) => recordOutcome(trace, c),
      waitUntil: waitUntilOf(c),
    });
    if (sent !== c.res) {
      // Cleared first: Hono's setter would otherwise merge the old headers into the new response.
      c.res = undefined;
      c.res = sent;
    }
  };
}
