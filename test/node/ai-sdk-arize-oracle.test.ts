// Arize's @arizeai/openinference-vercel span processor as the oracle for the AI SDK mapping: the
// same AI SDK spans (one tee tracer starts each in both) go through Arize's processor and through
// aiSdkProcessor(), and the attributes are compared key by key, up to the documented differences.
import { OpenInferenceSimpleSpanProcessor } from '@arizeai/openinference-vercel';
import { context } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { contextManager } from '../../src/context/global-context-manager.js';
import { type LlmObs, register, type SpanData } from '../../src/index.js';
import { aiSdkProcessor } from '../../src/integrations/ai-sdk/index.js';
import { aiSdkDifferences } from '../fixtures/ai-sdk-arize-differences.js';
import { embeddingTurns, models, plainTurn, streamedTurn, toolLoopTurn } from '../fixtures/ai-sdk-turns.js';
import { startAnthropicStandIn } from '../fixtures/anthropic-stand-in.js';
import { expectSameAsArize } from '../fixtures/arize-oracle.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import type { ProviderStandIn } from '../fixtures/provider-stand-in.js';
import { teeTracer } from '../fixtures/tee-tracer.js';

let openAiStandIn: StandIn;
let anthropicStandIn: ProviderStandIn;
let obs: LlmObs;
let model: ReturnType<typeof models>;
const ours = collectingExporter();
const arize = new InMemorySpanExporter();
let tracer: ReturnType<typeof teeTracer>;

beforeAll(async () => {
  openAiStandIn = await startOpenAiStandIn();
  anthropicStandIn = await startAnthropicStandIn({ toolUseAlone: true });
  model = models({ openai: openAiStandIn.url, anthropic: anthropicStandIn.url });
  obs = register({ serviceName: 'oracle', exporter: ours, spanProcessors: [aiSdkProcessor()] });
  // The SDK side needs a context manager that follows await for its parents: this library's.
  context.setGlobalContextManager(contextManager());
  const provider = new BasicTracerProvider({
    spanProcessors: [new OpenInferenceSimpleSpanProcessor({ exporter: arize })],
  });
  tracer = teeTracer(obs.tracer, provider.getTracer('ai'));
});

afterAll(async () => {
  context.disable();
  await obs.shutdown();
  await openAiStandIn.close();
  await anthropicStandIn.close();
});

async function compareAll(): Promise<string[]> {
  await vi.waitFor(() => expect(obs.buffer.openSpans.size).toBe(0));
  await obs.forceFlush();
  const arizeSpans = arize.getFinishedSpans();
  const ourSpans: SpanData[] = [...ours.spans];
  ours.spans.length = 0;
  arize.reset();
  expect(ourSpans.length).toBe(arizeSpans.length);
  expect(ourSpans.length).toBeGreaterThan(0);
  const compared: string[] = [];
  // The tee tracer ends each pair together, so both sides hold the spans in the same order.
  for (const [index, span] of ourSpans.entries()) {
    const twin = arizeSpans[index];
    expect(twin.name).toBe(span.name);
    expectSameAsArize(span.attributes, twin.attributes, aiSdkDifferences(span.attributes, twin.attributes));
    compared.push(span.name);
  }
  return compared.sort();
}

describe('the AI SDK mapping against Arize', () => {
  it('OpenAI: plain, streamed and a tool loop', async () => {
    await plainTurn(model.openai, tracer);
    await streamedTurn(model.openai, tracer);
    await toolLoopTurn(model.openai, tracer);
    expect(await compareAll()).toEqual([
      'ai.generateText',
      'ai.generateText',
      'ai.generateText.doGenerate',
      'ai.generateText.doGenerate',
      'ai.generateText.doGenerate',
      'ai.streamText',
      'ai.streamText.doStream',
      'ai.toolCall',
    ]);
  });

  it('Anthropic: plain, streamed and a streamed tool loop', async () => {
    await plainTurn(model.anthropic, tracer);
    await streamedTurn(model.anthropic, tracer);
    await toolLoopTurn(model.anthropic, tracer, true);
    expect((await compareAll()).length).toBe(8);
  });

  it('embeddings', async () => {
    await embeddingTurns(model.embedding, tracer);
    expect(await compareAll()).toEqual(['ai.embed', 'ai.embed.doEmbed', 'ai.embedMany', 'ai.embedMany.doEmbed']);
  });
});
