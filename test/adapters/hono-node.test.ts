import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRequestScope, withLlmObs } from '../../src/adapters/cloudflare/index.js';
import { type LlmObsVariables, llmObs } from '../../src/adapters/hono/index.js';
import { ENDED_AT_FLUSH } from '../../src/index.js';
import { chatFor, openAiFor, streamingChatFor } from '../../worker-example/src/chat.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import { type OtlpSink, startOtlpSink } from '../fixtures/otlp-sink.js';
import { bareApp, defineRoutes, STREAM_PIECES, streamMarks } from './support/hono-routes.js';
import { byName, fakeExecutionContext, readChunks, spanTimeMs } from './support/memory.js';
import { type BridgeServer, serveFetch } from './support/node-bridge.js';
import { expectSeedTraces, SEED_TURNS, sendSeedTurns } from './support/seed-turns.js';

let sink: OtlpSink;
let standIn: StandIn;
let server: BridgeServer;

beforeAll(async () => {
  [sink, standIn] = await Promise.all([startOtlpSink(), startOpenAiStandIn()]);
  const env = { OPENAI_API_KEY: 'sk-node-test', OPENAI_BASE_URL: standIn.url };
  const app = new Hono<{ Variables: LlmObsVariables }>();
  app.use(llmObs({ serviceName: 'chat-app', endpoint: sink.url, metadata: { channel: 'web' } }));
  app.post('/chat', async (c) => {
    const { message } = await c.req.json<{ message: string }>();
    const llm = c.get('llmobs');
    return c.json({ reply: await chatFor(llm, openAiFor(llm, env))(message) });
  });
  app.post('/chat/stream', async (c) => {
    const { message } = await c.req.json<{ message: string }>();
    const llm = c.get('llmobs');
    const { streamText } = await import('hono/streaming');
    return streamText(c, async (stream) => {
      await streamingChatFor(llm, openAiFor(llm, env), (text) => stream.write(text))(message);
    });
  });
  server = await serveFetch(app.fetch);
});

afterAll(async () => {
  await Promise.all([server?.close(), sink?.close(), standIn?.close()]);
});

