import { type LlmObs, type RequestScope, tracedEnv } from '../../adapter-api.js';
import type { CreateObs } from '../shared/isolate-obs.js';
import { PendingWork, type WaitUntilContext } from '../shared/pending-work.js';
import { traceRequest } from '../shared/request-lifecycle.js';
import { traceEvent } from '../shared/trace-event.js';
import { withBaggageIdentity } from './baggage-identity.js';
import { tracedBindings } from './binding-propagation.js';
import type { CloudflareConfig, CloudflareConfigInput } from './cloudflare-config.js';
import { obsForConfig } from './config-obs.js';
import { openBatch } from './queue.js';

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
export type AnyContextHandler<Env> = LlmObsHandler<Env, any>;

/**
 * `withLlmObs` with the instance made by `create`: `register` in `edge-llmobs/cloudflare`, the
 * named providers only in `edge-llmobs/cloudflare/named`.
 */
export function wrapWorker<Env, H extends AnyContextHandler<Env>>(
  handler: H,
  config: CloudflareConfigInput<Env>,
  create: CreateObs,
): WrappedHandler<H> {
  const obsFor = obsForConfig(config, create);
  const bindingsFor = (env: Env, llm: RequestScope, obs: LlmObs, options: CloudflareConfig<Env>): Env =>
    // Workers AI bindings record their calls; DO, service and queue bindings carry the context.
    tracedBindings(tracedEnv(env, llm, obs.providers), () => llm.context, options);
  const wrapped: Partial<Record<HandlerName, unknown>> = {};

  if (typeof handler.fetch === 'function') {
    wrapped.fetch = function fetch(request: Request, env: Env, ctx: ExecutionContextLike): Promise<Response> {
      const { obs, config } = obsFor(env);
      const options = config as CloudflareConfig<Env>;
      const pending = new PendingWork();
      const userCtx = ctx ? pending.wrap(ctx) : ctx;
      return traceRequest({
        obs,
        options: options.trustIncomingBaggage ? withBaggageIdentity(options) : options,
        request,
        env,
        keys: [userCtx],
        handle(llm) {
          return handler.fetch!(request, bindingsFor(env, llm, obs, options), userCtx, llm);
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
          return handler.scheduled!(controller, bindingsFor(env, llm, obs, options), userCtx, llm);
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
      const opened = openBatch(batch);
      return traceEvent({
        obs,
        options,
        name: `queue ${batch.queue}`,
        attributes,
        consumer: true,
        ctx,
        identity: opened.identity,
        links: opened.links,
        run(userCtx, llm) {
          return handler.queue!(opened.batch, bindingsFor(env, llm, obs, options), userCtx, llm);
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
