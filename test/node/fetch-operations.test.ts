// Every OpenAI operation, sent with the official SDK through `obs.fetch` to the local stand-in: the
// LLM span the traced fetch records carries the right attributes, and, span for span, the same ones
// as Arize's @arizeai/openinference-instrumentation-openai records for the very same call (both
// instrument it at once: Arize patches the SDK, this library wraps the fetch under it), except for
// the documented differences.
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LlmObs, register, type SpanData } from '../../src/index.js';
import { CHAT_USAGE_KEYS, sdkOutputText, streamedUsage, toolCallsOnlyOutput } from '../fixtures/arize-differences.js';
import {
  ABSENT,
  type Difference,
  defined,
  expectSameAsArize,
  instrumentWithArize,
  oursOnly,
} from '../fixtures/arize-oracle.js';
import { imageChat, plainChat, timeTool, toolCallChat, toolResultChat, weatherTool } from '../fixtures/chat-params.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';

const arizeExporter = new InMemorySpanExporter();
const ourExporter = collectingExporter();
const exported = ourExporter.spans;
let standIn: StandIn;
let obs: LlmObs;
let client: OpenAI;

beforeAll(async () => {
  instrumentWithArize(arizeExporter);
  standIn = await startOpenAiStandIn();
  obs = register({
    serviceName: 'fetch-operations',
    exporter: ourExporter,
  });
  client = new OpenAI({ baseURL: standIn.url, apiKey: 'sk-test', maxRetries: 0, fetch: obs.fetch });
});

afterAll(async () => {
  await obs.shutdown();
  await standIn.close();
});

interface Pair {
  ours: SpanData;
  arize: ReturnType<InMemorySpanExporter['getFinishedSpans']>[number];
  index: number;
}

/** Runs one SDK call; returns this library's span and Arize's span for it. */
async function traced(call: () => Promise<unknown>): Promise<Pair> {
  await obs.forceFlush();
  arizeExporter.reset();
  exported.length = 0;
  const index = standIn.requests.length;
  await call();
  // Arize's streamed spans end when its tee'd branch is drained, after the caller's loop.
  await vi.waitFor(() => expect(arizeExporter.getFinishedSpans()).toHaveLength(1));
  // Ours has ended by now: the caller read the body to its end.
  expect(obs.buffer.openSpans.size).toBe(0);
  await obs.forceFlush();
  expect(exported).toHaveLength(1);
  expect(standIn.requests).toHaveLength(index + 1);
  return { ours: exported[0], arize: arizeExporter.getFinishedSpans()[0], index };
}

const positive = (value: unknown) => typeof value === 'number' && value > 0;
const nonNegative = (value: unknown) => typeof value === 'number' && value >= 0;

/** Cost: this library prices known models; Arize records no cost. */
const cost = (keys = ['llm.cost.prompt', 'llm.cost.completion', 'llm.cost.total']): Difference[] =>
  oursOnly(keys, nonNegative, 'built-in price table; Arize has no cost');
const TTFT: Difference = {
  key: 'edge_llmobs.time_to_first_token_ms',
  ours: nonNegative,
  arize: ABSENT,
  why: 'time to first token, measured at the fetch level; Arize records none',
};
const servedModel = (ours: string, arize: string): Difference => ({
  key: 'llm.model_name',
  ours,
  arize,
  why: 'the chunks name the served model; Arize keeps the requested one for streams',
});

/**
 * The whole span, compared: name, attribute set (except the differences, each of which must hold),
 * and the span-level differences that always hold (kind CLIENT vs INTERNAL, status UNSET vs OK).
 */
function expectSameSpanAsArize(
  { ours, arize }: Pair,
  differences: Difference[] = [],
  { arizeStatus = 1 }: { arizeStatus?: number } = {},
): void {
  expect(ours.name).toBe(arize.name);
  // A fetch is an outgoing call (CLIENT); Arize wraps an SDK method (INTERNAL).
  expect(ours.kind).toBe(2);
  expect(arize.kind).toBe(0);
  // OpenTelemetry leaves a successful span's status UNSET; Arize sets OK (but leaves chat streams UNSET).
  expect(ours.status.code).toBe(0);
  expect(arize.status.code).toBe(arizeStatus);
  expectSameAsArize(ours.attributes, arize.attributes, differences);
  // Arize adds no events; this library adds the first-token event on streams only.
  expect(arize.events).toEqual([]);
}

