import type { InstrumentationScope, SpanData } from '../../trace/span-data.js';

/** Spans of one instrumentation scope, in their batch order. */
export interface ScopeGroup {
  readonly scope: InstrumentationScope;
  readonly spans: SpanData[];
}

/**
 * Splits a batch by instrumentation scope (name and version): this library's own spans under
 * `scope`, then one group per scope other libraries' tracers reported, in order of first appearance.
 * OTLP puts each group in a `scopeSpans` of its own.
 *
 * @example
 * groupByScope(spans, { name: 'edge-llmobs' }); // [{ scope: edge-llmobs, spans }, { scope: ai, spans }]
 */
export function groupByScope(spans: readonly SpanData[], scope: InstrumentationScope): ScopeGroup[] {
  const groups = new Map<string, ScopeGroup>();
  groups.set('', { scope, spans: [] });
  for (const span of spans) {
    const own = span.instrumentationScope;
    const key = own === undefined ? '' : `${own.name}\u0000${own.version ?? ''}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { scope: own as InstrumentationScope, spans: [] };
      groups.set(key, group);
    }
    group.spans.push(span);
  }
  return [...groups.values()].filter((group) => group.spans.length > 0);
}
