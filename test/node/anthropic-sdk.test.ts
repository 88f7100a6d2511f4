// Anthropic Messages calls made by the official @anthropic-ai/sdk (1.14.0) against a local stand-in
// written from Anthropic's documented shapes. `register({ autoInstrument: true })` runs before the
// client is created, because the SDK keeps the global fetch it finds at creation.
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LlmObs, register, type SpanData, usingSession } from '../../src/index.js';
import { isFetchLevelLlmSpan } from '../../src/providers/fetch-level-span.js';
import {
  ANTHROPIC_OUTPUT_TOKENS,
  ANTHROPIC_SERVED_MODEL_SUFFIX,
  startAnthropicStandIn,
} from '../fixtures/anthropic-stand-in.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { flushAndForget, onlyFlushedSpan } from '../fixtures/flushed-spans.js';
import type { ProviderStandIn } from '../fixtures/provider-stand-in.js';

const API_KEY = 'sk-ant-api03-STANDIN0123456789abcdefghijklmnopqrstuvwxyz';
const exporter = collectingExporter();
let obs: LlmObs;
let standIn: ProviderStandIn;
let client: Anthropic;

beforeAll(async () => {
  // registerGlobal: false keeps the SDK's own OpenTelemetry span (anthropic.messages.create) out:
  // this file checks the fetch-level span alone; test/node/anthropic-otel.test.ts checks the two together.
  obs = register({ serviceName: 'anthropic-sdk', exporter, autoInstrument: true, registerGlobal: false });
  standIn = await startAnthropicStandIn();
  client = new Anthropic({ apiKey: API_KEY, baseURL: standIn.url, maxRetries: 0 });
});
afterAll(async () => {
  await obs.shutdown();
  await standIn.close();
});
afterEach(() => flushAndForget(obs, exporter.spans));

const onlySpan = () => onlyFlushedSpan(obs, exporter.spans);
const attributesOf = (span: SpanData) => span.attributes as Record<string, unknown>;

function expectNoKey(span: SpanData): void {
  const text = JSON.stringify(span);
  expect(text).not.toContain(API_KEY);
  expect(text).not.toContain('STANDIN0123456789');
}

const tools = [
  {
    name: 'get_weather',
    description: 'Weather for a city',
    input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
  },
];

describe('a plain Messages call', () => {
  it('becomes an LLM span with system, content blocks, tools, output, usage with cache counts and cost', async () => {
    const message = await usingSession('s-anthropic', () =>
      client.messages.create({
        model: 'claude-sonnet-4-6',
        max_tokens: 256,
        stop_sequences: ['END'],
        system: [{ type: 'text', text: 'You are terse.' }],
        tools,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in this picture?' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
              { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'A short doc.' } },
            ],
          },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'Earlier thought.', signature: 'sig-0' },
              { type: 'redacted_thinking', data: 'ENCRYPTED' },
              { type: 'tool_use', id: 'toolu_00', name: 'get_weather', input: { city: 'Oslo' } },
            ],
          },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_00', content: 'Rain, 4°C' }] },
          { role: 'user', content: 'And Paris?' },
        ],
      }),
    );
    expect(message.content[0]).toEqual({ type: 'text', text: 'Echo: And Paris?' });
    const span = await onlySpan();
    const a = attributesOf(span);
    expect(span.name).toBe('Anthropic Messages');
    expect(a).toMatchObject({
      'openinference.span.kind': 'LLM',
      'llm.system': 'anthropic',
      'llm.provider': 'anthropic',
      'session.id': 's-anthropic',
      'llm.model_name': `claude-sonnet-4-6${ANTHROPIC_SERVED_MODEL_SUFFIX}`,
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': 'You are terse.',
      'llm.input_messages.1.message.role': 'user',
      'llm.input_messages.1.message.contents.0.message_content.type': 'text',
      'llm.input_messages.1.message.contents.0.message_content.text': 'What is in this picture?',
      'llm.input_messages.1.message.contents.1.message_content.type': 'image',
      'llm.input_messages.1.message.contents.1.message_content.image.image.url': 'data:image/png;base64,iVBORw0KGgo=',
      'llm.input_messages.1.message.contents.2.message_content.type': 'document',
      'llm.input_messages.1.message.contents.2.message_content.text': 'A short doc.',
      'llm.input_messages.2.message.role': 'assistant',
      'llm.input_messages.2.message.contents.0.message_content.type': 'reasoning',
      'llm.input_messages.2.message.contents.0.message_content.text': 'Earlier thought.',
      'llm.input_messages.2.message.contents.1.message_content.encrypted_content': 'ENCRYPTED',
      'llm.input_messages.2.message.tool_calls.0.tool_call.id': 'toolu_00',
      'llm.input_messages.2.message.tool_calls.0.tool_call.function.name': 'get_weather',
      'llm.input_messages.2.message.tool_calls.0.tool_call.function.arguments': '{"city":"Oslo"}',
      'llm.input_messages.3.message.tool_call_id': 'toolu_00',
      'llm.input_messages.3.message.contents.0.message_content.text': 'Rain, 4°C',
      'llm.input_messages.4.message.content': 'And Paris?',
      'llm.tools.0.tool.json_schema': JSON.stringify(tools[0]),
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': 'Echo: And Paris?',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'get_weather',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"city":"Paris","days":2}',
      'llm.finish_reason': 'tool_use',
      // Anthropic's total input: 12 uncached + 30 cache read + 20 cache write.
      'llm.token_count.prompt': 62,
      'llm.token_count.prompt_details.cache_read': 30,
      'llm.token_count.prompt_details.cache_write': 20,
      'llm.token_count.completion': ANTHROPIC_OUTPUT_TOKENS,
      'llm.token_count.total': 62 + ANTHROPIC_OUTPUT_TOKENS,
      'output.mime_type': 'application/json',
    });
    // Invocation parameters keep everything but the conversation (messages and system).
    const parameters = JSON.parse(String(a['llm.invocation_parameters']));
    expect(parameters).toMatchObject({ model: 'claude-sonnet-4-6', max_tokens: 256, stop_sequences: ['END'] });
    expect(parameters.messages).toBeUndefined();
    expect(parameters.system).toBeUndefined();
    // Sonnet 4.6: $3 input, $0.30 cache read, $3.75 cache write, $15 output per 1M tokens.
    expect(a['llm.cost.prompt_details.cache_read']).toBeCloseTo((30 * 0.3) / 1e6, 12);
    expect(a['llm.cost.prompt_details.cache_write']).toBeCloseTo((20 * 3.75) / 1e6, 12);
    expect(a['llm.cost.prompt']).toBeCloseTo((12 * 3 + 30 * 0.3 + 20 * 3.75) / 1e6, 12);
    expect(a['llm.cost.completion']).toBeCloseTo((ANTHROPIC_OUTPUT_TOKENS * 15) / 1e6, 12);
    expect(span.status.code).toBe(0);
    expect(isFetchLevelLlmSpan(span)).toBe(true);
    expectNoKey(span);
    // The key did travel (the SDK sends it as a header); it just never reached the span.
    expect(JSON.stringify(standIn.requests.at(-1)?.headers)).toContain(API_KEY);
  });
});