function eventNames(span: SpanData): string[] {
  return span.events.map((event) => event.name);
}

describe('chat completions through obs.fetch', () => {
  it('plain chat: model, messages, output, tokens incl. cached, cost, finish reason', async () => {
    const pair = await traced(() => client.chat.completions.create(plainChat));
    const a = pair.ours.attributes;
    const usage = JSON.parse(standIn.sentText(pair.index)).usage;
    expect(a).toMatchObject({
      'openinference.span.kind': 'LLM',
      'llm.system': 'openai',
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': 'You are terse.',
      'llm.input_messages.1.message.role': 'user',
      'llm.input_messages.1.message.content': 'Hello there cached:4',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': 'Echo: Hello there cached:4',
      'llm.finish_reason': 'stop',
      'llm.token_count.prompt': usage.prompt_tokens,
      'llm.token_count.completion': usage.completion_tokens,
      'llm.token_count.total': usage.total_tokens,
      'llm.token_count.prompt_details.cache_read': 4,
      'llm.token_count.completion_details.reasoning': 0,
    });
    expect(JSON.parse(String(a['llm.invocation_parameters']))).toEqual({
      model: 'gpt-4o-mini',
      temperature: 0.2,
      max_tokens: 50,
    });
    // gpt-4o-mini: $0.15 input, $0.075 cached input, $0.60 output per 1M tokens.
    const prompt = ((usage.prompt_tokens - 4) * 0.15 + 4 * 0.075) / 1e6;
    const completion = (usage.completion_tokens * 0.6) / 1e6;
    expect(a['llm.cost.prompt']).toBeCloseTo(prompt, 15);
    expect(a['llm.cost.prompt_details.cache_read']).toBeCloseTo((4 * 0.075) / 1e6, 15);
    expect(a['llm.cost.completion']).toBeCloseTo(completion, 15);
    expect(a['llm.cost.total']).toBeCloseTo(prompt + completion, 15);
    expect(a['edge_llmobs.time_to_first_token_ms']).toBeUndefined();
    expect(eventNames(pair.ours)).toEqual([]);
    expect(pair.ours.endTime).toBeDefined();
    expectSameSpanAsArize(pair, cost([...cost().map((d) => d.key), 'llm.cost.prompt_details.cache_read']));
  });

  it('an unknown model gets token counts and no cost', async () => {
    const pair = await traced(() =>
      client.chat.completions.create({ model: 'my-local-llama', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(pair.ours.attributes['llm.model_name']).toBe('my-local-llama');
    expect(pair.ours.attributes['llm.token_count.total']).toBeGreaterThan(0);
    expect(Object.keys(pair.ours.attributes).filter((key) => key.startsWith('llm.cost'))).toEqual([]);
    expectSameSpanAsArize(pair);
  });

  it('streamed with include_usage: usage, assembled output, finish reason, time to first token', async () => {
    const pair = await traced(async () => {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'Stream this, 世界 🎉 cached:3' }],
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      expect(text).toBe('Echo: Stream this, 世界 🎉 cached:3');
    });
    const a = pair.ours.attributes;
    expect(a).toMatchObject({
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
      'output.value': 'Echo: Stream this, 世界 🎉 cached:3',
      'llm.output_messages.0.message.content': 'Echo: Stream this, 世界 🎉 cached:3',
      'llm.finish_reason': 'stop',
      'llm.token_count.prompt_details.cache_read': 3,
    });
    expect(a['llm.token_count.total']).toBe(
      Number(a['llm.token_count.prompt']) + Number(a['llm.token_count.completion']),
    );
    expect(a['llm.cost.total']).toBeGreaterThan(0);
    expect(a['edge_llmobs.time_to_first_token_ms']).toBeGreaterThanOrEqual(0);
    expect(eventNames(pair.ours)).toEqual(['First Token Stream Event']);
    // The first-token event comes between the span's start and end.
    const at = (t: { epochMs: number; nanos: number }) => t.epochMs * 1e6 + t.nanos;
    expect(at(pair.ours.events[0].time)).toBeGreaterThanOrEqual(at(pair.ours.startTime));
    expect(at(pair.ours.events[0].time)).toBeLessThanOrEqual(at(pair.ours.endTime!));
    expectSameSpanAsArize(
      pair,
      [
        servedModel('gpt-4o-mini-2024-07-18', 'gpt-4o-mini'),
        ...streamedUsage(CHAT_USAGE_KEYS),
        ...cost([...cost().map((d) => d.key), 'llm.cost.prompt_details.cache_read']),
        TTFT,
      ],
      { arizeStatus: 0 },
    );
  });

  it('streamed without include_usage: no token counts, so no cost, still time to first token', async () => {
    const pair = await traced(async () => {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        stream: true,
        messages: [{ role: 'user', content: 'no usage please' }],
      });
      for await (const _chunk of stream);
    });
    const keys = Object.keys(pair.ours.attributes);
    expect(keys.filter((key) => key.startsWith('llm.token_count') || key.startsWith('llm.cost'))).toEqual([]);
    expect(pair.ours.attributes['llm.finish_reason']).toBe('stop');
    expect(eventNames(pair.ours)).toEqual(['First Token Stream Event']);
    expectSameSpanAsArize(pair, [servedModel('gpt-4o-mini-2024-07-18', 'gpt-4o-mini'), TTFT], { arizeStatus: 0 });
  });

  it('tools, the tool call in the response, then the tool result message', async () => {
    const first = await traced(() => client.chat.completions.create(toolCallChat));
    const call = 'llm.output_messages.0.message.tool_calls.0.tool_call';
    expect(first.ours.attributes).toMatchObject({
      'llm.tools.0.tool.json_schema': JSON.stringify(weatherTool),
      [`${call}.function.name`]: 'get_weather',
      [`${call}.id`]: `call_standin${first.index}_0`,
      'llm.finish_reason': 'tool_calls',
    });
    expect(JSON.parse(String(first.ours.attributes[`${call}.function.arguments`]))).toEqual({
      query: 'Weather in Paris?',
      tool: 0,
    });
    expectSameSpanAsArize(first, cost());

    const second = await traced(() => client.chat.completions.create(toolResultChat));
    expect(second.ours.attributes).toMatchObject({
      'llm.input_messages.1.message.tool_calls.0.tool_call.id': 'call_1',
      'llm.input_messages.1.message.tool_calls.0.tool_call.function.name': 'get_weather',
      'llm.input_messages.1.message.tool_calls.0.tool_call.function.arguments': '{"city":"Paris"}',
      'llm.input_messages.2.message.role': 'tool',
      'llm.input_messages.2.message.tool_call_id': 'call_1',
      'llm.output_messages.0.message.content': 'Echo: 18°C and sunny',
      'llm.finish_reason': 'stop',
    });
    expectSameSpanAsArize(second, cost());
  });

  it('streamed parallel tool calls are assembled per index', async () => {
    const pair = await traced(async () => {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        stream: true,
        stream_options: { include_usage: true },
        tools: [weatherTool, timeTool],
        messages: [{ role: 'user', content: 'Weather and time? tools:all' }],
      });
      for await (const _chunk of stream);
    });
    const prefix = 'llm.output_messages.0.message.tool_calls';
    const a = pair.ours.attributes;
    expect(a[`${prefix}.0.tool_call.function.name`]).toBe('get_weather');
    expect(a[`${prefix}.1.tool_call.function.name`]).toBe('get_time');
    expect(JSON.parse(String(a[`${prefix}.1.tool_call.function.arguments`])).tool).toBe(1);
    expect(a['llm.finish_reason']).toBe('tool_calls');
    expect(eventNames(pair.ours)).toEqual(['First Token Stream Event']);
    const merged = 'Arize keys stream deltas by position in the delta array, not by index, so it merges calls';
    expectSameSpanAsArize(
      pair,
      [
        servedModel('gpt-4o-mini-2024-07-18', 'gpt-4o-mini'),
        ...streamedUsage(CHAT_USAGE_KEYS),
        ...cost(),
        TTFT,
        ...toolCallsOnlyOutput,
        { key: `${prefix}.0.tool_call.id`, ours: defined, arize: defined, why: merged },
        { key: `${prefix}.0.tool_call.function.name`, ours: 'get_weather', arize: 'get_weatherget_time', why: merged },
        { key: `${prefix}.0.tool_call.function.arguments`, ours: defined, arize: defined, why: merged },
        { key: `${prefix}.1.tool_call.id`, ours: defined, arize: ABSENT, why: merged },
        { key: `${prefix}.1.tool_call.function.name`, ours: 'get_time', arize: ABSENT, why: merged },
        { key: `${prefix}.1.tool_call.function.arguments`, ours: defined, arize: ABSENT, why: merged },
      ],
      { arizeStatus: 0 },
    );
  });

  it('multi-part user message with an image URL', async () => {
    const pair = await traced(() => client.chat.completions.create(imageChat));
    const part = 'llm.input_messages.0.message.contents';
    expect(pair.ours.attributes).toMatchObject({
      [`${part}.0.message_content.type`]: 'text',
      [`${part}.0.message_content.text`]: 'What is in this picture?',
      [`${part}.1.message_content.type`]: 'image',
      [`${part}.1.message_content.image.image.url`]: 'https://example.com/cat.png',
      'llm.model_name': 'gpt-4o-2024-08-06',
    });
    expectSameSpanAsArize(pair, cost());
  });
});

