import { join } from 'node:path';
import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import { type OtlpSink, startOtlpSink } from '../fixtures/otlp-sink.js';
import { buildWithWrangler, tempDir, writeNoFlagConfig } from './support/build.js';
import { startWorkerd } from './support/workerd.js';

// POST /chat/ai of the example Worker: the Vercel AI SDK (ai 6, @ai-sdk/openai) inside workerd,
// built by wrangler, with nodejs_compat and with no flag. One trace per turn: the request span, the
// AI SDK's CHAIN and its one LLM span, every span with the session and user from the headers.
let sink: OtlpSink;
let standIn: StandIn;
const builds: Record<string, string> = {};

beforeAll(async () => {
  const dir = await tempDir('example-ai');
  const [compat, noFlag] = await Promise.all([
    buildWithWrangler(join(dir, 'compat')),
    writeNoFlagConfig(dir).then((config) => buildWithWrangler(join(dir, 'noflag'), config)),
    startOtlpSink().then((s) => {
      sink = s;
    }),
    startOpenAiStandIn().then((s) => {
      standIn = s;
    }),
  ]);
  builds.compat = compat;
  builds.noFlag = noFlag;
}, 120_000);

afterAll(async () => {
  await Promise.all([sink?.close(), standIn?.close()]);
});

describe.each([
  { build: 'compat', flags: ['nodejs_compat'] },
  { build: 'noFlag', flags: [] },
])('POST /chat/ai in workerd ($build)', ({ build, flags }) => {
  let worker: Miniflare;

  beforeAll(async () => {
    worker = startWorkerd(builds[build], flags, {
      OPENAI_API_KEY: 'sk-stand-in',
      OPENAI_BASE_URL: standIn.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
    });
    await worker.ready;
  });

  afterAll(async () => {
    await worker?.dispose();
  });

  it('answers and exports request, CHAIN and one LLM span with session and user', async () => {
    const sessionId = `sess-ai-${build}`;
    const response = await worker.dispatchFetch('http://localhost/chat/ai', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-session-id': sessionId, 'x-user-id': 'user-ai' },
      body: JSON.stringify({ message: 'Is it sunny?' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ reply: 'Echo: Is it sunny?' });
    await expect.poll(() => sink.spans().filter((s) => s.attributes['session.id'] === sessionId).length).toBe(3);
    const spans = sink.spans().filter((s) => s.attributes['session.id'] === sessionId);
    const root = spans.find((s) => s.name === 'POST /chat/ai');
    const chain = spans.find((s) => s.name === 'ai.generateText');
    const llm = spans.find((s) => s.name === 'ai.generateText.doGenerate');
    expect(chain?.parentSpanId).toBe(root?.spanId);
    expect(llm?.parentSpanId).toBe(chain?.spanId);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    for (const span of spans) expect(span.attributes['user.id']).toBe('user-ai');
    expect(chain?.attributes['openinference.span.kind']).toBe('CHAIN');
    expect(llm?.attributes).toMatchObject({
      'openinference.span.kind': 'LLM',
      'llm.provider': 'openai',
      'llm.output_messages.0.message.content': 'Echo: Is it sunny?',
    });
    expect(llm?.attributes['llm.token_count.total']).toBeGreaterThan(0);
    expect(sink.requests.some((r) => r.body.toString('utf8').includes('sk-stand-in'))).toBe(false);
  });
});
