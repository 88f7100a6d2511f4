import { AsyncLocalStorage } from 'node:async_hooks';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EdgeRuntime } from 'edge-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSeedTraces, SEED_TURNS } from '../adapters/support/seed-turns.js';
import { bundle, ROOT, tempDir } from '../e2e/support/build.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import { type OtlpSink, startOtlpSink } from '../fixtures/otlp-sink.js';

let sink: OtlpSink;
let standIn: StandIn;
let code: string;

beforeAll(async () => {
  const dir = await tempDir('edge');
  let script: string;
  [script, sink, standIn] = await Promise.all([
    bundle(join(ROOT, 'test/edge/handler.ts'), join(dir, 'handler.js'), {
      conditions: ['edge-light', 'worker', 'browser', 'import'],
      format: 'iife',
    }),
    startOtlpSink(),
    startOpenAiStandIn(),
  ]);
  code = await readFile(script, 'utf8');
});

afterAll(async () => {
  await Promise.all([sink?.close(), standIn?.close()]);
});

describe.each([
  { name: 'with AsyncLocalStorage injected (as Vercel provides it)', als: true },
  { name: 'with neither AsyncLocalStorage nor CompressionStream', als: false },
])('edge-llmobs/vercel in the edge-runtime sandbox, $name', ({ als }) => {
  let runtime: EdgeRuntime;
  const session = `sess-edge-${als ? 'als' : 'none'}`;

  beforeAll(() => {
    runtime = new EdgeRuntime({
      initialCode: code,
      extend: (context) => {
        const env = { OPENAI_API_KEY: 'sk-edge', OPENAI_BASE_URL: standIn.url, OTEL_EXPORTER_OTLP_ENDPOINT: sink.url };
        Object.assign(context, { process: { env } });
        if (als) Object.assign(context, { AsyncLocalStorage });
        return context;
      },
    });
    expect(runtime.evaluate('typeof CompressionStream')).toBe('undefined');
    expect(runtime.evaluate('typeof AsyncLocalStorage')).toBe(als ? 'function' : 'undefined');
  });

  async function turn(path: string, message: string, sessionId: string, via?: string) {
    const response = await runtime.dispatchFetch(`http://localhost${path}`, {
      method: 'POST',
      headers: { 'x-session-id': sessionId, 'x-user-id': 'user-123', ...(via ? { 'x-wait-until-via': via } : {}) },
      body: JSON.stringify({ message }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { reply: string };
    // The flush is one of the event's waitUntil promises: once they settle, the spans are there.
    await response.waitUntil();
    return body.reply;
  }

  it("answers the seed's two turns and exports root, CHAIN and LLM spans, flushed in context.waitUntil", async () => {
    for (const message of SEED_TURNS) expect(await turn('/chat', message, session)).toBe(`Echo: ${message}`);
    expectSeedTraces(sink.spans(), session, 'user-123');
  });

  it("flushes through the Vercel request context's waitUntil when the handler gets no context", async () => {
    const sessionId = `${session}-request-context`;
    await turn('/chat', SEED_TURNS[0], sessionId, 'request-context');
    expectSeedTraces(sink.spans(), sessionId, 'user-123', { turns: 1 });
  });

  it.runIf(als)('lets the ambient API (instrumentFetch) find its parent across await', async () => {
    const sessionId = `${session}-ambient`;
    await turn('/chat/ambient', SEED_TURNS[1], sessionId);
    expectSeedTraces(sink.spans(), sessionId, 'user-123', { turns: 1, rootName: 'POST /chat/ambient' });
  });

  it.runIf(!als)('shows why the scope exists: without AsyncLocalStorage the ambient API loses its parent', async () => {
    const sessionId = `${session}-ambient`;
    await turn('/chat/ambient', SEED_TURNS[1], sessionId);
    const chain = sink.spans().find((s) => s.attributes['session.id'] === sessionId && s.name === 'chat');
    // The LLM span started after the SDK's awaits, in an empty context: its own trace, no session.
    const orphans = sink
      .spans()
      .filter((s) => s.attributes['openinference.span.kind'] === 'LLM' && s.attributes['session.id'] === undefined);
    expect(chain).toBeDefined();
    expect(orphans).toHaveLength(1);
    expect(orphans[0].traceId).not.toBe(chain!.traceId);
    expect(orphans[0].parentSpanId ?? '').toBe('');
  });
});
