import { createLlmObs, type LlmObs, type RegisterOptions } from '../../adapter-api.js';
import type { LlmApi } from '../../providers/index.js';
import type { CloudflareConfig } from './cloudflare-config.js';
import { DURABLE_OBJECT } from './durable-object.js';
import { ENTRYPOINT } from './entrypoint.js';
import { type AnyClass, instrumentClass } from './instrument-class.js';
import { type AnyContextHandler, type WrappedHandler, wrapWorker } from './worker.js';

export { traceparentHeaders } from '../../adapter-api.js';
export { getRequestScope } from '../shared/request-scope-registry.js';
export { type BindingContextOptions, bindingsWithContext } from './binding-propagation.js';
export type { CloudflareConfig } from './cloudflare-config.js';
export { forceFlush } from './config-obs.js';
export { currentRequestScope } from './invocation.js';
export type {
  ExecutionContextLike,
  LlmObsHandler,
  MessageBatchLike,
  ScheduledControllerLike,
  WrappedHandler,
} from './worker.js';

/**
 * The configuration of `edge-llmobs/cloudflare/named`: `edge-llmobs/cloudflare`'s, with the
 * `providers` named (from `edge-llmobs/providers`).
 *
 * @example
 * const config: NamedProvidersConfig = { serviceName: 'chat-app', providers: [openAiApi] };
 */
export type NamedProvidersConfig<Env = unknown> = CloudflareConfig<Env> & { providers: readonly LlmApi[] };

/**
 * The configuration, or a function of the bindings that returns it.
 *
 * @example
 * const config: NamedProvidersConfigInput<Env> = (env) => ({ serviceName: 'chat-app', env, providers: [openAiApi] });
 */
export type NamedProvidersConfigInput<Env = unknown> =
  | NamedProvidersConfig<Env>
  | ((env: Env) => NamedProvidersConfig<Env>);

// Only the providers the configuration names are recorded, and only they are bundled.
function createNamed(options: RegisterOptions): LlmObs {
  return createLlmObs(options, options.providers ?? []);
}

/**
 * `withLlmObs` of `edge-llmobs/cloudflare`, recording the calls of the `providers` the configuration
 * names and no others, so that the Worker bundles only those provider modules. Everything else is
 * the same: root spans, session and user, `traceparent`, bindings, flush in `ctx.waitUntil`.
 *
 * @example
 * import OpenAI from 'openai';
 * import { instrumentFetch } from 'edge-llmobs';
 * import { withLlmObs } from 'edge-llmobs/cloudflare/named';
 * import { openAiApi } from 'edge-llmobs/providers';
 *
 * const client = new OpenAI({ fetch: instrumentFetch() });
 * export default withLlmObs(
 *   { fetch: async () => Response.json(await client.models.list()) },
 *   { serviceName: 'chat-app', providers: [openAiApi] },
 * );
 */
export function withLlmObs<Env = unknown, H extends AnyContextHandler<Env> = AnyContextHandler<Env>>(
  handler: H,
  config: NamedProvidersConfigInput<Env>,
): WrappedHandler<H> {
  return wrapWorker(handler, config, createNamed);
}

/**
 * `instrumentDurableObject` of `edge-llmobs/cloudflare`, recording only the named `providers`.
 *
 * @example
 * export const Chat = instrumentDurableObject(ChatObject, { serviceName: 'chat-app', providers: [openAiApi] });
 */
export function instrumentDurableObject<C extends AnyClass, Env = unknown>(
  Class: C,
  config: NamedProvidersConfigInput<Env>,
): C {
  return instrumentClass(Class, config, DURABLE_OBJECT, createNamed);
}

/**
 * `instrumentEntrypoint` of `edge-llmobs/cloudflare`, recording only the named `providers`.
 *
 * @example
 * export const Search = instrumentEntrypoint(SearchEntrypoint, { serviceName: 'chat-app', providers: [openAiApi] });
 */
export function instrumentEntrypoint<C extends AnyClass, Env = unknown>(
  Class: C,
  config: NamedProvidersConfigInput<Env>,
): C {
  return instrumentClass(Class, config, ENTRYPOINT, createNamed);
}
