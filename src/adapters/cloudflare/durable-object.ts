import type { Attributes } from '@opentelemetry/api';
import { register } from '../../adapter-api.js';
import type { CloudflareConfigInput } from './cloudflare-config.js';
import { type AnyClass, type ClassSpec, instrumentClass } from './instrument-class.js';

interface DurableObjectIdLike {
  toString(): string;
  readonly name?: string;
}

/** What a Durable Object's spans record: its class, id and name; its events as root spans. */
export const DURABLE_OBJECT: ClassSpec = {
  attributes(className, ctx) {
    const id = (ctx as { id?: DurableObjectIdLike } | undefined)?.id;
    const attributes: Attributes = { 'cloudflare.durable_object.class': className };
    if (id) attributes['cloudflare.durable_object.id'] = id.toString();
    if (typeof id?.name === 'string') attributes['cloudflare.durable_object.name'] = id.name;
    return attributes;
  },
  events: new Set(['alarm', 'webSocketMessage', 'webSocketClose', 'webSocketError']),
  trustFetchBaggage: true,
};

/**
 * Traces a Durable Object class; export the returned class in its place (same name in
 * `wrangler.toml`). `fetch`, `alarm`, `webSocketMessage` / `webSocketClose` / `webSocketError` and
 * every RPC method become spans, flushed through the object's own `ctx.waitUntil`. Called from a
 * Worker traced by `withLlmObs` (or from another traced object), a call joins the caller's trace as a
 * child of the caller's span and carries its `session.id` and `user.id`: the stub the caller got
 * from `env` sends them in `traceparent` / `baggage` headers (fetch) or as one extra last argument
 * (RPC), which the returned class removes before your method sees its arguments.
 *
 * Works for classes that `extends DurableObject` and for plain classes: the constructor runs as is,
 * so `this.ctx`, `this.env`, storage, statics and `instanceof` behave as without it. Inside a method,
 * `currentRequestScope()` (called before the first `await`) gives the call's scope for Workers
 * without `nodejs_compat`. A method called by the object itself is not a new span.
 *
 * @example
 * import { DurableObject } from 'cloudflare:workers';
 * import { instrumentDurableObject } from 'edge-llmobs/cloudflare';
 *
 * class ChatHistory extends DurableObject {
 *   async append(role: string, content: string): Promise<number> {
 *     const turns = ((await this.ctx.storage.get<unknown[]>('turns')) ?? []).concat({ role, content });
 *     await this.ctx.storage.put('turns', turns);
 *     return turns.length;
 *   }
 * }
 *
 * const TracedChatHistory = instrumentDurableObject(ChatHistory, { serviceName: 'chat-app' });
 * export { TracedChatHistory as ChatHistory };
 */
export function instrumentDurableObject<C extends AnyClass, Env = unknown>(
  Class: C,
  config: CloudflareConfigInput<Env>,
): C {
  return instrumentClass(Class, config, DURABLE_OBJECT, register);
}
