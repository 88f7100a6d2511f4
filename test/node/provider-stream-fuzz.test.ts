// A seeded split/malformed stream fuzz per provider module: each provider's stream (as its stand-in
// writes it) is served split at random byte offsets (inside UTF-8 sequences, `data:` lines and
// `\r\n` pairs), with junk events injected, cut short, or with bytes corrupted. Whatever arrives, the
// caller gets the same bytes (or, for the Workers AI binding, the same chunk objects), nothing
// throws into it, exactly one span ends, and a stream only split records what the whole one does.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrumentAi, type LlmObs, register, type SpanData } from '../../src/index.js';
import { anthropicReply } from '../fixtures/anthropic-stand-in.js';
import { concat } from '../fixtures/bytes.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { geminiReply } from '../fixtures/gemini-stand-in.js';
import type { RecordedCall, StandInReply } from '../fixtures/provider-stand-in.js';
import { writeSplit } from '../fixtures/split-write.js';
import { seededRandom } from '../fixtures/workers/random.js';
import { workersAiRestReply } from '../fixtures/workers-ai-stand-in.js';

const SEED = 0x13_2026;
const ITERATIONS = 60;
const encoder = new TextEncoder();

interface Provider {
  name: string;
  path: string;
  body: Record<string, unknown>;
  reply: (call: RecordedCall) => StandInReply;
}

const tools = [{ name: 'get_weather', input_schema: { type: 'object' } }];
const PROVIDERS: Provider[] = [
  {
    name: 'anthropic',
    path: '/v1/messages',
    body: {
      model: 'claude-sonnet-4-6',
      max_tokens: 9,
      stream: true,
      thinking: { type: 'enabled' },
      tools,
      messages: [{ role: 'user', content: 'fuzz 世界 🎉' }],
    },
    reply: anthropicReply,
  },
  {
    name: 'gemini',
    path: '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    body: {
      contents: [{ role: 'user', parts: [{ text: 'fuzz 世界 🎉' }] }],
      tools: [{ functionDeclarations: [{ name: 'f' }] }],
    },
    reply: geminiReply,
  },
  {
    name: 'workers-ai',
    path: '/client/v4/accounts/a/ai/run/@cf/meta/llama-3.1-8b-instruct',
    body: { prompt: 'fuzz 世界 🎉', stream: true },
    reply: workersAiRestReply,
  },
];

function streamBytes(provider: Provider): Uint8Array {
  const call = {
    method: 'POST',
    url: provider.path,
    path: provider.path.split('?')[0],
    headers: {},
    bodyText: '',
    body: provider.body,
  };
  const events = provider.reply(call).events;
  if (!events) throw new Error(`${provider.name}: the stand-in did not stream`);
  return encoder.encode(events.join(''));
}

const JUNK = [
  'data: not json\n\n',
  ': keep-alive\n\n',
  'event: ping\ndata: {"type":"ping"}\n\n',
  'data: {"type":"content_block_delta","index":99}\n\n',
  'data: {"candidates":"nope"}\n\n',
  'data: {"response":7}\n\n',
  'data: null\n\n',
  '\r\n',
].map((text) => encoder.encode(text));

type Mode = 'split' | 'inject' | 'truncate' | 'corrupt';
const MODES: Mode[] = ['split', 'inject', 'truncate', 'corrupt'];

