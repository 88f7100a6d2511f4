import { join } from 'node:path';
import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSeedTraces, SEED_TURNS } from '../adapters/support/seed-turns.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import { type OtlpSink, occurrences, startOtlpSink } from '../fixtures/otlp-sink.js';
import { settlesSoon } from '../fixtures/poll-until.js';
import { buildWithWrangler, tempDir, writeNoFlagConfig } from './support/build.js';
import { startWorkerd } from './support/workerd.js';

// The example Worker, built by wrangler exactly as `npx wrangler deploy --dry-run` builds it, run in
// workerd with the root wrangler.toml's nodejs_compat, and built again and run with no flag at all.
const HISTORY_SPANS = ['ChatHistory.turns', 'ChatHistory.append'];
let sink: OtlpSink;
let standIn: StandIn;
const builds: Record<string, string> = {};

beforeAll(async () => {
  const dir = await tempDir('example');
  const [compat, noFlag] = await Promise.all([
    buildWithWrangler(join(dir, 'compat')),
    writeNoFlagConfig(dir).then((config) => buildWithWrangler(join(dir, 'noflag'), config)),
    startOtlpSink().then((s) => {
      sink = s;
    }),
    // Streams are held after their second event (the role, then "Echo: "), until the test releases them.
    startOpenAiStandIn({ streamGate: 2 }).then((s) => {
      standIn = s;
    }),
  ]);
  builds.compat = compat;
  builds.noFlag = noFlag;
});

afterAll(async () => {
  await Promise.all([sink?.close(), standIn?.close()]);
});