describe('responses through obs.fetch', () => {
  it('plain response', async () => {
    const pair = await traced(() =>
      client.responses.create({ model: 'gpt-4.1', instructions: 'Be brief.', input: 'Hello responses cached:2' }),
    );
    const body = JSON.parse(standIn.sentText(pair.index));
    expect(pair.ours.attributes).toMatchObject({
      'llm.model_name': 'gpt-4.1-2025-04-14',
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': 'Be brief.',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.contents.0.message_content.text': 'Echo: Hello responses cached:2',
      'llm.token_count.prompt': body.usage.input_tokens,
      'llm.token_count.completion': body.usage.output_tokens,
      'llm.token_count.total': body.usage.total_tokens,
      'llm.token_count.prompt_details.cache_read': 2,
      'llm.token_count.completion_details.reasoning': 0,
    });
    expect(JSON.parse(String(pair.ours.attributes['output.value']))).toEqual(body);
    expect(pair.ours.attributes['llm.cost.total']).toBeGreaterThan(0);
    expectSameSpanAsArize(pair, [
      sdkOutputText,
      ...cost([...cost().map((d) => d.key), 'llm.cost.prompt_details.cache_read']),
    ]);
  });

  it('streamed response: typed events, usage, time to first token', async () => {
    const pair = await traced(async () => {
      const stream = await client.responses.create({ model: 'gpt-4.1-mini', input: 'Stream, please', stream: true });
      const types: string[] = [];
      for await (const event of stream) types.push(event.type);
      expect(types).toContain('response.output_text.delta');
      expect(types.at(-1)).toBe('response.completed');
    });
    expect(pair.ours.attributes).toMatchObject({
      'llm.model_name': 'gpt-4.1-mini-2025-04-14',
      'llm.output_messages.0.message.contents.0.message_content.text': 'Echo: Stream, please',
    });
    expect(pair.ours.attributes['llm.token_count.total']).toBeGreaterThan(0);
    expect(pair.ours.attributes['edge_llmobs.time_to_first_token_ms']).toBeGreaterThanOrEqual(0);
    expect(eventNames(pair.ours)).toEqual(['First Token Stream Event']);
    expectSameSpanAsArize(pair, [...cost(), TTFT]);
  });
});