function mutate(random: () => number, bytes: Uint8Array, mode: Mode): Uint8Array {
  if (mode === 'truncate') return bytes.subarray(0, Math.floor(random() * bytes.length));
  if (mode === 'corrupt') {
    const copy = bytes.slice();
    for (let i = 0; i < 3; i++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
    return copy;
  }
  if (mode === 'inject') {
    const at = Math.floor(random() * bytes.length);
    return concat([bytes.subarray(0, at), JUNK[Math.floor(random() * JUNK.length)], bytes.subarray(at)]);
  }
  return bytes;
}

function cutsFor(random: () => number, length: number): number[] {
  const cuts = new Set<number>();
  const count = 1 + Math.floor(random() * 12);
  for (let i = 0; i < count; i++) cuts.add(1 + Math.floor(random() * Math.max(1, length - 1)));
  return [...cuts].sort((a, b) => a - b);
}

const exporter = collectingExporter();
let obs: LlmObs;
let server: ReturnType<typeof createServer>;
let base = '';
const plans: Array<{ bytes: Uint8Array; cuts: number[] }> = [];

beforeAll(async () => {
  obs = register({ serviceName: 'provider-fuzz', exporter, autoInstrument: true });
  server = createServer(async (req, res) => {
    for await (const _ of req);
    const plan = plans.shift();
    if (!plan) return void res.writeHead(500).end();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    await writeSplit(res, plan.bytes, plan.cuts);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await obs.shutdown();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function send(
  provider: Provider,
  bytes: Uint8Array,
  cuts: number[],
): Promise<{ received: Uint8Array; span: SpanData }> {
  plans.push({ bytes, cuts });
  const response = await fetch(base + provider.path, { method: 'POST', body: JSON.stringify(provider.body) });
  const received = new Uint8Array(await response.arrayBuffer());
  await obs.forceFlush();
  expect(exporter.spans).toHaveLength(1);
  const span = exporter.spans[0];
  exporter.spans.length = 0;
  return { received, span };
}

describe.each(PROVIDERS)('$name stream fuzz', (provider) => {
  it(`${ITERATIONS} seeded iterations: same bytes, no throw, one span; a split stream records what the whole one does`, async () => {
    const whole = streamBytes(provider);
    const baseline = (await send(provider, whole, [])).span.attributes;
    expect(baseline['output.value']).toBeTypeOf('string');
    const random = seededRandom(SEED + provider.name.length);
    for (let i = 0; i < ITERATIONS; i++) {
      const mode = MODES[i % MODES.length];
      const bytes = mutate(random, whole, mode);
      const { received, span } = await send(provider, bytes, cutsFor(random, bytes.length));
      expect(received, `${provider.name} iteration ${i} (${mode})`).toEqual(bytes);
      expect(span.endTime).toBeDefined();
      if (mode === 'split') {
        for (const key of [
          'output.value',
          'llm.output_messages.0.message.content',
          'llm.token_count.total',
          'llm.finish_reason',
        ]) {
          expect(span.attributes[key], `${provider.name} iteration ${i}: ${key}`).toEqual(baseline[key]);
        }
      }
    }
  });
});

describe('workers-ai binding stream fuzz', () => {
  it(`${ITERATIONS} seeded iterations: the caller gets the binding's own chunk objects, nothing throws`, async () => {
    const random = seededRandom(SEED);
    const whole = streamBytes(PROVIDERS[2]);
    for (let i = 0; i < ITERATIONS; i++) {
      const mode = MODES[i % MODES.length];
      const bytes = mutate(random, whole, mode);
      const cuts = [0, ...cutsFor(random, bytes.length), bytes.length];
      const chunks = cuts
        .slice(1)
        .map((cut, k) => bytes.subarray(cuts[k], cut))
        .filter((c) => c.length > 0);
      let next = 0;
      const ai = instrumentAi({
        async run(_model: string, _inputs: unknown) {
          return new ReadableStream<Uint8Array>({
            pull(controller) {
              if (next < chunks.length) controller.enqueue(chunks[next++]);
              else controller.close();
            },
          });
        },
      });
      const stream = (await ai.run('@cf/meta/llama-3.1-8b-instruct', {
        prompt: 'x',
        stream: true,
      })) as ReadableStream<Uint8Array>;
      const reader = stream.getReader();
      const received: Uint8Array[] = [];
      for (let r = await reader.read(); !r.done; r = await reader.read()) received.push(r.value);
      expect(received.length).toBe(chunks.length);
      for (let k = 0; k < chunks.length; k++) expect(received[k]).toBe(chunks[k]);
      await obs.forceFlush();
      expect(exporter.spans).toHaveLength(1);
      exporter.spans.length = 0;
    }
  });
});
