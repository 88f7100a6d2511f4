// Where the traced fetch records and where it stays out of the way: other requests pass through
// with no span, `suppressTracing` records nothing, `using*` blocks and `tracer.chain` give the LLM
// span its parent and context attributes, `autoInstrument` wraps `globalThis.fetch` once and
// `shutdown()` undoes it, and `genAiAttributes` (from `edge-llmobs/gen-ai`) adds the GenAI keys.
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { genAiAttributes } from '../../src/gen-ai.js';
import {
  instrumentFetch,
  type LlmObs,
  register,
  suppressTracing,
  usingAttributes,
  usingSession,
} from '../../src/index.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { usingEveryContext } from '../fixtures/every-context.js';
import { flushedSpans } from '../fixtures/flushed-spans.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';

const collecting = collectingExporter();
const exported = collecting.spans;
let obs: LlmObs;
let standIn: StandIn;
let client: OpenAI;
const originalFetch = globalThis.fetch;

beforeAll(async () => {
  standIn = await startOpenAiStandIn();
});
afterAll(() => standIn.close());
afterEach(async () => {
  await obs?.shutdown();
  exported.length = 0;
  expect(globalThis.fetch).toBe(originalFetch);
});

function setUp(options: Parameters<typeof register>[0] = {}) {
  obs = register({ serviceName: 'fetch-context', exporter: collecting, ...options });
  client = new OpenAI({ baseURL: standIn.url, apiKey: 'sk-test', maxRetries: 0, fetch: obs.fetch });
}

const flushed = () => flushedSpans(obs, exported);

const chat = (content: string, c: OpenAI = client) =>
  c.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });

describe('what is not recorded', () => {
  it('non-OpenAI requests pass through untouched, with no span', async () => {
    setUp();
    const before = standIn.requests.length;
    const calls: [string, RequestInit][] = [
      [`${standIn.url}/models`, { method: 'GET' }],
      [`${standIn.url}/chat/completions`, { method: 'GET' }],
      [`${standIn.url}/files`, { method: 'POST', body: 'x' }],
      [`${standIn.url}/responses/resp_123`, { method: 'POST', body: '{}' }],
      [`${standIn.url}/chat/completions/extra`, { method: 'POST', body: '{}' }],
    ];
    for (const [url, init] of calls) {
      const response = await obs.fetch(url, init);
      expect(response.status).toBe(404);
      await response.text();
    }
    expect(standIn.requests.slice(before).map((r) => `${r.method} ${r.url}`)).toEqual(
      calls.map(([url, init]) => `${init.method} ${new URL(url).pathname}`),
    );
    expect(obs.buffer.openSpans.size).toBe(0);
    expect(await flushed()).toEqual([]);
  });

  it('a passed-through request gets the underlying response object itself; unparsable URLs too', async () => {
    setUp();
    const answer = new Response('ok');
    const seen: unknown[] = [];
    const traced = instrumentFetch(async (input) => {
      seen.push(input);
      return answer;
    });
    expect(await traced('https://example.com/v1/models')).toBe(answer);
    const relative = '/v1/chat/completions';
    expect(await traced(relative, { method: 'POST', body: '{}' })).toBe(answer);
    expect(seen).toEqual(['https://example.com/v1/models', relative]);
    expect(await flushed()).toEqual([]);
  });

  it('suppressTracing records nothing, streams included, and the calls still work', async () => {
    setUp();
    const reply = await suppressTracing(async () => {
      const completion = await chat('quiet please');
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        stream: true,
        messages: [{ role: 'user', content: 'quiet stream' }],
      });
      for await (const _chunk of stream);
      return completion.choices[0].message.content;
    });
    expect(reply).toBe('Echo: quiet please');
    expect(obs.buffer.openSpans.size).toBe(0);
    expect(await flushed()).toEqual([]);
    // Outside the block, recording resumes.
    await chat('loud');
    expect(await flushed()).toHaveLength(1);
  });
});

