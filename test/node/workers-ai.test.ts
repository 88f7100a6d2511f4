// Workers AI through the binding (`instrumentAi(env.AI)`, here over a stand-in binding: the real one
// needs Cloudflare) and over REST (`/accounts/:id/ai/run/@cf/...` and the OpenAI-compatible
// endpoint), against local stand-ins written from Cloudflare's documented shapes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instrumentAi, type LlmObs, register, type SpanData, usingUser } from '../../src/index.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { flushAndForget, onlyFlushedSpan } from '../fixtures/flushed-spans.js';
import type { ProviderStandIn } from '../fixtures/provider-stand-in.js';
import {
  createAiBindingStandIn,
  startWorkersAiRestStandIn,
  WORKERS_AI_USAGE,
} from '../fixtures/workers-ai-stand-in.js';

const PRICED = '@cf/meta/llama-3.1-8b-instruct';
const exporter = collectingExporter();
let obs: LlmObs;
let rest: ProviderStandIn;

beforeAll(async () => {
  // Workers AI has no built-in prices: only the model priced here gets a cost.
  obs = register({
    serviceName: 'workers-ai',
    exporter,
    autoInstrument: true,
    priceTable: { [PRICED]: { input: 0.28, output: 0.83 } },
  });
  rest = await startWorkersAiRestStandIn();
});
afterAll(async () => {
  await obs.shutdown();
  await rest.close();
});
afterEach(() => flushAndForget(obs, exporter.spans));

const onlySpan = () => onlyFlushedSpan(obs, exporter.spans);
const attributesOf = (span: SpanData) => span.attributes as Record<string, unknown>;

async function readChunks(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  return chunks;
}

describe('instrumentAi(env.AI) over a stand-in binding', () => {
  it('records messages, output, tool calls, usage, provider cloudflare, and a cost only for a priced model', async () => {
    const ai = instrumentAi(createAiBindingStandIn());
    const tools = [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: {} } }];
    const result = await usingUser('u-7', () =>
      ai.run(PRICED, {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi there' },
        ],
        tools,
        max_tokens: 64,
      }),
    );
    expect(result).toMatchObject({ response: 'Echo: Hi there' });
    const span = await onlySpan();
    const a = attributesOf(span);
    expect(span.name).toBe('Workers AI');
    expect(a).toMatchObject({
      'openinference.span.kind': 'LLM',
      'llm.provider': 'cloudflare',
      'user.id': 'u-7',
      'llm.model_name': PRICED,
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.1.message.content': 'Hi there',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': 'Echo: Hi there',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'get_weather',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"city":"Paris"}',
      'llm.token_count.prompt': WORKERS_AI_USAGE.prompt_tokens,
      'llm.token_count.completion': WORKERS_AI_USAGE.completion_tokens,
      'llm.token_count.total': WORKERS_AI_USAGE.total_tokens,
    });
    expect(JSON.parse(String(a['llm.invocation_parameters']))).toEqual({ tools, max_tokens: 64 });
    expect(a['llm.cost.total']).toBeCloseTo((11 * 0.28 + 4 * 0.83) / 1e6, 12);
  });

  it('a prompt to an unpriced model that reports no usage: no token counts, no cost', async () => {
    const ai = instrumentAi(createAiBindingStandIn());
    await ai.run('@cf/no-usage/mistral-7b', { prompt: 'Tell me' });
    const a = attributesOf(await onlySpan());
    expect(a['llm.input_messages.0.message.role']).toBe('user');
    expect(a['llm.input_messages.0.message.content']).toBe('Tell me');
    expect(a['llm.output_messages.0.message.content']).toBe('Echo: Tell me');
    expect(a['llm.token_count.prompt']).toBeUndefined();
    expect(a['llm.cost.total']).toBeUndefined();
  });

  it('stream: true hands back the binding’s own chunks, in order, and the span gets text, usage and TTFT', async () => {
    const binding = createAiBindingStandIn();
    const ai = instrumentAi(binding);
    const stream = (await ai.run('@cf/qwen/qwen3-30b', {
      prompt: 'Stream 世界 🎉',
      stream: true,
    })) as ReadableStream<Uint8Array>;
    expect(stream).toBeInstanceOf(ReadableStream);
    const received = await readChunks(stream);
    expect(received).toHaveLength(binding.streamed[0].length);
    for (let i = 0; i < received.length; i++) expect(received[i]).toBe(binding.streamed[0][i]);
    const span = await onlySpan();
    const a = attributesOf(span);
    expect(a).toMatchObject({
      'llm.model_name': '@cf/qwen/qwen3-30b',
      'output.value': 'Echo: Stream 世界 🎉',
      'llm.output_messages.0.message.content': 'Echo: Stream 世界 🎉',
      'llm.token_count.total': WORKERS_AI_USAGE.total_tokens,
    });
    expect(a['edge_llmobs.time_to_first_token_ms']).toBeTypeOf('number');
    expect(a['llm.cost.total']).toBeUndefined();
  });

  it('embeddings become an EMBEDDING span with the texts and vectors', async () => {
    const ai = instrumentAi(createAiBindingStandIn());
    const result = await ai.run('@cf/baai/bge-base-en-v1.5', { text: ['alpha', 'beta'] });
    expect(result).toMatchObject({ shape: [2, 3] });
    const a = attributesOf(await onlySpan());
    expect(a).toMatchObject({
      'openinference.span.kind': 'EMBEDDING',
      'embedding.model_name': '@cf/baai/bge-base-en-v1.5',
      'embedding.embeddings.0.embedding.text': 'alpha',
      'embedding.embeddings.1.embedding.text': 'beta',
      'embedding.embeddings.1.embedding.vector': [1, 0.5, -0.25],
    });
  });

  it('a rejected run() gives the caller the binding’s own error and an ERROR span', async () => {
    const ai = instrumentAi(createAiBindingStandIn());
    const error = await ai.run('@cf/fail/x', { prompt: 'x' }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('5007: No such model @cf/fail/x or task');
    const span = await onlySpan();
    expect(span.status).toMatchObject({ code: 2 });
    expect(span.events.some((e) => e.name === 'exception')).toBe(true);
  });

  it('leaves other members alone, passes options through, and wraps once', async () => {
    const binding = createAiBindingStandIn();
    const ai = instrumentAi(binding);
    expect(ai.gateway('gw')).toEqual({ id: 'gw' });
    expect(instrumentAi(ai)).toBe(ai);
    await ai.run(PRICED, { prompt: 'x' }, { gateway: { id: 'gw' } });
    expect(binding.calls.at(-1)?.options).toEqual({ gateway: { id: 'gw' } });
    await flushAndForget(obs, exporter.spans);
  });
});

