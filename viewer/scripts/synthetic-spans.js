// Synthetic chat traffic as OTLP JSON, for the viewer's load, cost and plan tests and its benchmark:
// each trace is one turn (a root, a CHAIN span with session and user, an LLM span with tokens and
// cost), ids derived from (batch, trace) so a retried batch carries the same ids.

const hex = (value, width) => value.toString(16).padStart(width, '0');

/** @param {import('./synthetic-spans.d.ts').SyntheticOptions} options */
export function syntheticTraceRequest({ batch, traces, users = 50, startMs = Date.now() - 60_000, prefix = 'syn' }) {
  const spans = [];
  for (let i = 0; i < traces; i++) {
    const traceId = `${hex(batch + 1, 16)}${hex(i + 1, 16)}`;
    const start = BigInt(Math.round(startMs + i)) * 1_000_000n;
    const at = (ms) => String(start + BigInt(ms) * 1_000_000n);
    const session = `${prefix}-sess-${batch}-${Math.floor(i / 4)}`;
    const user = `${prefix}-user-${(batch * traces + i) % users}`;
    const context = [
      { key: 'session.id', value: { stringValue: session } },
      { key: 'user.id', value: { stringValue: user } },
    ];
    const ids = [1, 2, 3].map((n) => `${hex(batch + 1, 8)}${hex(i * 4 + n, 8)}`);
    spans.push(
      {
        traceId,
        spanId: ids[0],
        name: 'POST /chat',
        kind: 2,
        startTimeUnixNano: at(0),
        endTimeUnixNano: at(40),
        attributes: [],
      },
      {
        traceId,
        spanId: ids[1],
        parentSpanId: ids[0],
        name: 'chat',
        kind: 1,
        startTimeUnixNano: at(1),
        endTimeUnixNano: at(39),
        attributes: [...context, { key: 'openinference.span.kind', value: { stringValue: 'CHAIN' } }],
      },
      {
        traceId,
        spanId: ids[2],
        parentSpanId: ids[1],
        name: 'OpenAI Chat Completions',
        kind: 3,
        startTimeUnixNano: at(2),
        endTimeUnixNano: at(38),
        attributes: [
          ...context,
          { key: 'openinference.span.kind', value: { stringValue: 'LLM' } },
          { key: 'llm.model_name', value: { stringValue: i % 2 ? 'gpt-4o-mini' : 'gpt-4o' } },
          { key: 'llm.token_count.prompt', value: { intValue: '20' } },
          { key: 'llm.token_count.completion', value: { intValue: '10' } },
          { key: 'llm.cost.total', value: { doubleValue: 0.0001 } },
          { key: 'input.value', value: { stringValue: `question ${batch}-${i} about hiking` } },
          { key: 'output.value', value: { stringValue: `answer ${batch}-${i}` } },
        ],
      },
    );
  }
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'synthetic' } }] },
        scopeSpans: [{ scope: { name: 'synthetic' }, spans }],
      },
    ],
  };
}
