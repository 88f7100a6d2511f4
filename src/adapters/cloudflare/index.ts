import { type RequestScope, tracedEnv } from '../../adapter-api.js';
import { type AdapterConfigInput, isolateObs } from '../shared/isolate-obs.js';
import { PendingWork, type WaitUntilContext } from '../shared/pending-work.js';
import { traceRequest } from '../shared/request-lifecycle.js';
import { traceEvent } from '../shared/trace-event.js';

export { traceparentHeaders } from '../../adapter-api.js';
export type { AdapterConfig, AdapterConfigInput } from '../shared/isolate-obs.js';
export { getRequestScope } from '../shared/request-scope-registry.js';

/**
 * The part of a Worker's `ExecutionContext` the wrapper relies on (the rest passes through).
 *
 * @example
 * const ctx: ExecutionContextLike = { waitUntil: (promise) => void promise };
 * await worker.fetch(new Request('https://example.com/chat'), env, ctx);
 */
export interface ExecutionContextLike extends WaitUntilContext {
  passThroughOnException?(): void;
}

/**
 * The part of a `ScheduledController` the wrapper records (`faas.cron`, and the span name).
 *
 * @example
 * await worker.scheduled({ cron: '0 3 * * *', scheduledTime: Date.now() }, env, ctx);
 */
export interface ScheduledControllerLike {
  readonly cron: string;
  readonly scheduledTime: number;
}

/**
 * The part of a queue `MessageBatch` the wrapper records (queue name and message count).
 *
 * @example
 * await worker.queue({ queue: 'jobs', messages: [] }, env, ctx);
 */
export interface MessageBatchLike {
  readonly queue: string;
  readonly messages: readonly unknown[];
}

/**
 * A Worker's handler object as `withLlmObs` sees it. Each handler receives, after `ctx`, the
 * request's {@link RequestScope}: the explicit context for Workers without `nodejs_compat`. `Ctx` is
 * your `ExecutionContext` type (any: Hono's, `@cloudflare/workers-types`', each declares its own).
 *
 * @example
 * const handler: LlmObsHandler<{ OPENAI_API_KEY: string }> = {
 *   async fetch(request, env, ctx, llm) {
 *     const greet = llm.tracer.chain(async function greet(name: string) {
 *       return `hello ${name}`;
 *     });
 *     return new Response(await greet(new URL(request.url).searchParams.get('name') ?? 'you'));
 *   },
 * };
 * export default withLlmObs(handler, { serviceName: 'greeter' });
 */
export interface LlmObsHandler<Env = unknown, Ctx = ExecutionContextLike> {
  fetch?(request: Request, env: Env, ctx: Ctx, llm: RequestScope): Response | Promise<Response>;
  scheduled?(controller: ScheduledControllerLike, env: Env, ctx: Ctx, llm: RequestScope): unknown;
  queue?(batch: MessageBatchLike, env: Env, ctx: Ctx, llm: RequestScope): unknown;
}

// Handlers the wrapper passes through untraced, so wrapping never removes one.
const OTHER_HANDLERS = ['email', 'tail', 'tailStream', 'trace', 'test'] as const;
type HandlerName = 'fetch' | 'scheduled' | 'queue' | (typeof OTHER_HANDLERS)[number];

// biome-ignore lint/suspicious/noExplicitAny: matches any handler signature to drop its 4th argument
type Traced<F> = F extends (a: infer A, b: infer B, c: infer C, ...rest: any[]) => infer R
  ? (a: A, b: B, c: C) => Promise<Awaited<R>>
  : F;
type WrappedMethods<H, K extends keyof H> = {
  [P in K]: P extends 'fetch' | 'scheduled' | 'queue' ? Traced<H[P]> : H[P];
};

/**
 * The wrapped handler object: the same handlers (three arguments, as the runtime calls them), traced.
 *
 * @example
 * const worker: WrappedHandler<typeof handler> = withLlmObs(handler, { serviceName: 'chat-app' });
 * await worker.fetch(new Request('https://example.com/chat'), env, ctx);
 */
export type WrappedHandler<H> = WrappedMethods<H, Extract<keyof H, HandlerName>>;

// biome-ignore lint/suspicious/noExplicitAny: each ExecutionContext type (Hono's, workers-types') must fit
type AnyContextHandler<Env> = LlmObsHandler<Env, any>;

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
 * static `metadata` applies to them.
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
  config: AdapterConfigInput<Env>,
): WrappedHandler<H> {
  const obsFor = isolateObs(config);
  const wrapped: Partial<Record<HandlerName, unknown>> = {};

  if (typeof handler.fetch === 'function') {
    wrapped.fetch = function fetch(request: Request, env: Env, ctx: ExecutionContextLike): Promise<Response> {
      const { obs, config: options } = obsFor(env);
      const pending = new PendingWork();
      const userCtx = ctx ? pending.wrap(ctx) : ctx;
      return traceRequest({
        obs,
        options,
        request,
        env,
        keys: [userCtx],
        handle(llm) {
          return handler.fetch!(request, tracedEnv(env, llm), userCtx, llm);
        },
        waitUntil: ctx ? (promise) => ctx.waitUntil(promise) : undefined,
        pending,
      });
    };
  }

  if (typeof handler.scheduled === 'function') {
    wrapped.scheduled = function scheduled(controller: ScheduledControllerLike, env: Env, ctx: ExecutionContextLike) {
      const attributes = { 'faas.trigger': 'timer', 'faas.cron': controller.cron };
      const { obs, config: options } = obsFor(env);
      return traceEvent({
        obs,
        options,
        name: `scheduled ${controller.cron}`,
        attributes,
        consumer: false,
        ctx,
        run(userCtx, llm) {
          return handler.scheduled!(controller, tracedEnv(env, llm), userCtx, llm);
        },
      });
    };
  }

  if (typeof handler.queue === 'function') {
    wrapped.queue = function queue(batch: MessageBatchLike, env: Env, ctx: ExecutionContextLike) {
      const attributes = {
        'faas.trigger': 'pubsub',
        'messaging.system': 'cloudflare_queues',
        'messaging.destination.name': batch.queue,
        'messaging.batch.message_count': batch.messages.length,
      };
      const { obs, config: options } = obsFor(env);
      return traceEvent({
        obs,
        options,
        name: `queue ${batch.queue}`,
        attributes,
        consumer: true,
        ctx,
        run(userCtx, llm) {
          return handler.queue!(batch, tracedEnv(env, llm), userCtx, llm);
        },
      });
    };
  }

  for (const name of OTHER_HANDLERS) {
    const other = (handler as Record<string, unknown>)[name];
    if (typeof other === 'function') wrapped[name] = other.bind(handler);
  }
  return wrapped as WrappedHandler<H>;
}
