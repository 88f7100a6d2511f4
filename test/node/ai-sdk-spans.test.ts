// The Vercel AI SDK (ai 6, @ai-sdk/openai, @ai-sdk/anthropic) against local stand-ins, with its
// telemetry on this library's tracer and the AI SDK processor: plain, streamed and tool-loop calls
// become OpenInference spans, one LLM span per provider call even with fetch auto-instrumented.

import { generateText } from 'ai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LlmObs, register, type SpanData, usingMetadata, usingSession, usingTags } from '../../src/index.js';
import { aiSdkProcessor } from '../../src/integrations/ai-sdk/index.js';
import {
  embeddingTurns,
  lookUp,
  models,
  plainTurn,
  streamedTurn,
  telemetry,
  toolLoopTurn,
} from '../fixtures/ai-sdk-turns.js';
import { ANTHROPIC_OUTPUT_TOKENS, ANTHROPIC_USAGE, startAnthropicStandIn } from '../fixtures/anthropic-stand-in.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { flushAndForget, flushedSpans } from '../fixtures/flushed-spans.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import type { ProviderStandIn } from '../fixtures/provider-stand-in.js';

let openAiStandIn: StandIn;
let anthropicStandIn: ProviderStandIn;
let obs: LlmObs;
const exporter = collectingExporter();
let model: ReturnType<typeof models>;

beforeAll(async () => {
  openAiStandIn = await startOpenAiStandIn();
  anthropicStandIn = await startAnthropicStandIn({ toolUseAlone: true });
  model = models({ openai: openAiStandIn.url, anthropic: anthropicStandIn.url });
  // autoInstrument: the providers' fetch calls are seen by the fetch instrumentation too.
  obs = register({ serviceName: 'ai-sdk', exporter, autoInstrument: true, spanProcessors: [aiSdkProcessor()] });
});

afterAll(async () => {
  await obs.shutdown();
  await openAiStandIn.close();
  await anthropicStandIn.close();
});

async function spans(): Promise<SpanData[]> {
  // streamText ends its root span a few ticks after its text resolves.
  await vi.waitFor(() => expect(obs.buffer.openSpans.size).toBe(0));
  const flushed = await flushedSpans(obs, exporter.spans);
  await flushAndForget(obs, exporter.spans);
  return flushed;
}

const kind = (span: SpanData) => span.attributes['openinference.span.kind'];
const named = (all: SpanData[], name: string) => all.filter((span) => span.name === name);

