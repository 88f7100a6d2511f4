import { currentObsTarget } from './llm-obs.js';
import { isTracedFetch, runtimeFetch } from './original-fetch.js';
import { createTracedFetch } from './providers/recorder/instrument-fetch.js';

/**
 * Returns a fetch that records OpenAI-style calls (chat, Responses, embeddings, completions; on any
 * OpenAI-compatible base URL) as LLM spans of the registered instance, in the current context. Hand
 * it to any client; other requests pass through untouched. Without an argument it wraps the
 * runtime's fetch as it is at call time; a fetch that is already traced (the global one under
 * `autoInstrument`) is returned as it is.
 *
 * @example
 * import OpenAI from 'openai';
 * import { instrumentFetch, register } from 'edge-llmobs';
 *
 * register({ serviceName: 'chat-app' });
 * const client = new OpenAI({ fetch: instrumentFetch() });
 */
export function instrumentFetch(fetch?: typeof globalThis.fetch): typeof globalThis.fetch {
  // Already traced (`instrumentFetch(fetch)` under `autoInstrument`, or twice): wrapping it again would
  // record every call twice.
  if (fetch !== undefined && isTracedFetch(fetch)) return fetch;
  const original = fetch ?? runtimeFetch;
  return createTracedFetch(original, currentObsTarget);
}
