// Seeded fuzz through the traced fetch: recorded SSE streams (chat with parallel tool calls, chat text
// with `\r\n` framing and keep-alives, Responses text and function-call events) are served by a tiny
// local server, split at random byte offsets (inside UTF-8 sequences, `data:` lines and `\r\n`
// pairs), with malformed events injected, cut short, or without `[DONE]`. Whatever arrives: no
// exception reaches the caller, the bytes are unchanged, and the span ends with what could be parsed.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LlmObs, register, type SpanData } from '../../src/index.js';
import { concat } from '../fixtures/bytes.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import { writeSplit } from '../fixtures/split-write.js';
import { seededRandom } from '../fixtures/workers/random.js';

const SEED = 0x5eed_2026;
const ITERATIONS = 200;

interface Recorded {
  name: string;
  path: '/chat/completions' | '/responses';
  request: Record<string, unknown>;
  bytes: Uint8Array;
}

interface Plan {
  bytes: Uint8Array;
  /** Byte offsets where the server splits its writes. */
  cuts: number[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Serves whatever plan is queued next, one write per piece, yielding to the event loop between. */
async function startReplayServer() {
  const plans: Plan[] = [];
  const server = createServer(async (req, res) => {
    for await (const _ of req);
    const plan = plans.shift();
    if (!plan) {
      res.writeHead(500).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
    await writeSplit(res, plan.bytes, plan.cuts);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    queue: (plan: Plan) => plans.push(plan),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Events a parser must skip without losing anything else: bad JSON, non-objects, comments, invalid
// UTF-8, fields without data, unknown event types, choices other than the first. (An unterminated
// `data:` line is not among them: by the SSE rules it joins the next event's data and spoils it;
// the 'corrupt' mode injects that.)
const IGNORABLE: readonly Uint8Array[] = [
  'data: {"choices":[{"delta":{"content":"cut off"\n\n',
  'data: not json at all\n\n',
  'data: null\n\ndata: 42\n\ndata: []\n\n',
  ': a comment 世界 🎉\n\n',
  ': keep-alive\r\n\r\n',
  'id: 7\nretry: 1000\n\n',
  'event: ping\ndata: {}\n\n',
  'data:{"object":"unknown.thing"}\n\n',
  'data: {"type":"response.unknown_event","sequence_number":999}\n\n',
  'data: {"id":"x","choices":[{"index":3,"delta":{"content":"other choice"}}]}\n\n',
  '\r\n',
].map((text) => (typeof text === 'string' ? encoder.encode(text) : text));
const INVALID_UTF8 = new Uint8Array([...encoder.encode('data: '), 0xff, 0xfe, 0xc3, ...encoder.encode(' x\n\n')]);
const IGNORABLE_ALL = [...IGNORABLE, INVALID_UTF8];

/** Offsets just after each blank line that ends an event. */
function eventBoundaries(bytes: Uint8Array): number[] {
  const text = decoder.decode(bytes);
  const offsets: number[] = [];
  for (const match of text.matchAll(/(\r\n\r\n|\n\n)/g)) {
    offsets.push(encoder.encode(text.slice(0, match.index + match[0].length)).length);
  }
  return offsets;
}

function withoutDone(bytes: Uint8Array): Uint8Array {
  const text = decoder.decode(bytes);
  const at = text.lastIndexOf('data: [DONE]');
  return at === -1 ? bytes : encoder.encode(text.slice(0, at));
}

type Mode = 'split' | 'inject' | 'no-done' | 'corrupt' | 'truncate';
const MODES: readonly Mode[] = ['split', 'inject', 'no-done', 'corrupt', 'truncate'];

/** What the server will send, and what the span should then hold. */
function plan(random: () => number, recorded: Recorded, mode: Mode): { plan: Plan; sameAsBaseline: boolean } {
  let bytes = recorded.bytes;
  let sameAsBaseline = true;
  if (mode === 'inject') {
    const boundaries = [0, ...eventBoundaries(bytes)];
    const pieces: Uint8Array[] = [];
    let from = 0;
    for (const boundary of boundaries) {
      pieces.push(bytes.subarray(from, boundary));
      from = boundary;
      if (random() < 0.4) pieces.push(IGNORABLE_ALL[Math.floor(random() * IGNORABLE_ALL.length)]);
    }
    pieces.push(bytes.subarray(from));
    bytes = concat(pieces);
  } else if (mode === 'no-done') {
    bytes = withoutDone(bytes);
    // A Responses stream has no [DONE]: it ends with response.completed either way.
  } else if (mode === 'corrupt') {
    bytes = bytes.slice();
    for (let n = 1 + Math.floor(random() * 3); n > 0; n--) bytes[Math.floor(random() * bytes.length)] = 0xff;
    const boundaries = eventBoundaries(bytes);
    const at = boundaries[Math.floor(random() * boundaries.length)] ?? 0;
    bytes = concat([bytes.subarray(0, at), encoder.encode('data: {"unterminated":\n'), bytes.subarray(at)]);
    sameAsBaseline = false;
  } else if (mode === 'truncate') {
    bytes = bytes.subarray(0, Math.floor(random() * bytes.length));
    sameAsBaseline = false;
  }
  const cuts: number[] = [];
  for (let n = Math.floor(random() * 12); n > 0; n--) cuts.push(Math.floor(random() * bytes.length));
  // Always split inside a multi-byte UTF-8 sequence when there is one.
  const multiByte = bytes.findIndex((b) => b >= 0xc0 && b !== 0xff);
  if (multiByte !== -1) cuts.push(multiByte + 1);
  cuts.sort((a, b) => a - b);
  return { plan: { bytes, cuts }, sameAsBaseline };
}

const exporter = collectingExporter();
const exported = exporter.spans;
let obs: LlmObs;
let replay: Awaited<ReturnType<typeof startReplayServer>>;
const recordings: Recorded[] = [];

beforeAll(async () => {
  obs = register({ serviceName: 'fetch-fuzz', exporter });
  replay = await startReplayServer();
  const weather = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } };
  const time = { type: 'function', function: { name: 'get_time', parameters: { type: 'object' } } };
  const sources: Omit<Recorded, 'bytes'>[] = [
    {
      name: 'chat, parallel tool calls',
      path: '/chat/completions',
      request: {
        model: 'gpt-4o-mini',
        stream: true,
        stream_options: { include_usage: true },
        tools: [weather, time],
        messages: [{ role: 'user', content: 'Weather and time in Zürich? tools:all' }],
      },
    },
    {
      name: 'chat text, \\r\\n and keep-alives',
      path: '/chat/completions',
      request: {
        model: 'gpt-4o',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'Grüße aus 東京 🎌 cached:2' }],
      },
    },
    {
      name: 'responses text',
      path: '/responses',
      request: { model: 'gpt-4.1-mini', stream: true, input: 'Ünïcödé everywhere: 世界 🎉' },
    },
    {
      name: 'responses function call, \\r\\n',
      path: '/responses',
      request: {
        model: 'gpt-4.1',
        stream: true,
        input: 'Weather in Kraków?',
        tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' }, strict: false }],
      },
    },
  ];
  const lf = await startOpenAiStandIn();
  const crlf = await startOpenAiStandIn({ lineEnding: '\r\n', keepAliveComments: true });
  try {
    for (const [i, source] of sources.entries()) {
      const standIn = i % 2 === 0 ? lf : crlf;
      const response = await fetch(`${standIn.url}${source.path}`, {
        method: 'POST',
        body: JSON.stringify(source.request),
      });
      await response.arrayBuffer();
      recordings.push({ ...source, bytes: standIn.sentBytes(standIn.requests.length - 1) });
    }
  } finally {
    await Promise.all([lf.close(), crlf.close()]);
  }
});

afterAll(async () => {
  await obs.shutdown();
  await replay.close();
});

/** Sends one request through obs.fetch, reads every byte, and returns them with the span. */
let chunkBoundariesInsideUtf8 = 0;

async function run(recorded: Recorded, served: Plan): Promise<{ received: Uint8Array; span: SpanData }> {
  replay.queue(served);
  const response = await obs.fetch(`${replay.url}${recorded.path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-fuzz' },
    body: JSON.stringify(recorded.request),
  });
  const chunks: Uint8Array[] = [];
  const reader = response.body!.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    const chunk = next.value;
    // A chunk that starts with a UTF-8 continuation byte: the split fell inside a character.
    if (chunks.length > 0 && chunk[0] >= 0x80 && chunk[0] < 0xc0) chunkBoundariesInsideUtf8++;
    chunks.push(chunk);
  }
  expect(obs.buffer.openSpans.size).toBe(0);
  await obs.forceFlush();
  expect(exported).toHaveLength(1);
  const span = exported.pop()!;
  return { received: concat(chunks), span };
}

/** The attributes that do not depend on timing. */
function stable(span: SpanData): Record<string, unknown> {
  const { 'edge_llmobs.time_to_first_token_ms': _ttft, ...rest } = span.attributes;
  return rest;
}

describe('seeded fuzz of SSE streams through the traced fetch', () => {
  it(`${ITERATIONS} iterations, seed ${SEED}`, async () => {
    const baselines = new Map<Recorded, SpanData>();
    for (const recorded of recordings) {
      const { received, span } = await run(recorded, { bytes: recorded.bytes, cuts: [] });
      expect(received).toEqual(recorded.bytes);
      expect(span.status.code).toBe(0);
      expect(span.attributes['llm.token_count.total'], recorded.name).toBeGreaterThan(0);
      expect(span.events.map((event) => event.name)).toEqual(['First Token Stream Event']);
      baselines.set(recorded, span);
    }
    const chatTools = stable(baselines.get(recordings[0])!);
    expect(chatTools['llm.output_messages.0.message.tool_calls.1.tool_call.function.name']).toBe('get_time');
    expect(stable(baselines.get(recordings[1])!)['output.value']).toBe('Echo: Grüße aus 東京 🎌 cached:2');
    expect(stable(baselines.get(recordings[2])!)['llm.output_messages.0.message.contents.0.message_content.text']).toBe(
      'Echo: Ünïcödé everywhere: 世界 🎉',
    );

    const random = seededRandom(SEED);
    const counts: Record<Mode, number> = { split: 0, inject: 0, 'no-done': 0, corrupt: 0, truncate: 0 };
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const recorded = recordings[Math.floor(random() * recordings.length)];
      const mode = MODES[Math.floor(random() * MODES.length)];
      counts[mode]++;
      const { plan: served, sameAsBaseline } = plan(random, recorded, mode);
      const where = `seed ${SEED}, iteration ${iteration}, ${recorded.name}, ${mode}, cuts ${served.cuts.join(',')}`;
      let result: Awaited<ReturnType<typeof run>>;
      try {
        result = await run(recorded, served);
      } catch (error) {
        throw new Error(`${where}: ${String(error)}`);
      }
      const { received, span } = result;
      expect(Buffer.from(received).equals(Buffer.from(served.bytes)), where).toBe(true);
      expect(span.endTime, where).toBeDefined();
      expect(span.attributes['llm.input_messages.0.message.role'], where).toBeDefined();
      expect(JSON.stringify(span.attributes), where).not.toContain('sk-fuzz');
      if (sameAsBaseline) {
        const baseline = baselines.get(recorded)!;
        expect(stable(span), where).toEqual(stable(baseline));
        expect(span.status, where).toEqual(baseline.status);
        expect(
          span.events.map((event) => event.name),
          where,
        ).toEqual(['First Token Stream Event']);
      } else {
        // What could be parsed: never more output events than the stream held, never an error status
        // made up from a broken payload.
        expect(span.status.code, where).toBe(0);
        expect(span.events.length, where).toBeLessThanOrEqual(1);
      }
    }
    for (const mode of MODES) expect(counts[mode], mode).toBeGreaterThan(10);
    // The splits really reached the consumer (and the tracer) as separate chunks.
    expect(chunkBoundariesInsideUtf8).toBeGreaterThan(ITERATIONS / 2);
  });

  it('the SDK, fed split streams through obs.fetch, yields the same chunks as without tracing', async () => {
    const random = seededRandom(SEED + 1);
    for (const recorded of recordings) {
      const collect = async (fetch: typeof globalThis.fetch | undefined, cuts: number[]) => {
        replay.queue({ bytes: recorded.bytes, cuts });
        const client = new OpenAI({ baseURL: replay.url, apiKey: 'sk-fuzz', maxRetries: 0, fetch });
        const body = recorded.request as never;
        const stream =
          recorded.path === '/responses'
            ? await client.responses.create(body)
            : await client.chat.completions.create(body);
        const chunks: unknown[] = [];
        for await (const chunk of stream as unknown as AsyncIterable<unknown>) chunks.push(chunk);
        return chunks;
      };
      const cuts = Array.from({ length: 20 }, () => Math.floor(random() * recorded.bytes.length)).sort((a, b) => a - b);
      const plain = await collect(undefined, cuts);
      const traced = await collect(obs.fetch, cuts);
      expect(traced).toEqual(plain);
      expect(plain.length).toBeGreaterThan(3);
    }
    await obs.forceFlush();
    expect(exported).toHaveLength(recordings.length);
    exported.length = 0;
  });
});
