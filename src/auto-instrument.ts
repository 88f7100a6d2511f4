import { currentObsTarget } from './llm-obs.js';
import { isTracedFetch } from './original-fetch.js';
import { createTracedFetch } from './providers/recorder/instrument-fetch.js';

let patch: { original: typeof fetch; traced: typeof fetch } | undefined;

/**
 * Wraps `globalThis.fetch` once per isolate, however many instances ask for it. The wrapper reports
 * to whichever instance is current, so a second `register()` needs no second wrapper.
 */
export function patchGlobalFetch(): void {
  if (patch || isTracedFetch(globalThis.fetch)) return;
  const original = globalThis.fetch;
  const traced = createTracedFetch(original, currentObsTarget);
  globalThis.fetch = traced;
  patch = { original, traced };
}

/** Puts the runtime's fetch back, unless someone else has replaced the wrapper since. */
export function unpatchGlobalFetch(): void {
  if (!patch) return;
  if (globalThis.fetch === patch.traced) globalThis.fetch = patch.original;
  patch = undefined;
}