describe('a streamed Messages call', () => {
  it('assembles text, thinking and tool input; keeps the last cumulative usage; stamps time to first token', async () => {
    const stream = client.messages.stream({
      model: 'claude-haiku-4-5',
      max_tokens: 256,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools,
      messages: [{ role: 'user', content: 'Stream to me' }],
    });
    const final = await stream.finalMessage();
    expect(final.content.map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use']);
    const span = await onlySpan();
    const a = attributesOf(span);
    expect(a).toMatchObject({
      'llm.model_name': `claude-haiku-4-5${ANTHROPIC_SERVED_MODEL_SUFFIX}`,
      'llm.output_messages.0.message.content': 'Echo: Stream to me',
      'llm.output_messages.0.message.contents.0.message_content.type': 'reasoning',
      'llm.output_messages.0.message.contents.0.message_content.text': 'Let me think.',
      'llm.output_messages.0.message.tool_calls.0.tool_call.id': 'toolu_01',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"city":"Paris","days":2}',
      'llm.finish_reason': 'tool_use',
      'llm.token_count.prompt': 62,
      'llm.token_count.completion': ANTHROPIC_OUTPUT_TOKENS,
      'llm.token_count.prompt_details.cache_write': 20,
      'output.mime_type': 'application/json',
    });
    expect(a['edge_llmobs.time_to_first_token_ms']).toBeTypeOf('number');
    expect(span.events.map((e) => e.name)).toContain('First Token Stream Event');
    // Haiku 4.5: $1 input, $0.10 cache read, $1.25 cache write, $5 output.
    expect(a['llm.cost.total']).toBeCloseTo((12 * 1 + 30 * 0.1 + 20 * 1.25 + ANTHROPIC_OUTPUT_TOKENS * 5) / 1e6, 12);
    expectNoKey(span);
  });

  it('hands the caller the exact bytes the server sent; a text-only stream records the text', async () => {
    const response = await fetch(`${standIn.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body: JSON.stringify({
        model: 'claude-opus-4-5',
        max_tokens: 10,
        stream: true,
        messages: [{ role: 'user', content: 'Bytes 世界 🎉' }],
      }),
    });
    const received = new Uint8Array(await response.arrayBuffer());
    expect(received).toEqual(standIn.sentBytes(standIn.requests.length - 1));
    const a = attributesOf(await onlySpan());
    expect(a['output.value']).toBe('Echo: Bytes 世界 🎉');
    expect(a['output.mime_type']).toBe('text/plain');
  });

  it('an in-stream error event makes the span an ERROR with its message', async () => {
    const stream = await client.messages.create({
      model: 'stream-error',
      max_tokens: 10,
      stream: true,
      messages: [{ role: 'user', content: 'fail midway' }],
    });
    await expect(
      (async () => {
        for await (const _ of stream);
      })(),
    ).rejects.toThrow(/Overloaded/);
    const span = await onlySpan();
    expect(span.status).toMatchObject({ code: 2, message: 'overloaded_error: Overloaded' });
    expect(attributesOf(span)['output.value']).toBe('Partial');
  });
});

describe.each([
  ['error-400', 400, 'invalid_request_error: max_tokens: Field required'],
  ['error-401', 401, 'authentication_error: invalid x-api-key'],
  ['error-429', 429, 'rate_limit_error: Number of request tokens has exceeded your per-minute rate limit'],
  ['error-529', 529, 'overloaded_error: Overloaded'],
])('an HTTP error (%s)', (model, status, message) => {
  it('is an ERROR span with the status and Anthropic’s message; the SDK gets its usual error', async () => {
    const error = await client.messages
      .create({ model, max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(status);
    const span = await onlySpan();
    expect(span.status).toMatchObject({ code: 2, message });
    expect(attributesOf(span)['http.response.status_code']).toBe(status);
    expectNoKey(span);
  });
});
