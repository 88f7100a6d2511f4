import { isTracingSuppressed } from '../../context/context-attributes.js';
import { markTracedFetch } from '../../original-fetch.js';
import { isProviderCall } from '../../trace/provider-call.js';
import { getSpan } from '../../trace/tracer.js';
import type { TracedFetchTarget } from '../provider.js';
import { recognizeLlmCall } from '../provider-table.js';
import { traceLlmFetch } from './trace-llm-fetch.js';

/**
 * Wraps `original` so calls a provider module of the recorder recognizes become LLM spans; every other request goes straight through.
 * The tracer is looked up per call, so a wrapper made before `register()` still reports to it.
 */
export function createTracedFetch(original: typeof fetch, target: TracedFetchTarget): typeof fetch {
  const traced = function tracedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    let url: URL;
    let method: string;
    try {
      url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    } catch {
      return original(input, init);
    }
    const recorder = target.recorder();
    const recognized = recorder && recognizeLlmCall(recorder.providers, url, method);
    if (!recognized) return original(input, init);
    const context = target.contextSource.active();
    if (isTracingSuppressed(context)) return original(input, init);
    // An integration already records this call as one LLM span (the AI SDK's doGenerate): a second
    // span would count its tokens and cost twice.
    if (isProviderCall(getSpan(context))) return original(input, init);
    return traceLlmFetch({ original, input, init, ...recognized, context, ...recorder });
  } as typeof fetch;
  markTracedFetch(traced, original);
  return traced;
}
