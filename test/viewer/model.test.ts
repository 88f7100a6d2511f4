import { describe, expect, it } from 'vitest';
import { llmMessages } from '../../viewer/src/model/messages.js';
import { spanTree } from '../../viewer/src/model/span-tree.js';
import { DecodeError, decodeTraceRequest } from '../../viewer/src/otlp/decode.js';
import { timeToFirstTokenMs } from '../../viewer/src/otlp/ttft.js';
import { formatCost, formatMs } from '../../viewer/src/views/format.js';

// The viewer's pure parts, without workerd.

const TRACE = '0123456789abcdef0123456789abcdef';
const SPAN = '0123456789abcdef';

function request(span: Record<string, unknown>) {
  return { resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] };
}

describe('decodeTraceRequest', () => {
  const span = {
    traceId: TRACE.toUpperCase(),
    spanId: SPAN,
    name: 'chat',
    startTimeUnixNano: '1764071132004123456',
    endTimeUnixNano: 1764071132_504_000_000,
    attributes: [
      { key: 'session.id', value: { stringValue: 's' } },
      { key: 'llm.token_count.prompt', value: { intValue: '7' } },
      { key: 'llm.token_count.completion', value: { intValue: 5 } },
      { key: 'tag.tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'a' }] } } },
      { key: 'llm.cost.prompt', value: { doubleValue: 0.25 } },
      { key: 'llm.cost.completion', value: { doubleValue: 0.5 } },
      { key: 'nested', value: { kvlistValue: { values: [{ key: 'k', value: { boolValue: true } }] } } },
    ],
  };

  it('reads ids, times and the OpenInference columns, filling totals from their parts', () => {
    const [row] = decodeTraceRequest(request(span));
    expect(row).toMatchObject({
      traceId: TRACE,
      parentSpanId: null,
      startMs: 1764071132004.123,
      endMs: 1764071132504,
      sessionId: 's',
      totalTokens: 12,
      costUsd: 0.75,
      tags: ['a'],
    });
    expect(row.attributes.nested).toEqual({ k: true });
    // Integer nanoseconds arrive exactly even past 2^53 as strings.
    expect(row.startTimeUnixNano).toBe('1764071132004123456');
  });

  it('accepts the proto field names too', () => {
    const [row] = decodeTraceRequest({
      resource_spans: [
        {
          scope_spans: [
            {
              spans: [
                { trace_id: TRACE, span_id: SPAN, name: 'x', start_time_unix_nano: '1', end_time_unix_nano: '2' },
              ],
            },
          ],
        },
      ],
    });
    expect(row.spanId).toBe(SPAN);
  });

  it.each([
    ['an all-zero trace id', { traceId: '0'.repeat(32) }, 'traceId'],
    ['a short span id', { spanId: 'abc' }, 'spanId'],
    ['a bad parent id', { parentSpanId: 'zz' }, 'parentSpanId'],
    ['a missing name', { name: undefined }, 'name'],
    ['a fractional time', { startTimeUnixNano: '1.5' }, 'startTimeUnixNano'],
  ])('rejects %s', (_name, change, field) => {
    expect(() => decodeTraceRequest(request({ ...span, ...change }))).toThrow(DecodeError);
    try {
      decodeTraceRequest(request({ ...span, ...change }));
    } catch (error) {
      expect((error as DecodeError).field).toBe(`resourceSpans[0].scopeSpans[0].spans[0].${field}`);
    }
  });

  it('takes an empty request as success with nothing to store', () => {
    expect(decodeTraceRequest({})).toEqual([]);
  });
});

it('reads time to first token in milliseconds from any of the keys tracers use', () => {
  expect(timeToFirstTokenMs({ 'edge_llmobs.time_to_first_token_ms': 120 })).toBe(120);
  expect(timeToFirstTokenMs({ 'gen_ai.response.time_to_first_chunk': 0.25 })).toBe(250);
  expect(timeToFirstTokenMs({ 'llm.time_to_first_token_s': 1.5 })).toBe(1500);
  expect(timeToFirstTokenMs({ 'llm.time_to_first_token_ns': 2e6 })).toBe(2);
  expect(timeToFirstTokenMs({ 'llm.token_count.total': 3 })).toBeNull();
});

it('reassembles messages from flattened keys: text parts, and tool calls by index', () => {
  const { input, output } = llmMessages({
    'llm.input_messages.1.message.role': 'user',
    'llm.input_messages.1.message.contents.1.message_content.text': 'world',
    'llm.input_messages.1.message.contents.0.message_content.text': 'hello',
    'llm.input_messages.0.message.role': 'system',
    'llm.input_messages.0.message.content': 'be brief',
    'llm.output_messages.0.message.role': 'assistant',
    'llm.output_messages.0.message.tool_calls.1.tool_call.function.name': 'pack',
    'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'weather',
    'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"at":"trail"}',
  });
  expect(input).toEqual([
    { role: 'system', content: 'be brief' },
    { role: 'user', content: 'hello\nworld' },
  ]);
  expect(output).toEqual([{ role: 'assistant', content: '→ weather({"at":"trail"})\n→ pack()' }]);
});

it('nests spans, keeping orphans and cycles visible at the top', () => {
  const span = (spanId: string, parentSpanId: string | null) => ({ spanId, parentSpanId });
  const tree = spanTree([span('r', null), span('c', 'r'), span('o', 'gone'), span('x', 'y'), span('y', 'x')]);
  expect(tree.map((node) => node.spanId)).toEqual(['r', 'o', 'x', 'y']);
  expect(tree[0].children.map((node) => node.spanId)).toEqual(['c']);
});

it('formats cost and durations without hiding small values', () => {
  expect(formatCost(0.0000371)).toBe('$0.0000371');
  expect(formatCost(null)).toBe('—');
  expect(formatCost(0)).toBe('$0');
  expect(formatCost(12.345)).toBe('$12.35');
  expect(formatMs(1234)).toBe('1.23 s');
  expect(formatMs(0.5)).toBe('0.50 ms');
});