describe('OpenAI through the AI SDK', () => {
  it('a plain call: a CHAIN over one LLM span, nothing from the fetch layer', async () => {
    const text = await plainTurn(model.openai, obs.tracer);
    expect(text).toBe('Echo: Hello there');
    const all = await spans();
    expect(all.map((span) => span.name).sort()).toEqual(['ai.generateText', 'ai.generateText.doGenerate']);
    const [call] = named(all, 'ai.generateText');
    const [llm] = named(all, 'ai.generateText.doGenerate');
    expect(kind(call)).toBe('CHAIN');
    expect(llm.parentSpanId).toBe(call.context.spanId);
    expect(llm.attributes).toMatchObject({
      'openinference.span.kind': 'LLM',
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
      'llm.provider': 'openai',
      'llm.system': 'openai',
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.contents.0.message_content.text': 'Hello there',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': 'Echo: Hello there',
      'output.value': 'Echo: Hello there',
      'llm.finish_reason': 'stop',
      'llm.invocation_parameters': '{"maxRetries":2}',
    });
    const { attributes } = llm;
    const prompt = attributes['llm.token_count.prompt'] as number;
    const completion = attributes['llm.token_count.completion'] as number;
    expect(prompt).toBeGreaterThan(0);
    expect(attributes['llm.token_count.total']).toBe(prompt + completion);
    // gpt-4o-mini: $0.15 in, $0.60 out per million tokens.
    expect(attributes['llm.cost.total']).toBeCloseTo((prompt * 0.15 + completion * 0.6) / 1e6, 12);
    // Content moved to OpenInference keys is not left behind under ai.* (masking would miss it).
    expect(attributes['ai.prompt.messages']).toBeUndefined();
    expect(attributes['ai.response.text']).toBeUndefined();
    expect(call.attributes['input.value']).toBe('{"prompt":"Hello there"}');
    expect(call.attributes['llm.token_count.prompt']).toBeUndefined();
  });

  it('without the processor, the same call is an LLM span of the fetch layer only', async () => {
    const plain = register({ serviceName: 'no-processor', exporter: 'none', autoInstrument: true });
    const local = collectingExporter();
    const bare = register({ serviceName: 'bare', exporter: local, autoInstrument: true });
    await plainTurn(model.openai, bare.tracer);
    await bare.forceFlush();
    expect(local.ofKind('LLM').map((span) => span.name)).toEqual(['OpenAI Responses']);
    await bare.shutdown();
    await plain.shutdown();
    // The processor's instance is current again for auto-instrumented fetches.
    obs = register({ serviceName: 'ai-sdk', exporter, autoInstrument: true, spanProcessors: [aiSdkProcessor()] });
  });

  it('a streamed call: time to first chunk, usage and text', async () => {
    expect(await streamedTurn(model.openai, obs.tracer)).toBe('Echo: Stream please');
    const all = await spans();
    expect(all.filter((span) => kind(span) === 'LLM')).toHaveLength(1);
    const [llm] = named(all, 'ai.streamText.doStream');
    expect(llm.attributes['edge_llmobs.time_to_first_token_ms']).toBeGreaterThanOrEqual(0);
    expect(llm.attributes['llm.output_messages.0.message.content']).toBe('Echo: Stream please');
    expect(llm.attributes['llm.token_count.completion']).toBeGreaterThan(0);
    expect(llm.attributes['llm.cost.total']).toBeGreaterThan(0);
    expect(llm.events.some((event) => event.name === 'ai.stream.firstChunk')).toBe(true);
  });

  it.each([false, true])('a tool loop (streamed: %s): AGENT over LLM, TOOL, LLM', async (stream) => {
    const text = await toolLoopTurn(model.openai, obs.tracer, stream);
    expect(text).toContain('Echo:');
    const all = await spans();
    const [agent] = all.filter((span) => span.parentSpanId === undefined);
    expect(kind(agent)).toBe('AGENT');
    const llms = all.filter((span) => kind(span) === 'LLM');
    expect(llms).toHaveLength(2);
    const [toolSpan] = all.filter((span) => kind(span) === 'TOOL');
    expect(toolSpan.attributes).toMatchObject({
      'tool.name': 'lookUp',
      'input.value': '{"query":"Define edge"}',
      'output.value': '{"query":"Define edge","found":true}',
    });
    const callId = toolSpan.attributes['tool_call.id'];
    const [first, second] = llms.sort((a, b) => a.startTime.epochMs - b.startTime.epochMs);
    expect(first.attributes).toMatchObject({
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': 'Use the tool.',
      'llm.output_messages.0.message.tool_calls.0.tool_call.id': callId,
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'lookUp',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"query":"Define edge"}',
      'llm.tools.0.tool.json_schema': expect.stringContaining('"name":"lookUp"'),
    });
    expect(second.attributes).toMatchObject({
      'llm.input_messages.2.message.role': 'assistant',
      'llm.input_messages.2.message.tool_calls.0.tool_call.id': callId,
      'llm.input_messages.3.message.role': 'tool',
      'llm.input_messages.3.message.tool_call_id': callId,
      'llm.input_messages.3.message.content': '{"query":"Define edge","found":true}',
    });
  });

  it('embed and embedMany: EMBEDDING spans with texts, vectors and tokens', async () => {
    await embeddingTurns(model.embedding, obs.tracer);
    const all = await spans();
    expect(all.every((span) => kind(span) === 'EMBEDDING')).toBe(true);
    const [many] = named(all, 'ai.embedMany.doEmbed');
    expect(many.attributes).toMatchObject({
      'embedding.model_name': 'text-embedding-3-small',
      'embedding.embeddings.0.embedding.text': 'rain',
      'embedding.embeddings.1.embedding.text': 'snow',
    });
    expect(many.attributes['embedding.embeddings.1.embedding.vector']).toHaveLength(8);
    expect(many.attributes['llm.token_count.prompt']).toBeGreaterThan(0);
    expect(many.attributes['llm.cost.total']).toBeGreaterThan(0);
    const [single] = named(all, 'ai.embed');
    expect(single.attributes['embedding.embeddings.0.embedding.text']).toBe('sunny');
    expect(single.attributes['llm.token_count.prompt']).toBeUndefined();
  });
});

