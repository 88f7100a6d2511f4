// One workerd test per provider module, each through withLlmObs (the Cloudflare adapter) with
// nodejs_compat: Anthropic through @anthropic-ai/sdk, Gemini through @google/genai, Workers AI
// through `env.AI` (a stand-in binding: the real one needs Cloudflare's network) and over REST.
// Stand-ins and the OTLP sink run in Node (global-setup.ts); spans reach the sink in waitUntil.
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { beforeAll, describe, expect, it } from 'vitest';
import { withLlmObs } from '../../src/adapters/cloudflare/index.js';
import { concat } from '../fixtures/bytes.js';
import { createAiBindingStandIn } from '../fixtures/workers-ai-stand-in.js';
import { type LabProviderStandIn, type LabSink, openProviderStandIn, openSink, type ReceivedSpan } from './lab.js';

// Mirrors workerd's binding class name, which is how the adapter recognizes an AI binding.
class Ai {
  readonly #standIn = createAiBindingStandIn();
  run(model: string, inputs: Record<string, unknown>, options?: unknown) {
    return this.#standIn.run(model, inputs, options);
  }
  get streamed() {
    return this.#standIn.streamed;
  }
}

interface Env {
  AI: Ai;
  STAND_IN: string;
}

let sink: LabSink;
beforeAll(async () => {
  sink = await openSink();
});

/** Runs one request through a withLlmObs Worker; resolves once its waitUntil work (the flush) is done. */
async function runWorker(env: Env, handle: (env: Env, llm: { fetch: typeof fetch }) => Promise<Response>) {
  const worker = withLlmObs<Env>(
    { fetch: (_request, workerEnv, _ctx, llm) => handle(workerEnv, llm) },
    { serviceName: 'providers-workerd', endpoint: sink.url },
  );
  const pending: Promise<unknown>[] = [];
  const ctx = { waitUntil: (promise: Promise<unknown>) => pending.push(promise), passThroughOnException() {} };
  const response = await worker.fetch!(new Request('https://worker.example/chat'), env, ctx as never);
  const body = await response.text();
  await Promise.all(pending);
  return body;
}

async function llmSpanOf(name: string, marker: string): Promise<ReceivedSpan> {
  const spans = (await sink.spans()).filter(
    (span) => span.name === name && JSON.stringify(span.attributes).includes(marker),
  );
  expect(spans).toHaveLength(1);
  return spans[0];
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  return chunks;
}

describe('providers inside workerd', () => {
  let anthropic: LabProviderStandIn;
  let gemini: LabProviderStandIn;
  let workersAi: LabProviderStandIn;
  beforeAll(async () => {
    [anthropic, gemini, workersAi] = await Promise.all([
      openProviderStandIn('anthropic'),
      openProviderStandIn('gemini'),
      openProviderStandIn('workers-ai'),
    ]);
  });

  it('Anthropic: a streamed message through @anthropic-ai/sdk and llm.fetch', async () => {
    const body = await runWorker({ AI: new Ai(), STAND_IN: anthropic.url }, async (env, llm) => {
      const client = new Anthropic({
        apiKey: 'sk-ant-workerd-key-0123456789abcdef',
        baseURL: env.STAND_IN,
        fetch: llm.fetch,
        maxRetries: 0,
      });
      const stream = client.messages.stream({
        model: 'claude-haiku-4-5',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'workerd claude' }],
      });
      return new Response((await stream.finalMessage()).content.map((b) => (b.type === 'text' ? b.text : '')).join(''));
    });
    expect(body).toBe('Echo: workerd claude');
    const span = await llmSpanOf('Anthropic Messages', 'workerd claude');
    expect(span.attributes).toMatchObject({
      'llm.provider': 'anthropic',
      'llm.output_messages.0.message.content': 'Echo: workerd claude',
      'llm.token_count.prompt': 62,
    });
    expect(span.attributes['llm.cost.total']).toBeTypeOf('number');
    expect(JSON.stringify(span)).not.toContain('workerd-key');
  });

  it('Gemini: a streamed generateContent through @google/genai (httpOptions.baseUrl)', async () => {
    const body = await runWorker({ AI: new Ai(), STAND_IN: gemini.url }, async (env, llm) => {
      const ai = new GoogleGenAI({
        apiKey: 'AIzaWorkerdKey0123456789',
        httpOptions: { baseUrl: env.STAND_IN, retryOptions: { attempts: 1 }, fetch: llm.fetch },
      });
      let text = '';
      for await (const chunk of await ai.models.generateContentStream({
        model: 'gemini-2.5-flash',
        contents: 'workerd gemini',
      })) {
        text += chunk.text ?? '';
      }
      return new Response(text);
    });
    expect(body).toBe('Echo: workerd gemini');
    const span = await llmSpanOf('Gemini Generate Content', 'workerd gemini');
    expect(span.attributes).toMatchObject({
      'llm.provider': 'google',
      'llm.model_name': 'gemini-2.5-flash',
      'output.value': 'Echo: workerd gemini',
      'llm.token_count.total': 52,
    });
    expect(span.attributes['llm.cost.total']).toBeTypeOf('number');
    expect(JSON.stringify(span)).not.toContain('WorkerdKey');
  });

  it('Workers AI: env.AI.run inside withLlmObs is traced with no code change; stream chunks untouched', async () => {
    const env = { AI: new Ai(), STAND_IN: workersAi.url };
    const body = await runWorker(env, async (workerEnv) => {
      const stream = (await workerEnv.AI.run('@cf/meta/llama-3.1-8b-instruct', {
        prompt: 'workerd binding',
        stream: true,
      })) as ReadableStream<Uint8Array>;
      const chunks = await readAll(stream);
      const same = chunks.every((chunk, i) => chunk === env.AI.streamed[0][i]);
      return new Response(`${same} ${chunks.length}`);
    });
    expect(body).toBe('true 4');
    const span = await llmSpanOf('Workers AI', 'workerd binding');
    expect(span.attributes).toMatchObject({
      'llm.provider': 'cloudflare',
      'llm.model_name': '@cf/meta/llama-3.1-8b-instruct',
      'output.value': 'Echo: workerd binding',
      'llm.token_count.total': 15,
    });
    expect(span.attributes['edge_llmobs.time_to_first_token_ms']).toBeTypeOf('number');
  });

  it('Workers AI over REST through llm.fetch: caller bytes identical', async () => {
    let received: Uint8Array = new Uint8Array();
    await runWorker({ AI: new Ai(), STAND_IN: workersAi.url }, async (env, llm) => {
      const response = await llm.fetch(`${env.STAND_IN}/client/v4/accounts/acc/ai/run/@cf/meta/llama-3.2-3b-instruct`, {
        method: 'POST',
        body: JSON.stringify({ prompt: 'workerd rest', stream: true }),
      });
      received = concat(await readAll(response.body!));
      return new Response('ok');
    });
    const requests = await workersAi.requests();
    expect(received).toEqual(await workersAi.sentBytes(requests.length - 1));
    const span = await llmSpanOf('Workers AI', 'workerd rest');
    expect(span.attributes['output.value']).toBe('Echo: workerd rest');
  });
});
