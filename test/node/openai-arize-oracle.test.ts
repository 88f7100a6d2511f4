// Arize's @arizeai/openinference-instrumentation-openai, patching the official SDK, is the oracle:
// the same calls, sent to the stand-in, must give the same attributes from this library's pure
// functions (fed the bytes that crossed the wire), except for the differences listed per case.
import type { Attributes } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { requestAttributes, responseAttributes } from '../../src/providers/openai/operation-attributes.js';
import { routeAttributes } from '../../src/providers/openai/route-attributes.js';
import { recognizeOpenAiRequest } from '../../src/providers/openai/routes.js';
import { OpenAiStreamRecorder } from '../../src/providers/openai/stream-recorder.js';
import { CHAT_USAGE_KEYS, sdkOutputText, streamedUsage, toolCallsOnlyOutput } from '../fixtures/arize-differences.js';
import { ABSENT, defined, expectSameAsArize, instrumentWithArize, oursOnly } from '../fixtures/arize-oracle.js';
import { imageChat, plainChat, timeTool, toolCallChat, toolResultChat, weatherTool } from '../fixtures/chat-params.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';

const exporter = new InMemorySpanExporter();
let standIn: StandIn;
let client: OpenAI;

beforeAll(async () => {
  instrumentWithArize(exporter);
  standIn = await startOpenAiStandIn();
  client = new OpenAI({ baseURL: standIn.url, apiKey: 'sk-test', maxRetries: 0 });
});

afterAll(() => standIn.close());

/** Runs one SDK call; returns Arize's span attributes and this library's for the same exchange. */
async function both(call: () => Promise<unknown>): Promise<{ ours: Attributes; arize: Attributes }> {
  exporter.reset();
  const index = standIn.requests.length;
  await call();
  // Streamed spans end when Arize's tee'd branch is drained, after the caller's loop.
  await vi.waitFor(() => expect(exporter.getFinishedSpans()).toHaveLength(1));
  const arize = { ...exporter.getFinishedSpans()[0].attributes };
  const recorded = standIn.requests[index];
  const route = recognizeOpenAiRequest(new URL(recorded.url, standIn.url), recorded.method);
  if (route === undefined) throw new Error(`not recognized: ${recorded.url}`);
  const request = JSON.parse(recorded.bodyText);
  let response: Attributes;
  if (request.stream) {
    const recorder = new OpenAiStreamRecorder(route.operation);
    recorder.push(standIn.sentBytes(index));
    recorder.end();
    response = recorder.attributes();
  } else {
    response = responseAttributes(route.operation, JSON.parse(standIn.sentText(index)));
  }
  return { ours: { ...routeAttributes(route), ...requestAttributes(route.operation, request), ...response }, arize };
}

describe('chat completions, compared with Arize', () => {
  it('plain chat with system and user messages and parameters', async () => {
    const { ours, arize } = await both(() => client.chat.completions.create(plainChat));
    expect(ours['llm.model_name']).toBe('gpt-4o-mini-2024-07-18');
    expect(ours['llm.token_count.prompt_details.cache_read']).toBe(4);
    expectSameAsArize(ours, arize);
  });

  it('multi-part user message with an image URL', async () => {
    const { ours, arize } = await both(() => client.chat.completions.create(imageChat));
    expect(ours['llm.input_messages.0.message.contents.1.message_content.image.image.url']).toBe(
      'https://example.com/cat.png',
    );
    expectSameAsArize(ours, arize);
  });

  it('tools, the tool call in the response, then the tool result message', async () => {
    const first = await both(() => client.chat.completions.create(toolCallChat));
    expect(first.ours['llm.output_messages.0.message.tool_calls.0.tool_call.function.name']).toBe('get_weather');
    expect(first.ours['llm.tools.0.tool.json_schema']).toBe(JSON.stringify(weatherTool));
    expectSameAsArize(first.ours, first.arize);

    const second = await both(() => client.chat.completions.create(toolResultChat));
    expect(second.ours['llm.input_messages.2.message.tool_call_id']).toBe('call_1');
    expect(second.ours['llm.output_messages.0.message.content']).toBe('Echo: 18°C and sunny');
    expectSameAsArize(second.ours, second.arize);
  });

  it('streamed chat with include_usage', async () => {
    const { ours, arize } = await both(async () => {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'Stream this, 世界 🎉' }],
      });
      for await (const _chunk of stream);
    });
    expect(ours['output.value']).toBe('Echo: Stream this, 世界 🎉');
    expectSameAsArize(ours, arize, [
      {
        key: 'llm.model_name',
        ours: 'gpt-4o-mini-2024-07-18',
        arize: 'gpt-4o-mini',
        why: 'the chunks name the served model; Arize keeps the requested one for streams',
      },
      ...streamedUsage(CHAT_USAGE_KEYS),
    ]);
  });

  it('streamed chat with two parallel tool calls', async () => {
    const { ours, arize } = await both(async () => {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        stream: true,
        tools: [weatherTool, timeTool],
        messages: [{ role: 'user', content: 'Weather and time? tools:all' }],
      });
      for await (const _chunk of stream);
    });
    const prefix = 'llm.output_messages.0.message.tool_calls';
    const toolCalls = [
      { name: 'get_weather', query: 0 },
      { name: 'get_time', query: 1 },
    ];
    toolCalls.forEach((call, k) => {
      expect(ours[`${prefix}.${k}.tool_call.function.name`]).toBe(call.name);
      expect(JSON.parse(String(ours[`${prefix}.${k}.tool_call.function.arguments`])).tool).toBe(call.query);
    });
    const merged = 'Arize keys stream deltas by position in the delta array, not by their index, so it merges calls';
    expectSameAsArize(ours, arize, [
      { key: 'llm.model_name', ours: 'gpt-4o-mini-2024-07-18', arize: 'gpt-4o-mini', why: 'served model, as above' },
      ...toolCallsOnlyOutput,
      {
        key: `${prefix}.0.tool_call.id`,
        ours: (v) => typeof v === 'string' && v.endsWith('_0'),
        arize: (v) => /_0call_standin\d+_1$/.test(String(v)),
        why: merged,
      },
      { key: `${prefix}.0.tool_call.function.name`, ours: 'get_weather', arize: 'get_weatherget_time', why: merged },
      {
        key: `${prefix}.0.tool_call.function.arguments`,
        ours: (v) => JSON.parse(String(v)).tool === 0,
        arize: (v) => String(v).includes('}{'),
        why: merged,
      },
      { key: `${prefix}.1.tool_call.id`, ours: defined, arize: ABSENT, why: merged },
      { key: `${prefix}.1.tool_call.function.name`, ours: 'get_time', arize: ABSENT, why: merged },
      { key: `${prefix}.1.tool_call.function.arguments`, ours: defined, arize: ABSENT, why: merged },
    ]);
  });
});