describe('Hono middleware on Node (node:http)', () => {
  it("sends the seed's two turns and exports root, CHAIN and LLM spans with session, user and metadata", async () => {
    const replies = await sendSeedTurns(server.url, 'sess-node', 'user-123');
    expect(replies).toEqual(SEED_TURNS.map((turn) => `Echo: ${turn}`));
    // No forceFlush from the test: the middleware's background flush sends them.
    await sink.waitForSpans(6);
    const [first, second] = expectSeedTraces(sink.spans(), 'sess-node', 'user-123');
    expect(first.root.attributes['http.route']).toBe('/chat');
    expect(first.llm.attributes['llm.model_name']).toMatch(/^gpt-4o-mini/);
    expect(second.chain.attributes['input.value']).toBe(SEED_TURNS[1]);
  });

  it('streams the reply unchanged and ends the root span after the stream', async () => {
    const response = await fetch(`${server.url}/chat/stream`, {
      method: 'POST',
      headers: { 'x-session-id': 'sess-node-stream', 'x-user-id': 'user-123' },
      body: JSON.stringify({ message: 'stream it' }),
    });
    expect(await response.text()).toBe('Echo: stream it');
    await sink.waitForSpans(9);
    const [turn] = expectSeedTraces(sink.spans(), 'sess-node-stream', 'user-123', {
      turns: 1,
      rootName: 'POST /chat/stream',
    });
    expect(BigInt(turn.root.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(turn.llm.endTimeUnixNano));
    expect(turn.llm.attributes[ENDED_AT_FLUSH]).toBeUndefined();
    expect(turn.chain.attributes['output.value']).toBe('Echo: stream it');
  });
});

describe('Hono middleware leaves responses as they were', () => {
  const traced = (exporter = collectingExporter()) => {
    const app = new Hono();
    app.use(llmObs({ exporter }));
    return defineRoutes(app);
  };

  async function snapshot(response: Response) {
    return {
      status: response.status,
      statusText: response.statusText,
      headers: [...response.headers],
      cookies: response.headers.getSetCookie(),
      chunks: await readChunks(response),
    };
  }

  it.each(['/items/7', '/stream', '/sse', '/throw', '/missing'])(
    '%s: same status, headers, cookies and chunks',
    async (path) => {
      const plain = await snapshot(await bareApp().request(path));
      const withTracing = await snapshot(await traced().request(path));
      expect(withTracing).toEqual(plain);
      if (path === '/stream') expect(plain.chunks).toEqual(STREAM_PIECES);
    },
  );

  it('over HTTP too: same status, headers and body bytes', async () => {
    const [plainServer, tracedServer] = await Promise.all([serveFetch(bareApp().fetch), serveFetch(traced().fetch)]);
    try {
      for (const path of ['/items/7', '/stream', '/throw']) {
        const [a, b] = await Promise.all([fetch(plainServer.url + path), fetch(tracedServer.url + path)]);
        const strip = (r: Response) => [...r.headers].filter(([name]) => name !== 'date');
        expect([b.status, strip(b)]).toEqual([a.status, strip(a)]);
        expect(Buffer.from(await b.arrayBuffer())).toEqual(Buffer.from(await a.arrayBuffer()));
      }
    } finally {
      await Promise.all([plainServer.close(), tracedServer.close()]);
    }
  });

  it("records the error Hono's onError handled, the route, and the stream's full duration", async () => {
    const exporter = collectingExporter();
    const app = traced(exporter);
    await (await app.request('/throw')).text();
    await (await app.request('/items/42')).text();
    const streamed = await app.request('/stream');
    await readChunks(streamed);
    await expect
      .poll(() => exporter.spans.map((s) => s.name).sort())
      .toEqual(['GET /items/:id', 'GET /stream', 'GET /throw']);
    const failed = byName(exporter.spans, 'GET /throw');
    expect(failed.status).toEqual({ code: 2, message: 'kaput' });
    expect(failed.events[0].attributes).toMatchObject({ 'exception.type': 'RangeError', 'exception.message': 'kaput' });
    expect(failed.attributes['http.response.status_code']).toBe(500);
    const item = byName(exporter.spans, 'GET /items/:id');
    expect(item.attributes).toMatchObject({ 'http.route': '/items/:id', 'url.path': '/items/42' });
    // Ordered on the spans' own clock, not timed: the root ends after the last piece was written.
    const stream = byName(exporter.spans, 'GET /stream');
    expect(spanTimeMs(stream.endTime!)).toBeGreaterThanOrEqual(streamMarks.lastPieceAt - 0.001);
  });
});

describe('Hono middleware with an ExecutionContext', () => {
  it('flushes through c.executionCtx.waitUntil', async () => {
    const exporter = collectingExporter();
    const app = new Hono();
    app.use(llmObs({ exporter }));
    app.get('/', (c) => c.text('ok'));
    const { ctx, promises, settle } = fakeExecutionContext();
    const response = await app.fetch(new Request('http://localhost/'), {}, ctx);
    expect(await response.text()).toBe('ok');
    expect(promises).toHaveLength(1);
    await settle();
    expect(exporter.spans.map((s) => s.name)).toEqual(['GET /']);
  });

  it('inside withLlmObs it reuses the Worker span, adding the route and the handled error', async () => {
    const exporter = collectingExporter();
    const inner = collectingExporter();
    const app = new Hono<{ Variables: LlmObsVariables }>();
    const seen: { fromHono: unknown; fromWorker: unknown }[] = [];
    app.use(llmObs({ exporter: inner }));
    app.get('/items/:id', (c) => {
      seen.push({ fromHono: c.get('llmobs'), fromWorker: getRequestScope(c.executionCtx) });
      throw new Error('no such item');
    });
    const worker = withLlmObs(app, { exporter });
    const { ctx, settle } = fakeExecutionContext();
    const response = await worker.fetch(new Request('http://localhost/items/9'), {}, ctx);
    expect(response.status).toBe(500);
    await settle();
    expect(inner.spans).toHaveLength(0);
    expect(exporter.spans).toHaveLength(1);
    expect(exporter.spans[0]).toMatchObject({
      name: 'GET /items/:id',
      attributes: { 'http.route': '/items/:id', 'http.response.status_code': 500 },
      status: { code: 2, message: 'no such item' },
    });
    // The handler's scope is the Worker's own request scope, not one the middleware made.
    expect(seen).toHaveLength(1);
    expect(seen[0].fromWorker).toBeTypeOf('object');
    expect(seen[0].fromHono).toBe(seen[0].fromWorker);
  });
});
