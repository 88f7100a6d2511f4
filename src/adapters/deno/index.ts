import { processEnv, type RequestScope, register } from '../../adapter-api.js';
import { type AdapterConfigInput, isolateObs } from '../shared/isolate-obs.js';
import { traceRequest } from '../shared/request-lifecycle.js';

export { traceparentHeaders } from '../../adapter-api.js';
export type { AdapterConfig, AdapterConfigInput } from '../shared/isolate-obs.js';
export { getRequestScope } from '../shared/request-scope-registry.js';

/**
 * Environment variables, the `env` that config functions and resolvers receive under Deno.
 *
 * @example
 * withLlmObs(handler, (env: DenoEnv) => ({ serviceName: env.SERVICE_NAME ?? 'chat-app' }));
 */
export type DenoEnv = Readonly<Record<string, string | undefined>>;

/**
 * A `Deno.serve` handler; the wrapper adds the request scope as the last argument.
 *
 * @example
 * const handler: DenoHandler<Deno.ServeHandlerInfo> = (request, info, llm) =>
 *   new Response(`hello ${info.remoteAddr.hostname}`);
 */
export type DenoHandler<Info> = (request: Request, info: Info, llm: RequestScope) => Response | Promise<Response>;

// Deno 2 has `process` too; reading it needs `--allow-env`, without which settings fall back to defaults.
function denoEnv(): DenoEnv {
  return (processEnv() as DenoEnv | undefined) ?? {};
}

/**
 * Traces a `Deno.serve` handler `(request, info) => Response`: one root CHAIN span per request
 * (`POST /chat`, method, path, status), session and user from the `x-session-id` / `x-user-id`
 * headers (or your resolvers) on every span, context across `await` through Deno's
 * `AsyncLocalStorage`, and spans flushed in the background once the response body has been sent.
 * Call `obs.forceFlush()` (or `shutdown()`) before the process exits. The third argument is the
 * request scope, for code shared with runtimes that lack `AsyncLocalStorage`.
 *
 * @example
 * import OpenAI from 'npm:openai';
 * import { withLlmObs } from 'edge-llmobs/deno';
 *
 * const client = new OpenAI();
 * Deno.serve(
 *   withLlmObs(
 *     async (request, _info, llm) => {
 *       const { message } = await request.json();
 *       const chat = llm.tracer.chain(async function chat(text: string) {
 *         const response = await client.chat.completions.create({
 *           model: 'gpt-4o-mini',
 *           messages: [{ role: 'user', content: text }],
 *         });
 *         return response.choices[0]?.message.content ?? '';
 *       });
 *       return Response.json({ reply: await chat(message) });
 *     },
 *     { serviceName: 'chat-app', autoInstrument: true, metadata: { channel: 'web' } },
 *   ),
 * );
 */
export function withLlmObs<Info = unknown>(
  handler: DenoHandler<Info>,
  config: AdapterConfigInput<DenoEnv>,
): (request: Request, info: Info) => Promise<Response> {
  const obsFor = isolateObs(config, register, false);
  return function tracedDenoHandler(request: Request, info: Info): Promise<Response> {
    const env = denoEnv();
    const { obs, config: options } = obsFor(env);
    return traceRequest({
      obs,
      options,
      request,
      env,
      handle: (llm) => handler(request, info, llm),
      waitUntil: undefined,
    });
  };
}