describe('responses, compared with Arize', () => {
  it('plain response with instructions, a tool and a function call output', async () => {
    const tool = { type: 'function' as const, name: 'get_weather', parameters: { type: 'object' }, strict: false };
    const { ours, arize } = await both(() =>
      client.responses.create({
        model: 'gpt-4.1',
        instructions: 'Be brief.',
        input: 'Weather in Oslo?',
        tools: [tool],
      }),
    );
    expect(ours['llm.input_messages.0.message.role']).toBe('system');
    expect(ours['llm.output_messages.0.message.tool_calls.0.tool_call.function.name']).toBe('get_weather');
    expectSameAsArize(ours, arize, [sdkOutputText]);
    const { output_text: _added, ...arizeBody } = JSON.parse(String(arize['output.value']));
    expect(JSON.parse(String(ours['output.value']))).toEqual(arizeBody);

    const second = await both(() =>
      client.responses.create({
        model: 'gpt-4.1',
        tools: [tool],
        input: [
          { role: 'user', content: [{ type: 'input_text', text: 'Weather in Oslo?' }] },
          { type: 'function_call', call_id: 'call_9', name: 'get_weather', arguments: '{"city":"Oslo"}' },
          { type: 'function_call_output', call_id: 'call_9', output: '-3°C' },
        ],
      }),
    );
    expect(second.ours['llm.input_messages.2.message.role']).toBe('tool');
    expect(second.ours['llm.output_messages.0.message.contents.0.message_content.text']).toBe('Echo: -3°C');
    expectSameAsArize(second.ours, second.arize, [sdkOutputText]);
  });

  it('streamed response', async () => {
    const { ours, arize } = await both(async () => {
      const stream = await client.responses.create({ model: 'gpt-4.1-mini', input: 'Stream, please', stream: true });
      for await (const _event of stream);
    });
    expect(ours['llm.model_name']).toBe('gpt-4.1-mini-2025-04-14');
    expect(ours['llm.token_count.total']).toBeGreaterThan(0);
    expectSameAsArize(ours, arize);
  });
});

describe('embeddings and legacy completions, compared with Arize', () => {
  const embeddingUsage = oursOnly(
    ['llm.token_count.prompt', 'llm.token_count.total'],
    defined,
    'Arize records no usage for embeddings',
  );

  it('embeddings, as the SDK asks for them (base64)', async () => {
    const { ours, arize } = await both(() =>
      client.embeddings.create({ model: 'text-embedding-3-small', input: ['first text', 'second text'] }),
    );
    expect(JSON.parse(standIn.requests.at(-1)?.bodyText ?? '{}').encoding_format).toBe('base64');
    expect(ours['embedding.embeddings.1.embedding.vector']).toHaveLength(8);
    expectSameAsArize(ours, arize, embeddingUsage);
  });

  it('embeddings as floats, one string input', async () => {
    const { ours, arize } = await both(() =>
      client.embeddings.create({ model: 'text-embedding-3-large', input: 'one text', encoding_format: 'float' }),
    );
    expect(ours['input.mime_type']).toBe('text/plain');
    expectSameAsArize(ours, arize, embeddingUsage);
  });

  it('legacy completions', async () => {
    const { ours, arize } = await both(() =>
      client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say this is a test', max_tokens: 7 }),
    );
    expect(ours['output.value']).toBe('Echo: Say this is a test');
    expectSameAsArize(ours, arize, [
      { key: 'llm.finish_reason', ours: 'stop', arize: ABSENT, why: 'Arize records no finish reason for completions' },
    ]);
  });
});
