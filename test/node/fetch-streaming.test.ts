// Streams through the traced fetch: the consumer gets exactly the bytes the server sent, chunk by
// chunk, with no read-ahead (the first event arrives while the server is still held before the
// second); a consumer that cancels cancels the upstream request and ends the span; a stream nobody
// reads keeps its span open until a flush of its trace ends it. Chunks are parsed after the consumer
// has them, and a span a flush ends first still records what was read.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instrumentFetch, type LlmObs, register } from '../../src/index.js';
import { concat } from '../fixtures/bytes.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { flushAndForget, onlyFlushedSpan } from '../fixtures/flushed-spans.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import { settlesSoon } from '../fixtures/poll-until.js';

const exporter = collectingExporter();
const exported = exporter.spans;
let obs: LlmObs;

beforeAll(() => {
  obs = register({ serviceName: 'fetch-streaming', exporter });
});
afterAll(() => obs.shutdown());

let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
  await flushAndForget(obs, exported);
});

/** Flushes and returns the one span this test produced. */
const onlySpan = () => onlyFlushedSpan(obs, exported);

async function readChunks(body: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  return chunks;
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return concat(await readChunks(body));
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const chatBody = (content: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    model: 'gpt-4o-mini',
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content }],
    ...extra,
  });

describe('byte-identical pass-through', () => {
  const framings = [
    { lineEnding: '\n' as const, keepAliveComments: false },
    { lineEnding: '\r\n' as const, keepAliveComments: false },
    { lineEnding: '\n' as const, keepAliveComments: true },
    { lineEnding: '\r\n' as const, keepAliveComments: true },
  ];

  it.each(framings)('raw obs.fetch, chat stream, %o', async (framing) => {
    standIn = await startOpenAiStandIn(framing);
    const response = await obs.fetch(`${standIn.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-raw' },
      body: chatBody('Bytes 世界 🎉 intact'),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-request-id')).toBe('req_standin0');
    expect(response.url).toBe(`${standIn.url}/chat/completions`);
    const received = await readAll(response.body!);
    expect(received).toEqual(standIn.sentBytes(0));
    if (framing.keepAliveComments) expect(text(received)).toContain(`: keep-alive${framing.lineEnding}`);
    if (framing.lineEnding === '\r\n') expect(text(received)).toContain('\r\n\r\n');
    const span = await onlySpan();
    expect(span.attributes).toMatchObject({
      'output.value': 'Echo: Bytes 世界 🎉 intact',
      'llm.finish_reason': 'stop',
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
    });
    expect(span.attributes['llm.token_count.total']).toBeGreaterThan(0);
    expect(span.events.map((event) => event.name)).toEqual(['First Token Stream Event']);
  });

  it.each(framings)('SDK .asResponse(), Responses stream, %o', async (framing) => {
    standIn = await startOpenAiStandIn(framing);
    const client = new OpenAI({ baseURL: standIn.url, apiKey: 'sk-test', maxRetries: 0, fetch: obs.fetch });
    const response = await client.responses
      .create({ model: 'gpt-4.1-mini', input: 'Raw 响应 bytes', stream: true })
      .asResponse();
    expect(await readAll(response.body!)).toEqual(standIn.sentBytes(0));
    const span = await onlySpan();
    expect(span.attributes['llm.output_messages.0.message.contents.0.message_content.text']).toBe(
      'Echo: Raw 响应 bytes',
    );
    expect(span.attributes['llm.token_count.total']).toBeGreaterThan(0);
  });

  it('SDK .withResponse(): the same status, headers and events as without tracing', async () => {
    standIn = await startOpenAiStandIn({ lineEnding: '\r\n', keepAliveComments: true });
    const run = async (fetch: typeof globalThis.fetch | undefined) => {
      const client = new OpenAI({ baseURL: standIn!.url, apiKey: 'sk-test', maxRetries: 0, fetch });
      const { data, response } = await client.chat.completions
        .create({
          model: 'gpt-4o-mini',
          stream: true,
          stream_options: { include_usage: true },
          messages: [{ role: 'user', content: 'withResponse 🎉' }],
        })
        .withResponse();
      const chunks: unknown[] = [];
      for await (const chunk of data) chunks.push(chunk);
      const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== 'date'));
      return { status: response.status, headers, chunks };
    };
    const untraced = await run(undefined);
    const traced = await run(obs.fetch);
    // The stand-in numbers its answers; apart from that number, both runs saw the same thing.
    expect(traced.headers['x-request-id']).toBe('req_standin1');
    const numbered = /(chatcmpl-|req_)standin\d+/g;
    const same = (value: unknown) => JSON.stringify(value).replace(numbered, '$1standin');
    expect(same(traced)).toBe(same(untraced));
    expect(same(text(standIn.sentBytes(1)))).toBe(same(text(standIn.sentBytes(0))));
    const span = await onlySpan();
    expect(span.attributes['output.value']).toBe('Echo: withResponse 🎉');
  });

  it('hands over the very chunk objects the underlying fetch produced', async () => {
    const encoder = new TextEncoder();
    const events = [
      '{"id":"c","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"He"}}]}',
      '{"id":"c","model":"m","choices":[{"index":0,"delta":{"content":"llo"},"finish_reason":"stop"}]}',
      '[DONE]',
    ];
    const sent = events.map((data) => encoder.encode(`data: ${data}\n\n`));
    const fake: typeof fetch = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            for (const chunk of sent) controller.enqueue(chunk);
            controller.close();
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      );
    const traced = instrumentFetch(fake);
    const response = await traced('https://api.openai.com/v1/chat/completions', {
      method: 'POST',
      body: chatBody('hi'),
    });
    const received = await readChunks(response.body!);
    expect(received).toHaveLength(sent.length);
    received.forEach((chunk, i) => {
      expect(chunk).toBe(sent[i]);
    });
    const span = await onlySpan();
    expect(span.attributes).toMatchObject({ 'output.value': 'Hello', 'llm.provider': 'openai' });
  });
});

describe('no read-ahead: the first chunk reaches the consumer before the server sends the second', () => {
  it('raw obs.fetch reader', async () => {
    standIn = await startOpenAiStandIn({ streamGate: true });
    const response = await obs.fetch(`${standIn.url}/chat/completions`, { method: 'POST', body: chatBody('gated') });
    const reader = response.body!.getReader();
    const first = await settlesSoon(reader.read(), 'the first chunk');
    expect(first.done).toBe(false);
    expect(await standIn.gateReached()).toBe(0);
    // The server is held after its first event, and the consumer already has all of it.
    const sentSoFar = standIn.sentBytes(0);
    expect(text(sentSoFar)).toMatch(/^data: [^\n]+\n\n$/);
    expect(first.value).toEqual(sentSoFar);
    standIn.release();
    const chunks = [first.value!];
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
    expect(concat(chunks)).toEqual(standIn.sentBytes(0));
    const span = await onlySpan();
    expect(span.attributes['output.value']).toBe('Echo: gated');
  });

  it('SDK stream iterator', async () => {
    standIn = await startOpenAiStandIn({ streamGate: true });
    const client = new OpenAI({ baseURL: standIn.url, apiKey: 'sk-test', maxRetries: 0, fetch: obs.fetch });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'gated SDK' }],
    });
    const iterator = stream[Symbol.asyncIterator]();
    const first = await settlesSoon(iterator.next(), 'the first SDK chunk');
    expect(first.done).toBe(false);
    expect(first.value).toMatchObject({ choices: [{ delta: { role: 'assistant' } }] });
    expect(await standIn.gateReached()).toBe(0);
    expect(text(standIn.sentBytes(0)).split('data:')).toHaveLength(2);
    // The span is still open: the stream has not ended.
    expect(obs.buffer.openSpans.size).toBe(1);
    standIn.release();
    let content = '';
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      content += next.value.choices[0]?.delta.content ?? '';
    }
    expect(content).toBe('Echo: gated SDK');
    expect((await onlySpan()).attributes['output.value']).toBe('Echo: gated SDK');
  });
});

/** A tiny SSE server that sends one event, then waits; it reports when the client closes early. */
async function startHeldServer() {
  const closed: Promise<{ endedByServer: boolean }>[] = [];
  let onRequest: (res: ServerResponse) => void = () => {};
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    req.resume();
    closed.push(
      new Promise((resolve) => {
        res.on('close', () => resolve({ endedByServer: res.writableFinished }));
      }),
    );
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(
      'data: {"id":"c1","model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"role":"assistant","content":"Partial"}}]}\n\n',
    );
    held.push(res);
    onRequest(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    closed,
    set onRequest(fn: (res: ServerResponse) => void) {
      onRequest = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('recording waits for the consumer', () => {
  it('hands a chunk on before parsing it; a flush that ends the span first still records what was read', async () => {
    const server = await startHeldServer();
    try {
      const response = await obs.fetch(`${server.url}/chat/completions`, {
        method: 'POST',
        body: chatBody('flush me'),
      });
      const reader = response.body!.getReader();
      const first = await reader.read();
      expect(text(first.value!)).toContain('Partial');
      const [open] = [...obs.buffer.openSpans];
      // The consumer has the chunk; the parse that finds the first token runs after this turn.
      expect(open.events).toHaveLength(0);
      await obs.forceFlush({ traceId: open.context.traceId });
      expect(exported).toHaveLength(1);
      expect(exported[0].attributes).toMatchObject({
        'edge_llmobs.ended_at_flush': true,
        'llm.input_messages.0.message.content': 'flush me',
      });
      expect(exported[0].events.map((event) => event.name)).toEqual(['First Token Stream Event']);
      await reader.cancel();
    } finally {
      await server.close();
    }
  });
});

describe('the consumer cancels', () => {
  it('break out of the SDK stream: the upstream connection closes, the span ends cancelled with what was parsed', async () => {
    const server = await startHeldServer();
    try {
      const client = new OpenAI({ baseURL: server.url, apiKey: 'sk-test', maxRetries: 0, fetch: obs.fetch });
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        stream: true,
        messages: [{ role: 'user', content: 'cancel me' }],
      });
      for await (const chunk of stream) {
        expect(chunk.choices[0].delta.content).toBe('Partial');
        break;
      }
      expect(await settlesSoon(server.closed[0], 'the connection close')).toEqual({ endedByServer: false });
      const span = await onlySpan();
      expect(span.attributes).toMatchObject({
        'edge_llmobs.body_cancelled': true,
        'llm.model_name': 'gpt-4o-mini-2024-07-18',
        'output.value': 'Partial',
        'llm.input_messages.0.message.content': 'cancel me',
      });
      expect(span.attributes['edge_llmobs.ended_at_flush']).toBeUndefined();
      expect(span.status.code).toBe(0);
      expect(span.events.map((event) => event.name)).toEqual(['First Token Stream Event']);
    } finally {
      await server.close();
    }
  });

  it('reader.cancel() with a read pending: the pending read resolves done, the connection closes', async () => {
    const server = await startHeldServer();
    try {
      const response = await obs.fetch(`${server.url}/chat/completions`, { method: 'POST', body: chatBody('x') });
      const reader = response.body!.getReader();
      const first = await reader.read();
      expect(text(first.value!)).toContain('Partial');
      const pending = reader.read();
      await reader.cancel(new Error('user went away'));
      expect(await pending).toEqual({ done: true, value: undefined });
      expect(await settlesSoon(server.closed[0], 'the connection close')).toEqual({ endedByServer: false });
      const span = await onlySpan();
      expect(span.attributes['edge_llmobs.body_cancelled']).toBe(true);
      expect(span.attributes['output.value']).toBe('Partial');
    } finally {
      await server.close();
    }
  });

  it('reader.cancel() on the stand-in mid-stream ends the span cancelled', async () => {
    standIn = await startOpenAiStandIn({ streamGate: true });
    const response = await obs.fetch(`${standIn.url}/responses`, {
      method: 'POST',
      body: JSON.stringify({ model: 'gpt-4.1', input: 'cancel responses', stream: true }),
    });
    const reader = response.body!.getReader();
    await reader.read();
    await standIn.gateReached();
    await reader.cancel();
    standIn.release();
    const span = await onlySpan();
    expect(span.attributes).toMatchObject({
      'edge_llmobs.body_cancelled': true,
      'llm.model_name': 'gpt-4.1-2025-04-14',
      'llm.input_messages.0.message.content': 'cancel responses',
    });
    expect(span.attributes['llm.output_messages.0.message.role']).toBeUndefined();
  });
});

describe('a stream nobody reads', () => {
  it('keeps its span open until forceFlush({ traceId }) ends it, marked ended_at_flush', async () => {
    standIn = await startOpenAiStandIn({ streamGate: true });
    const response = await obs.fetch(`${standIn.url}/chat/completions`, { method: 'POST', body: chatBody('unread') });
    expect(response.status).toBe(200);
    await standIn.gateReached();
    expect(obs.buffer.openSpans.size).toBe(1);
    const [open] = [...obs.buffer.openSpans];
    // A flush of another trace leaves it open.
    await obs.forceFlush({ traceId: '0'.repeat(32) });
    expect(exported).toHaveLength(0);
    expect(obs.buffer.openSpans.size).toBe(1);
    await obs.forceFlush({ traceId: open.context.traceId });
    expect(obs.buffer.openSpans.size).toBe(0);
    expect(exported).toHaveLength(1);
    expect(exported[0].attributes).toMatchObject({
      'edge_llmobs.ended_at_flush': true,
      'llm.input_messages.0.message.content': 'unread',
    });
    expect(exported[0].attributes['edge_llmobs.body_cancelled']).toBeUndefined();
    // Reading it afterwards still gives every byte, and nothing more is recorded or exported.
    standIn.release();
    expect(await readAll(response.body!)).toEqual(standIn.sentBytes(0));
    await obs.forceFlush();
    expect(exported).toHaveLength(1);
    expect(exported[0].attributes['output.value']).toBeUndefined();
  });
});
