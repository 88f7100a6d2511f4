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
  const dir = await tempDir('deno');
  let app: string;
  [app, sink, standIn] = await Promise.all([
    bundle(join(ROOT, 'test/deno/app.ts'), join(dir, 'app.js'), {
      conditions: ['deno', 'worker', 'browser', 'import'],
    }),
    startOtlpSink(),
    startOpenAiStandIn(),
  ]);
  server = await startChildServer(
    join(ROOT, 'node_modules/.bin/deno'),
    ['run', '--allow-net', '--allow-env', '--no-prompt', app],
    {
      DENO_NO_UPDATE_CHECK: '1',
      OPENAI_API_KEY: 'sk-deno',
      OPENAI_BASE_URL: standIn.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
    },
  );
});

afterAll(async () => {
  await Promise.all([server?.stop(), sink?.close(), standIn?.close()]);
});

describe('edge-llmobs/deno under Deno 2 (Deno.serve)', () => {
  it("answers the seed's two turns and exports root, CHAIN and LLM spans with session, user and metadata", async () => {
    const replies = await sendSeedTurns(server.url, 'sess-deno', 'user-123');
    expect(replies).toEqual(SEED_TURNS.map((turn) => `Echo: ${turn}`));
    // The app's buffer timer is set to 10 minutes (app.ts): only the per-request flush can send them.
    await sink.waitForSpans(6, 30_000).catch((error) => {
      throw new Error(`${error.message}\n${server.output()}`);
    });
    const [first] = expectSeedTraces(sink.spans(), 'sess-deno', 'user-123');
    expect(first.root.resource['service.name']).toBe('chat-app');
  });
});
