import type { Span } from '@opentelemetry/api';

// Spans that stand for one call to an LLM provider, recorded by an integration (the AI SDK's
// `doGenerate`/`doStream`/`doEmbed`). Held weakly: a mark never keeps a span alive.
const providerCalls = new WeakSet<object>();

/** Marks `span` as the one span of a provider call, so the fetch instrumentation does not record that call again. */
export function markProviderCall(span: Span): void {
  providerCalls.add(span);
}

/** Whether `span` was marked by {@link markProviderCall}. */
export function isProviderCall(span: Span | undefined): boolean {
  return span !== undefined && providerCalls.has(span);
}
