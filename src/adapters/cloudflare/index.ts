import { register } from '../../adapter-api.js';
import type { CloudflareConfigInput } from './cloudflare-config.js';
import { type AnyContextHandler, type WrappedHandler, wrapWorker } from './worker.js';

export { traceparentHeaders } from '../../adapter-api.js';
export type { AdapterConfig, AdapterConfigInput } from '../shared/isolate-obs.js';
export { getRequestScope } from '../shared/request-scope-registry.js';
export { type BindingContextOptions, bindingsWithContext } from './binding-propagation.js';
export type { CloudflareConfig, CloudflareConfigInput } from './cloudflare-config.js';
export { forceFlush } from './config-obs.js';
export { instrumentDurableObject } from './durable-object.js';
export { instrumentEntrypoint } from './entrypoint.js';
export { currentRequestScope } from './invocation.js';

export type {
  ExecutionContextLike,
  LlmObsHandler,
  MessageBatchLike,
  ScheduledControllerLike,
  WrappedHandler,
} from './worker.js';

/**
 * Traces a Worker: one root span per `fetch`, `scheduled` and `queue` invocation (a CHAIN span named
 * like `POST /chat` with the HTTP method, path and status), session and user from the
 * `x-session-id` / `x-user-id` headers (or your resolvers) on every span of the request, the incoming
 * `traceparent` continued, and spans sent with `ctx.waitUntil` after the response, after a streamed
 * body has finished and after the promises your handler passed to `ctx.waitUntil` have settled.
 *
 * Tracing is set up once per isolate, from the first invocation's `env` (a config function receives
 * it; `OTEL_EXPORTER_OTLP_ENDPOINT` and `OTEL_EXPORTER_OTLP_HEADERS` are read from the bindings).
 * With `nodejs_compat` (or `nodejs_als` plus `AsyncLocalStorage` in the config) the context follows
 * `await` by itself. Without a flag, use the {@link RequestScope} your handler receives as its fourth
 * argument, also returned by `getRequestScope(ctx)`: its `tracer`, `fetch` and `using*` keep the
 * request's context. The handler's response and errors are passed through unchanged (a body is
 * wrapped, chunk for chunk, only while spans of the request are still open or the response is
 * declared streaming). `scheduled` and `queue` get a root span too; they have no request, so only a
 * static `metadata` applies to them (a queue batch's span links to the producers' spans and takes
 * their session and user when they agree).
 *
 * The `env` your handlers receive is the Worker's, except that its Durable Object namespaces, service
 * bindings and queue producers carry the request's trace context, session and user on each call
 * (`propagateToBindings` chooses which; see `instrumentDurableObject` and `instrumentEntrypoint` for
 * the receiving side). No other host gets them. Incoming `baggage` is not read unless
 * `trustIncomingBaggage: true`, for a Worker only your own bindings can reach.
 *
 * @example
 * import OpenAI from 'openai';
 * import { withLlmObs } from 'edge-llmobs/cloudflare';
 *
 * interface Env { OPENAI_API_KEY: string; OTEL_EXPORTER_OTLP_ENDPOINT: string }
 *
 * export default withLlmObs<Env>(
 *   {
 *     async fetch(request, env, ctx, llm) {
 *       const { message } = (await request.json()) as { message: string };
 *       const client = new OpenAI({ apiKey: env.OPENAI_API_KEY, fetch: llm.fetch });
 *       const chat = llm.tracer.chain(async function chat(text: string) {
 *         const response = await client.chat.completions.create({
 *           model: 'gpt-4o-mini',
 *           messages: [{ role: 'user', content: text }],
 *         });
 *         return response.choices[0]?.message.content ?? '';
 *       });
 *       return Response.json({ reply: await chat(message) });
 *     },
 *   },
 *   { serviceName: 'chat-app', metadata: { channel: 'web' } },
 * );
 */
export function withLlmObs<Env = unknown, H extends AnyContextHandler<Env> = AnyContextHandler<Env>>(
  handler: H,
  config: CloudflareConfigInput<Env>,
): WrappedHandler<H> {
  return wrapWorker(handler, config, register);
}