describe('Workers AI over REST', () => {
  const base = () => `${rest.url}/client/v4/accounts/acc123/ai/run`;
  it('plain: the result in Cloudflare’s envelope is recorded; the bearer token is not', async () => {
    const response = await fetch(`${base()}/${PRICED}`, {
      method: 'POST',
      headers: { authorization: 'Bearer cf-token-0123456789abcdef', 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'REST hi' }] }),
    });
    expect(await response.json()).toMatchObject({ success: true });
    const span = await onlySpan();
    expect(attributesOf(span)).toMatchObject({
      'llm.provider': 'cloudflare',
      'llm.model_name': PRICED,
      'llm.output_messages.0.message.content': 'Echo: REST hi',
      'llm.token_count.total': WORKERS_AI_USAGE.total_tokens,
    });
    expect(JSON.stringify(span)).not.toContain('cf-token-0123456789abcdef');
  });

  it('streamed: the caller gets the exact bytes, the span the assembled text', async () => {
    const response = await fetch(`${base()}/@cf/meta/llama-3.2-3b-instruct`, {
      method: 'POST',
      body: JSON.stringify({ prompt: 'REST stream', stream: true }),
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes).toEqual(rest.sentBytes(rest.requests.length - 1));
    expect(attributesOf(await onlySpan())['output.value']).toBe('Echo: REST stream');
  });

  it('an error envelope is an ERROR span with Cloudflare’s code and message', async () => {
    const response = await fetch(`${base()}/@cf/fail/model`, { method: 'POST', body: JSON.stringify({ prompt: 'x' }) });
    expect(response.status).toBe(400);
    await response.text();
    expect((await onlySpan()).status).toMatchObject({ code: 2, message: '5007: No such model @cf/fail/model or task' });
  });

  it('the OpenAI-compatible endpoint is an OpenAI chat span with provider cloudflare on api.cloudflare.com', async () => {
    const { recognizeLlmCall } = await import('../../src/providers/provider-table.js');
    const { ALL_PROVIDERS } = await import('../../src/providers/all-providers.js');
    const call = recognizeLlmCall(
      ALL_PROVIDERS,
      new URL('https://api.cloudflare.com/client/v4/accounts/acc123/ai/v1/chat/completions'),
      'POST',
    );
    expect(call?.api.name).toBe('openai');
    expect(call?.route).toEqual({ operation: 'chat', provider: 'cloudflare' });
    const run = recognizeLlmCall(
      ALL_PROVIDERS,
      new URL(`https://api.cloudflare.com/client/v4/accounts/acc123/ai/run/${PRICED}`),
      'POST',
    );
    expect(run?.api.name).toBe('workers-ai');
    const gateway = recognizeLlmCall(
      ALL_PROVIDERS,
      new URL(`https://gateway.ai.cloudflare.com/v1/acc/gw/workers-ai/${PRICED}`),
      'POST',
    );
    expect(gateway?.route.model).toBe(PRICED);
  });
});