describe('the AI SDK on the global tracer (no tracer passed)', () => {
  it('its spans reach this library through @opentelemetry/api, under the scope "ai", mapped the same', async () => {
    const text = await usingSession('sess-global', () => plainTurn(model.openai, undefined));
    expect(text).toBe('Echo: Hello there');
    const all = await spans();
    expect(all.map(kind).sort()).toEqual(['CHAIN', 'LLM']);
    for (const span of all) {
      expect(span.instrumentationScope).toEqual({ name: 'ai' });
      expect(span.attributes['session.id']).toBe('sess-global');
    }
  });
});

describe('Anthropic through the AI SDK', () => {
  it('plain and streamed: provider, served model, cache reads, text', async () => {
    expect(await plainTurn(model.anthropic, obs.tracer)).toBe('Echo: Hello there');
    expect(await streamedTurn(model.anthropic, obs.tracer)).toBe('Echo: Stream please');
    const llms = (await spans()).filter((span) => kind(span) === 'LLM');
    expect(llms.map((span) => span.name).sort()).toEqual(['ai.generateText.doGenerate', 'ai.streamText.doStream']);
    for (const llm of llms) {
      expect(llm.attributes).toMatchObject({
        'llm.provider': 'anthropic',
        'llm.system': 'anthropic',
        'llm.model_name': 'claude-sonnet-4-5-20250929',
        'llm.token_count.completion': ANTHROPIC_OUTPUT_TOKENS,
        'llm.token_count.prompt_details.cache_read': ANTHROPIC_USAGE.cache_read_input_tokens,
      });
    }
    expect((anthropicStandIn.requests.at(-1)?.body as { stream?: boolean } | undefined)?.stream).toBe(true);
  });

  it('a tool loop: AGENT, two LLM spans, one TOOL span', async () => {
    await toolLoopTurn(model.anthropic, obs.tracer);
    const all = await spans();
    expect(all.map(kind).sort()).toEqual(['AGENT', 'LLM', 'LLM', 'TOOL']);
  });
});

describe('sessions, users and tags', () => {
  it('experimental_telemetry.metadata fills session, user and tags; the rest is metadata', async () => {
    await generateText({
      model: model.openai,
      prompt: 'Hi',
      experimental_telemetry: telemetry(obs.tracer, {
        sessionId: 'sess-ai',
        userId: 'user-ai',
        tags: ['beta'],
        plan: 'pro',
      }),
    });
    for (const span of await spans()) {
      expect(span.attributes).toMatchObject({
        'session.id': 'sess-ai',
        'user.id': 'user-ai',
        'tag.tags': ['beta'],
        metadata: '{"plan":"pro"}',
      });
    }
  });

  it('using* blocks win over the metadata; metadata keys merge under the block', async () => {
    await usingSession('sess-block', () =>
      usingTags(['from-block'], () =>
        usingMetadata({ channel: 'web', plan: 'free' }, () =>
          generateText({
            model: model.openai,
            prompt: 'Hi',
            tools: { lookUp },
            experimental_telemetry: telemetry(obs.tracer, {
              sessionId: 'sess-ai',
              userId: 'user-ai',
              plan: 'pro',
              region: 'eu',
            }),
          }),
        ),
      ),
    );
    const all = await spans();
    expect(all.length).toBeGreaterThan(0);
    for (const span of all) {
      expect(span.attributes['session.id']).toBe('sess-block');
      expect(span.attributes['user.id']).toBe('user-ai');
      expect(span.attributes['tag.tags']).toEqual(['from-block']);
      expect(JSON.parse(String(span.attributes.metadata))).toEqual({ channel: 'web', plan: 'free', region: 'eu' });
    }
  });
});
