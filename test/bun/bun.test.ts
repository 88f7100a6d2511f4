import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildServer, startChildServer } from '../adapters/support/child-server.js';
import { expectSeedTraces, SEED_TURNS, sendSeedTurns } from '../adapters/support/seed-turns.js';
import { bundle, ROOT, tempDir } from '../e2e/support/build.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import { type OtlpSink, startOtlpSink } from '../fixtures/otlp-sink.js';

let sink: OtlpSink;
let standIn: StandIn;
let server: ChildServer;

beforeAll(async () => {
  const dir = await tempDir('bun');
  let app: string;
  [app, sink, standIn] = await Promise.all([
    bundle(join(ROOT, 'test/bun/app.ts'), join(dir, 'app.js'), { conditions: ['bun', 'worker', 'browser', 'import'] }),
    startOtlpSink(),
    startOpenAiStandIn(),
  ]);
  server = await startChildServer(join(ROOT, 'node_modules/.bin/bun'), ['run', app], {
    OPENAI_API_KEY: 'sk-bun',
    OPENAI_BASE_URL: standIn.url,
    OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
  });
});

afterAll(async () => {
  await Promise.all([server?.stop(), sink?.close(), standIn?.close()]);
});

describe('edge-llmobs/hono under Bun 1.4 (Bun.serve)', () => {
  it("answers the seed's two turns and exports root, CHAIN and LLM spans with session, user and metadata", async () => {
    const replies = await sendSeedTurns(server.url, 'sess-bun', 'user-123');
    expect(replies).toEqual(SEED_TURNS.map((turn) => `Echo: ${turn}`));
    // The app's buffer timer is set to 10 minutes (app.ts): only the per-request flush can send them.
    await sink.waitForSpans(6, 30_000).catch((error) => {
      throw new Error(`${error.message}\n${server.output()}`);
    });
    const [first] = expectSeedTraces(sink.spans(), 'sess-bun', 'user-123');
    expect(first.root.attributes['http.route']).toBe('/chat');
  });

  it('streams a reply and exports its turn after the stream ends', async () => {
    const response = await fetch(`${server.url}/chat/stream`, {
      method: 'POST',
      headers: { 'x-session-id': 'sess-bun-stream', 'x-user-id': 'user-123' },
      body: JSON.stringify({ message: 'what to pack' }),
    });
    expect(await response.text()).toBe('Echo: what to pack');
    await expect
      .poll(() => sink.spans().filter((s) => s.attributes['session.id'] === 'sess-bun-stream').length)
      .toBe(3);
    const [turn] = expectSeedTraces(sink.spans(), 'sess-bun-stream', 'user-123', {
      turns: 1,
      rootName: 'POST /chat/stream',
    });
    expect(turn.llm.attributes['edge_llmobs.ended_at_flush']).toBeUndefined();
  });
});
