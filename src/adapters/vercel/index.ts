import { processEnv, type RequestScope, register } from '../../adapter-api.js';
import type { WaitUntil } from '../shared/after-response.js';
import { type AdapterConfigInput, isolateObs } from '../shared/isolate-obs.js';
import { PendingWork } from '../shared/pending-work.js';
import { traceRequest } from '../shared/request-lifecycle.js';

export { traceparentHeaders } from '../../adapter-api.js';
export type { AdapterConfig, AdapterConfigInput } from '../shared/isolate-obs.js';
export { getRequestScope } from '../shared/request-scope-registry.js';

/**
 * Environment variables, the `env` that Vercel config functions and resolvers receive.
 *
 * @example
 * withLlmObs(handler, (env: ProcessEnv) => ({ serviceName: env.VERCEL_PROJECT_NAME ?? 'chat-app' }));
 */
export type ProcessEnv = Readonly<Record<string, string | undefined>>;

/**
 * An Edge function or route handler; the wrapper adds the request scope as the last argument.
 *
 * @example
 * const handler: VercelHandler<unknown> = async (request, _context, llm) =>
 *   Response.json({ reply: await llm.tracer.chain(async function chat() { return 'hi'; })() });
 */
export type VercelHandler<C> = (request: Request, context: C, llm: RequestScope) => Response | Promise<Response>;

interface RequestContextHolder {
  get?(): { waitUntil?: WaitUntil } | undefined;
}

const REQUEST_CONTEXT = Symbol.for('@vercel/request-context');

function vercelEnv(): ProcessEnv {
  return (processEnv() as ProcessEnv | undefined) ?? {};
}

function hasWaitUntil(context: unknown): context is { waitUntil: WaitUntil } {
  return (
    typeof context === 'object' &&
    context !== null &&
    typeof (context as { waitUntil?: unknown }).waitUntil === 'function'
  );
}

// The handler's own context first (Edge functions get one); else the request context Vercel puts on
// globalThis for `@vercel/functions`' waitUntil (route handlers get `{ params }` instead).
function waitUntilFor(context: unknown): WaitUntil | undefined {
  if (hasWaitUntil(context)) return (promise) => context.waitUntil(promise);
  try {
    const holder = (globalThis as Record<symbol, RequestContextHolder | undefined>)[REQUEST_CONTEXT];
    const requestContext = holder?.get?.();
    const waitUntil = requestContext?.waitUntil;
    return typeof waitUntil === 'function' ? (promise) => waitUntil.call(requestContext, promise) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Traces a Vercel Edge function or route handler `(request, context?) => Response`: one root CHAIN
 * span per request (`POST /api/chat`, method, path, status), session and user from the
 * `x-session-id` / `x-user-id` headers (or your resolvers) on every span, and spans flushed after the
 * response through `context.waitUntil` or the Vercel request context's `waitUntil` (in the
 * background where neither exists). Context follows `await` through Vercel's global
 * `AsyncLocalStorage`; where there is none the handler's third argument, the request scope, carries
 * it. Promises passed to `context.waitUntil` are awaited before the flush. Settings are read from
 * `process.env` (`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_HEADERS`).
 *
 * @example
 * // app/api/chat/route.ts
 * import OpenAI from 'openai';
 * import { withLlmObs } from 'edge-llmobs/vercel';
 *
 * export const runtime = 'edge';
 * export const POST = withLlmObs(
 *   async (request, _context, llm) => {
 *     const { message } = (await request.json()) as { message: string };
 *     const client = new OpenAI({ fetch: llm.fetch });
 *     const response = await client.chat.completions.create({
 *       model: 'gpt-4o-mini',
 *       messages: [{ role: 'user', content: message }],
 *     });
 *     return Response.json({ reply: response.choices[0]?.message.content });
 *   },
 *   { serviceName: 'chat-app', metadata: { channel: 'web' } },
 * );
 */
export function withLlmObs<C = unknown>(
  handler: VercelHandler<C>,
  config: AdapterConfigInput<ProcessEnv>,
): (request: Request, context?: C) => Promise<Response> {
  const obsFor = isolateObs(config, register, false);
  return function tracedEdgeHandler(request: Request, context?: C): Promise<Response> {
    const env = vercelEnv();
    const { obs, config: options } = obsFor(env);
    const pending = new PendingWork();
    const userContext = hasWaitUntil(context) ? pending.wrap(context) : context;
    return traceRequest({
      obs,
      options,
      request,
      env,
      keys: [userContext],
      handle: (llm) => handler(request, userContext as C, llm),
      waitUntil: waitUntilFor(context),
      pending,
    });
  };
}
