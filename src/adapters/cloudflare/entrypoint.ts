import { register } from '../../adapter-api.js';
import type { CloudflareConfigInput } from './cloudflare-config.js';
import { type AnyClass, type ClassSpec, instrumentClass } from './instrument-class.js';

/** What a `WorkerEntrypoint`'s spans record: its class name. */
export const ENTRYPOINT: ClassSpec = {
  attributes: (className) => ({ 'cloudflare.entrypoint': className }),
  events: new Set(),
  // A WorkerEntrypoint that is the default export answers the open internet too.
  trustFetchBaggage: false,
};

/**
 * Traces a `WorkerEntrypoint` class; export the returned class in its place. Every RPC method and
 * `fetch` become spans flushed with the entrypoint's `ctx.waitUntil`. Called through a service
 * binding from a traced Worker, an RPC call joins the caller's trace with its session and user; a
 * `fetch` continues the caller's `traceparent`, and takes session and user from `baggage` only with
 * `trustIncomingBaggage: true` (a default export can be reached from the internet, where anyone can
 * send any baggage).
 *
 * @example
 * import { WorkerEntrypoint } from 'cloudflare:workers';
 * import { instrumentEntrypoint } from 'edge-llmobs/cloudflare';
 *
 * class Moderation extends WorkerEntrypoint {
 *   async check(text: string): Promise<boolean> {
 *     return !/forbidden/i.test(text);
 *   }
 * }
 *
 * const TracedModeration = instrumentEntrypoint(Moderation, { serviceName: 'moderation' });
 * export { TracedModeration as Moderation };
 */
export function instrumentEntrypoint<C extends AnyClass, Env = unknown>(
  Class: C,
  config: CloudflareConfigInput<Env>,
): C {
  return instrumentClass(Class, config, ENTRYPOINT, register);
}
