import { type AdapterConfigInput, type CreateObs, type IsolateObs, isolateObs } from '../shared/isolate-obs.js';
import type { CloudflareConfigInput } from './cloudflare-config.js';

// One tracing instance per configuration in an isolate: a Worker and its Durable Objects given the
// same config share one buffer and one exporter (and auto-instrumented fetch reports to one of them).
// biome-ignore lint/suspicious/noExplicitAny: one getter per config, whatever its Env
const getters = new WeakMap<object, (env: any) => IsolateObs<any>>();

/** The per-isolate tracing of `input`, set up on first use and shared by everything given the same `input`. */
export function obsForConfig<Env>(input: CloudflareConfigInput<Env>, create: CreateObs): (env: Env) => IsolateObs<Env> {
  let getter = getters.get(input);
  if (!getter) {
    getter = isolateObs(input as AdapterConfigInput<Env>, create);
    getters.set(input, getter);
  }
  return getter;
}