describe('embeddings and legacy completions through obs.fetch', () => {
  const embeddingUsage = oursOnly(
    ['llm.token_count.prompt', 'llm.token_count.total'],
    positive,
    'Arize records no usage for embeddings',
  );
  const embeddingCost = oursOnly(
    ['llm.cost.prompt', 'llm.cost.total'],
    nonNegative,
    'built-in price table; Arize has no cost',
  );

  it('embeddings as the SDK asks for them (base64): vectors decoded', async () => {
    const pair = await traced(async () => {
      const result = await client.embeddings.create({
        model: 'text-embedding-3-small',
        input: ['first text', 'second text'],
      });
      expect(result.data[1].embedding).toHaveLength(8);
    });
    expect(JSON.parse(standIn.requests[pair.index].bodyText).encoding_format).toBe('base64');
    const floats = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'second text',
      encoding_format: 'float',
    });
    expect(pair.ours.attributes).toMatchObject({
      'openinference.span.kind': 'EMBEDDING',
      'embedding.model_name': 'text-embedding-3-small',
      'embedding.embeddings.0.embedding.text': 'first text',
      'embedding.embeddings.1.embedding.text': 'second text',
      'embedding.embeddings.1.embedding.vector': floats.data[0].embedding,
    });
    expect(pair.ours.attributes['llm.cost.total']).toBeGreaterThan(0);
    expect(pair.ours.attributes['llm.cost.completion']).toBeUndefined();
    expectSameSpanAsArize(pair, [...embeddingUsage, ...embeddingCost]);
  });

  it('embeddings as floats, one string input', async () => {
    const pair = await traced(() =>
      client.embeddings.create({ model: 'text-embedding-3-large', input: 'one text', encoding_format: 'float' }),
    );
    expect(pair.ours.attributes).toMatchObject({
      'input.value': 'one text',
      'input.mime_type': 'text/plain',
      'embedding.embeddings.0.embedding.text': 'one text',
    });
    expect(pair.ours.attributes['embedding.embeddings.0.embedding.vector']).toEqual(
      JSON.parse(standIn.sentText(pair.index)).data[0].embedding,
    );
    expectSameSpanAsArize(pair, [...embeddingUsage, ...embeddingCost]);
  });

  it('legacy completions', async () => {
    const pair = await traced(() =>
      client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say this is a test', max_tokens: 7 }),
    );
    expect(pair.ours.attributes).toMatchObject({
      'llm.model_name': 'gpt-3.5-turbo-instruct',
      'output.value': 'Echo: Say this is a test',
      'llm.finish_reason': 'stop',
    });
    // gpt-3.5-turbo-instruct: $1.50 input, $2 output per 1M tokens.
    const usage = JSON.parse(standIn.sentText(pair.index)).usage;
    expect(pair.ours.attributes['llm.cost.total']).toBeCloseTo(
      (usage.prompt_tokens * 1.5 + usage.completion_tokens * 2) / 1e6,
      15,
    );
    expectSameSpanAsArize(pair, [
      ...cost(),
      { key: 'llm.finish_reason', ours: 'stop', arize: ABSENT, why: 'Arize records no finish reason for completions' },
    ]);
  });
});