describe.each([
  { name: 'nodejs_compat (AsyncLocalStorage)', build: 'compat', flags: ['nodejs_compat'] },
  { name: 'no compatibility flag (request scope)', build: 'noFlag', flags: [] },
])('example Worker in workerd, $name', ({ build, flags }) => {
  let worker: Miniflare;
  const session = `sess-abc-${build}`;

  beforeAll(async () => {
    worker = startWorkerd(
      builds[build],
      flags,
      { OPENAI_API_KEY: 'sk-stand-in', OPENAI_BASE_URL: standIn.url, OTEL_EXPORTER_OTLP_ENDPOINT: sink.url },
      { CHAT_HISTORY: 'ChatHistory' },
    );
    await worker.ready;
  });

  afterAll(async () => {
    await worker?.dispose();
  });

  const post = (path: string, message: string, sessionId = session) =>
    worker.dispatchFetch(`http://localhost${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-session-id': sessionId,
        'x-user-id': 'user-123',
        'accept-encoding': 'identity',
      },
      body: JSON.stringify({ message }),
    });

  it("answers the seed's two turns and exports root, CHAIN and LLM spans with session, user and metadata", async () => {
    for (const message of SEED_TURNS) {
      const response = await post('/chat', message);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ reply: `Echo: ${message}` });
    }
    // Per turn: the request, chat, the LLM call, and the session's Durable Object read and written.
    await expect.poll(() => sink.spans().filter((s) => s.attributes['session.id'] === session).length).toBe(10);
    const [first, second] = expectSeedTraces(sink.spans(), session, 'user-123', { besideChat: HISTORY_SPANS });
    expect(first.chain.attributes['input.value']).toBe(SEED_TURNS[0]);
    expect(second.chain.attributes['output.value']).toBe(`Echo: ${SEED_TURNS[1]}`);
    expect(first.llm.attributes['llm.model_name']).toMatch(/^gpt-4o-mini/);
    expect(first.root.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.path': '/chat',
      'http.response.status_code': 200,
    });
    expect(first.root.resource['service.name']).toBe('chat-app');
    // The Durable Object's spans are children of the turn's root span, with the object named by session.
    expect(first.beside['ChatHistory.append'].attributes['cloudflare.durable_object.name']).toBe(session);
    // The model saw the first turn before the second message.
    expect(second.llm.attributes).toMatchObject({
      'llm.input_messages.0.message.content': SEED_TURNS[0],
      'llm.input_messages.1.message.content': `Echo: ${SEED_TURNS[0]}`,
      'llm.input_messages.2.message.content': SEED_TURNS[1],
    });
    expect(first.llm.attributes['llm.input_messages.1.message.content']).toBeUndefined();
    // The API key is a binding the tracer can see; it must not appear in anything exported (bodies
    // decoded: the exporter gzips large ones, and a key would not show in compressed bytes).
    const bodies = sink.bodies();
    expect(bodies.join('\n')).toContain(`"${session}"`);
    expect(occurrences(bodies, 'sk-stand-in')).toEqual([]);
  });

  it('answers POST /chat/ai on the AI SDK: request span, its CHAIN and one LLM span, with session and user', async () => {
    const sessionId = `${session}-ai`;
    const response = await post('/chat/ai', 'Is it sunny?', sessionId);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ reply: 'Echo: Is it sunny?' });
    // Three spans, not four: the fetch layer records no second LLM span for the AI SDK's call.
    await expect.poll(() => sink.spans().filter((s) => s.attributes['session.id'] === sessionId).length).toBe(3);
    const spans = sink.spans().filter((s) => s.attributes['session.id'] === sessionId);
    const root = spans.find((s) => s.name === 'POST /chat/ai');
    const chain = spans.find((s) => s.name === 'ai.generateText');
    const llm = spans.find((s) => s.name === 'ai.generateText.doGenerate');
    expect(chain?.parentSpanId).toBe(root?.spanId);
    expect(llm?.parentSpanId).toBe(chain?.spanId);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    for (const span of spans) expect(span.attributes['user.id']).toBe('user-123');
    expect(chain?.attributes['openinference.span.kind']).toBe('CHAIN');
    expect(llm?.attributes).toMatchObject({
      'openinference.span.kind': 'LLM',
      'llm.provider': 'openai',
      'llm.output_messages.0.message.content': 'Echo: Is it sunny?',
    });
    expect(llm?.attributes['llm.token_count.total']).toBeGreaterThan(0);
  });

  it('streams /chat/stream piece by piece and exports the turn once the stream is done', async () => {
    const sessionId = `${session}-stream`;
    const response = await post('/chat/stream', 'pack light layers', sessionId);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    // The first piece reaches the client while the stand-in still holds every later one: the Worker
    // (and the tracer inside it) passed it on at once instead of waiting for the whole reply.
    const held = await standIn.gateReached();
    const first = await settlesSoon(reader.read(), 'the first piece, while the rest is held');
    expect(decoder.decode(first.value)).toBe('Echo: ');
    expect(standIn.sentText(held)).not.toContain('pack');
    standIn.release();
    let rest = '';
    for (let next = await reader.read(); !next.done; next = await reader.read()) rest += decoder.decode(next.value);
    expect(rest).toBe('pack light layers');
    await expect.poll(() => sink.spans().filter((s) => s.attributes['session.id'] === sessionId).length).toBe(5);
    const [turn] = expectSeedTraces(sink.spans(), sessionId, 'user-123', {
      turns: 1,
      rootName: 'POST /chat/stream',
      besideChat: HISTORY_SPANS,
    });
    expect(turn.llm.attributes['edge_llmobs.ended_at_flush']).toBeUndefined();
    expect(turn.chain.attributes['output.value']).toBe('Echo: pack light layers');
    expect(BigInt(turn.root.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(turn.llm.endTimeUnixNano));
  });

  it("exports ERROR spans when the model call fails, and answers with Hono's error response", async () => {
    const sessionId = `${session}-error`;
    const response = await post('/chat', 'status:400 please fail', sessionId);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('Internal Server Error');
    // The history is read, the model call fails, nothing is appended.
    await expect.poll(() => sink.spans().filter((s) => s.attributes['session.id'] === sessionId).length).toBe(4);
    const spans = sink.spans().filter((s) => s.attributes['session.id'] === sessionId);
    const byKind = (name: string) => spans.find((s) => s.name === name)!;
    expect(byKind('POST /chat').status.code).toBe(2);
    expect(byKind('chat').status.code).toBe(2);
    expect(byKind('chat').events.map((e) => e.name)).toContain('exception');
    expect(spans.find((s) => s.attributes['openinference.span.kind'] === 'LLM')?.status.code).toBe(2);
  });
});
