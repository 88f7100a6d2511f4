import type { Context } from '@opentelemetry/api';
import type { SpanTracer } from '../trace/tracer.js';
import type { OpenAiRoute } from './routes.js';

/** One recognized OpenAI-style call about to be sent. */
export interface LlmFetchCall {
  readonly original: typeof fetch;
  readonly input: RequestInfo | URL;
  readonly init: RequestInit | undefined;
  readonly url: URL;
  readonly route: OpenAiRoute;
  readonly tracer: SpanTracer;
  readonly context: Context;
}

/** Sends the call and records it as an LLM span (filled in by the OpenAI issue). */
export function traceLlmFetch(call: LlmFetchCall): Promise<Response> {
  return call.original(call.input, call.init);
}
