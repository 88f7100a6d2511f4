// Spans recorded at the fetch level, held weakly: a mark that adds no attribute to exported spans and
// no memory once a span is gone.
const fetchLevelSpans = new WeakSet<object>();

/** Marks `span` as an LLM span that a provider module recorded from a `fetch`. */
export function markFetchLevelLlmSpan(span: object): void {
  fetchLevelSpans.add(span);
}

/**
 * Whether a span (live, or ended as the exporter and `beforeExport` see it: the same object) is an
 * LLM call recorded at the fetch level by a provider module. Integrations that see the same call from
 * above (the Vercel AI SDK's `doGenerate` / `doStream` spans) use it to record one call once: a
 * fetch-level span whose parent is theirs already holds the call.
 *
 * @example
 * const duplicated = spans.some((s) => s.parentSpanId === doStream.context.spanId && isFetchLevelLlmSpan(s));
 */
export function isFetchLevelLlmSpan(span: object): boolean {
  return fetchLevelSpans.has(span);
}