describe('a failed call, compared with Arize', () => {
  it('HTTP 429: this library ends an ERROR span; Arize never ends its span when the SDK promise rejects', async () => {
    await obs.forceFlush();
    arizeExporter.reset();
    exported.length = 0;
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'status:429' }] })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    await obs.forceFlush();
    expect(exported).toHaveLength(1);
    const [ours] = exported;
    expect(ours.status.code).toBe(2);
    expect((error as Error).message).toBe(`429 ${ours.status.message}`);
    expect(ours.attributes['http.response.status_code']).toBe(429);
    // Arize's wrapper only ends a span on a synchronous throw or a resolved promise.
    await new Promise((resolve) => setImmediate(resolve));
    expect(arizeExporter.getFinishedSpans()).toHaveLength(0);
  });
});

describe('a streamed legacy completion (Arize never ends that span, so no comparison)', () => {
  it('records the assembled text, usage, cost, finish reason and time to first token', async () => {
    await obs.forceFlush();
    exported.length = 0;
    const stream = await client.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'Say 你好',
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(text).toBe('Echo: Say 你好');
    await obs.forceFlush();
    expect(exported).toHaveLength(1);
    const [span] = exported;
    expect(span.name).toBe('OpenAI Completions');
    expect(span.attributes).toMatchObject({
      'llm.model_name': 'gpt-3.5-turbo-instruct',
      'output.value': 'Echo: Say 你好',
      'llm.finish_reason': 'stop',
      'llm.token_count.total': 5,
    });
    expect(span.attributes['llm.cost.total']).toBeGreaterThan(0);
    expect(span.attributes['edge_llmobs.time_to_first_token_ms']).toBeGreaterThanOrEqual(0);
    expect(eventNames(span)).toEqual(['First Token Stream Event']);
  });
});
