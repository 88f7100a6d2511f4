import type { FlushResult, LlmObs } from '../../adapter-api.js';
import { type AdapterConfigInput, type CreateObs, type IsolateObs, isolateObs } from '../shared/isolate-obs.js';
import type { CloudflareConfigInput } from './cloudflare-config.js';

// One tracing instance per configuration in an isolate: a Worker and its Durable Objects given the
// same config share one buffer and one exporter (and auto-instrumented fetch reports to one of them).
// biome-ignore lint/suspicious/noExplicitAny: one getter per config, whatever its Env
const getters = new WeakMap<object, (env: any) => IsolateObs<any>>();
// Every instance made above, for forceFlush(). Held weakly: a Worker that builds its config object per
// request makes an instance per request, and held strongly they grew the isolate by ~20 KB a request
// until it was killed. A flush under way or an exportEvery window holds its instance until it is done;
// a batch such an instance keeps for a retry after a failed export is lost with it (no later request
// would have reached that instance to send it).
let instances: WeakRef<LlmObs>[] = [];

/** The per-isolate tracing of `input`, set up on first use and shared by everything given the same `input`. */
export function obsForConfig<Env>(input: CloudflareConfigInput<Env>, create: CreateObs): (env: Env) => IsolateObs<Env> {
  let getter = getters.get(input);
  if (!getter) {
    getter = isolateObs(input as AdapterConfigInput<Env>, (options) => {
      const obs = create(options);
      // Dropping collected entries whenever the list doubles keeps it proportional to live instances.
      if (instances.length >= 64 && (instances.length & (instances.length - 1)) === 0) {
        instances = instances.filter((ref) => ref.deref());
      }
      instances.push(new WeakRef(obs));
      return obs;
    });
    getters.set(input, getter);
  }
  return getter;
}

/**
 * Sends now every span that `withLlmObs`, `instrumentDurableObject` and `instrumentEntrypoint` hold
 * in this isolate: what an `exportSchedule` (`exportEvery(...)`) keeps for its next batch, and any
 * ended span still queued. Resolves with what was exported and dropped; never rejects. Spans of
 * requests still running are left to their own flush. Call it inside a request (or pass it to
 * `ctx.waitUntil`): workerd sends only from within one.
 *
 * @example
 * import { forceFlush, withLlmObs } from 'edge-llmobs/cloudflare';
 * import { exportEvery } from 'edge-llmobs';
 *
 * export default withLlmObs(
 *   {
 *     async fetch(request, env, ctx) {
 *       // Before a deploy or a test reads the collector: send the batch the schedule is holding.
 *       if (new URL(request.url).pathname === '/admin/flush') return Response.json(await forceFlush());
 *       return new Response('ok');
 *     },
 *   },
 *   { serviceName: 'chat-app', exportSchedule: exportEvery({ requests: 10, ms: 2000 }) },
 * );
 */
export async function forceFlush(): Promise<FlushResult> {
  let exported = 0;
  let dropped = 0;
  const live = instances.map((ref) => ref.deref()).filter((obs) => obs !== undefined);
  for (const result of await Promise.all(live.map((obs) => obs.forceFlush()))) {
    exported += result.exported;
    dropped += result.dropped;
  }
  return { exported, dropped };
}