describe('context', () => {
  it('inside using* blocks and tracer.chain the LLM span gets its parent and the context attributes', async () => {
    setUp();
    const ask = obs.tracer.chain(async function ask(question: string) {
      const completion = await chat(question);
      // A stream started in the block and read after an await still belongs to it.
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        stream: true,
        messages: [{ role: 'user', content: `${question} (streamed)` }],
      });
      await new Promise((resolve) => setTimeout(resolve, 1));
      for await (const _chunk of stream);
      return completion.choices[0].message.content;
    });
    const answer = await usingEveryContext(
      {
        sessionId: 'sess-1',
        userId: 'user-1',
        metadata: { plan: 'pro' },
        tags: ['beta', 'edge'],
        promptTemplate: { template: 'Q: {q}', variables: { q: 'why' }, version: 'v2' },
      },
      () => ask('why?'),
    );
    expect(answer).toBe('Echo: why?');
    const spans = await flushed();
    const chain = spans.find((span) => span.attributes['openinference.span.kind'] === 'CHAIN')!;
    const llms = spans.filter((span) => span.attributes['openinference.span.kind'] === 'LLM');
    expect(llms).toHaveLength(2);
    for (const llm of llms) {
      expect(llm.parentSpanId).toBe(chain.context.spanId);
      expect(llm.context.traceId).toBe(chain.context.traceId);
      expect(llm.attributes).toMatchObject({
        'session.id': 'sess-1',
        'user.id': 'user-1',
        metadata: '{"plan":"pro"}',
        'tag.tags': ['beta', 'edge'],
        'llm.prompt_template.template': 'Q: {q}',
        'llm.prompt_template.variables': '{"q":"why"}',
        'llm.prompt_template.version': 'v2',
      });
    }
    expect(llms.map((llm) => llm.attributes['output.value'])).toContain('Echo: why? (streamed)');
  });

  it('calls outside any block are root spans with no context attributes; each call its own trace', async () => {
    setUp();
    await chat('one');
    await usingAttributes({ sessionId: 'inner' }, () => chat('two'));
    const [first, second] = await flushed();
    expect(first.parentSpanId).toBeUndefined();
    expect(first.attributes['session.id']).toBeUndefined();
    expect(second.attributes['session.id']).toBe('inner');
    expect(first.context.traceId).not.toBe(second.context.traceId);
  });

  it('instrumentFetch() reports to the registered instance, in the current context', async () => {
    setUp();
    const c = new OpenAI({ baseURL: standIn.url, apiKey: 'sk-test', maxRetries: 0, fetch: instrumentFetch() });
    await usingSession('sess-instrument', () => chat('via instrumentFetch', c));
    const [span] = await flushed();
    expect(span.attributes).toMatchObject({
      'session.id': 'sess-instrument',
      'llm.output_messages.0.message.content': 'Echo: via instrumentFetch',
    });
  });
});

describe('autoInstrument', () => {
  it('wraps globalThis.fetch once, traces new OpenAI() without a fetch option, and shutdown restores it', async () => {
    const first = register({ serviceName: 'auto-1', autoInstrument: true, exporter: collecting });
    const patched = globalThis.fetch;
    expect(patched).not.toBe(originalFetch);
    obs = register({ serviceName: 'auto-2', autoInstrument: true, exporter: collecting });
    expect(globalThis.fetch).toBe(patched);

    const auto = new OpenAI({ baseURL: standIn.url, apiKey: 'sk-test', maxRetries: 0 });
    await usingSession('sess-auto', () => chat('auto', auto));
    // A client handed obs.fetch goes through the patched global too: still one span.
    const explicit = new OpenAI({ baseURL: standIn.url, apiKey: 'sk-test', maxRetries: 0, fetch: obs.fetch });
    await chat('explicit', explicit);
    const spans = await flushed();
    expect(spans).toHaveLength(2);
    expect(spans[0].attributes).toMatchObject({
      'session.id': 'sess-auto',
      'llm.output_messages.0.message.content': 'Echo: auto',
    });
    expect(spans[0].attributes['service.name']).toBeUndefined();
    expect(spans[1].attributes['llm.output_messages.0.message.content']).toBe('Echo: explicit');
    // instrumentFetch(fetch) over the patched global does not wrap it twice.
    expect(instrumentFetch(globalThis.fetch)).toBe(patched);
    expect(instrumentFetch(obs.fetch)).toBe(obs.fetch);
    const wrapped = new OpenAI({
      baseURL: standIn.url,
      apiKey: 'sk-test',
      maxRetries: 0,
      fetch: instrumentFetch(globalThis.fetch),
    });
    await chat('wrapped', wrapped);
    // A non-OpenAI global fetch still works, with no span.
    expect((await fetch(`${standIn.url}/models`)).status).toBe(404);
    expect(await flushed()).toHaveLength(3);

    await obs.shutdown();
    await first.shutdown();
    expect(globalThis.fetch).toBe(originalFetch);
    // A client made while instrumented keeps working, and records nothing once shut down.
    exported.length = 0;
    expect((await chat('after shutdown', auto)).choices[0].message.content).toBe('Echo: after shutdown');
    expect(exported).toEqual([]);
  });

  it('shutdown of the instance that patched restores globalThis.fetch', async () => {
    obs = register({ serviceName: 'auto', autoInstrument: true, exporter: collecting });
    expect(globalThis.fetch).not.toBe(originalFetch);
    await obs.shutdown();
    expect(globalThis.fetch).toBe(originalFetch);
  });
});

