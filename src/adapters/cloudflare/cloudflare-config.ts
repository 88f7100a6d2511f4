import type { AdapterConfig } from '../shared/isolate-obs.js';
import type { BindingContextOptions } from './binding-propagation.js';

/**
 * The configuration of `withLlmObs`, `instrumentDurableObject` and `instrumentEntrypoint`: the
 * adapter configuration, which bindings carry the trace context, and whether a caller's `baggage` may
 * set `session.id` and `user.id`.
 *
 * @example
 * const config: CloudflareConfig<Env> = { serviceName: 'chat-app', propagateToBindings: ['CHAT_HISTORY'] };
 */
export type CloudflareConfig<Env = unknown> = AdapterConfig<Env> &
  BindingContextOptions & {
    /**
     * Take `session.id` and `user.id` from the caller's W3C `baggage`. Default: true for RPC calls
     * and Durable Objects (only your own bindings can reach them), false for `withLlmObs` and an
     * entrypoint's `fetch`, which the open internet may call.
     */
    trustIncomingBaggage?: boolean;
  };

/**
 * The configuration or a function of the bindings that returns it (called once per isolate).
 *
 * @example
 * const config: CloudflareConfigInput<Env> = (env) => ({ serviceName: 'chat-app', apiKey: env.COLLECTOR_KEY });
 */
export type CloudflareConfigInput<Env = unknown> = CloudflareConfig<Env> | ((env: Env) => CloudflareConfig<Env>);