describe('genAiAttributes', () => {
  it('adds gen_ai.* keys beside the OpenInference ones', async () => {
    setUp({ genAiAttributes });
    await usingSession('conv-9', async () => {
      await client.chat.completions.create({
        model: 'gpt-4o-mini',
        temperature: 0.5,
        max_tokens: 20,
        messages: [{ role: 'user', content: 'gen ai cached:2' }],
      });
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'gen ai stream' }],
      });
      for await (const _chunk of stream);
      await client.embeddings.create({ model: 'text-embedding-3-small', input: 'vec', encoding_format: 'float' });
    });
    const [plain, streamed, embedding] = await flushed();
    expect(plain.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.request.temperature': 0.5,
      'gen_ai.request.max_tokens': 20,
      'gen_ai.conversation.id': 'conv-9',
      'gen_ai.usage.input_tokens': plain.attributes['llm.token_count.prompt'],
      'gen_ai.usage.output_tokens': plain.attributes['llm.token_count.completion'],
      'gen_ai.usage.cache_read.input_tokens': 2,
      'gen_ai.response.finish_reasons': ['stop'],
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
    });
    expect(streamed.attributes['gen_ai.request.stream']).toBe(true);
    expect(streamed.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(streamed.attributes['gen_ai.response.time_to_first_chunk']).toBeCloseTo(
      Number(streamed.attributes['edge_llmobs.time_to_first_token_ms']) / 1000,
      9,
    );
    expect(embedding.attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.embeddings.dimension.count': 8,
      'gen_ai.request.encoding_formats': ['float'],
    });
  });

  it('is off by default', async () => {
    setUp();
    await chat('no gen ai');
    const [span] = await flushed();
    expect(Object.keys(span.attributes).filter((key) => key.startsWith('gen_ai.'))).toEqual([]);
  });

  it('writes nothing for `true` (the writer is not bundled) and says so once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      // A JavaScript caller of the old boolean option.
      setUp({ genAiAttributes: true as unknown as typeof genAiAttributes });
      await chat('gen ai true');
      const [span] = await flushed();
      expect(Object.keys(span.attributes).filter((key) => key.startsWith('gen_ai.'))).toEqual([]);
      expect(span.attributes['llm.model_name']).toBe('gpt-4o-mini-2024-07-18');
      expect(
        warn.mock.calls.map(([line]) => String(line)).filter((line) => line.includes('edge-llmobs/gen-ai')),
      ).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  });

  it('stays out of a bundle that does not import edge-llmobs/gen-ai', async () => {
    const { build } = await import('esbuild');
    const inputs = async (entry: string) =>
      Object.keys(
        (
          await build({
            entryPoints: [new URL(entry, import.meta.url).pathname],
            bundle: true,
            format: 'esm',
            platform: 'browser',
            write: false,
            metafile: true,
            logLevel: 'silent',
          })
        ).metafile.inputs,
      ).join('\n');
    expect(await inputs('../../src/adapters/cloudflare/index.ts')).not.toContain('gen-ai-attributes');
    expect(await inputs('../../src/gen-ai.ts')).toContain('gen-ai-attributes');
  });
});
