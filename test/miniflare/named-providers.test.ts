// `edge-llmobs/cloudflare/named` in workerd: a Worker naming OpenAI alone, bundled with esbuild the
// way wrangler does, records its OpenAI call and not its Anthropic call (which passes through; what
// the bundle holds is test/adapters/cloudflare-named-providers.test.ts's). Stand-ins and the OTLP
// sink on 127.0.0.1.
import { fileURLToPath } from 'node:url';
import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicStandIn } from '../fixtures/anthropic-stand-in.js';
import { startBundledWorker } from '../fixtures/miniflare-worker.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import { type OtlpSink, startOtlpSink } from '../fixtures/otlp-sink.js';
import type { ProviderStandIn } from '../fixtures/provider-stand-in.js';

const WORKER = fileURLToPath(new URL('../fixtures/workers/named-providers-worker.ts', import.meta.url));
const SLOW = 120_000;

let sink: OtlpSink;
let openAi: StandIn;
let anthropic: ProviderStandIn;
let mf: Miniflare;

beforeAll(async () => {
  [sink, openAi, anthropic] = await Promise.all([startOtlpSink(), startOpenAiStandIn(), startAnthropicStandIn()]);
  ({ mf } = await startBundledWorker(WORKER, {
    keepNames: true,
    compatibilityFlags: ['nodejs_compat'],
    bindings: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OPENAI_URL: openAi.url, ANTHROPIC_URL: anthropic.url },
  }));
}, SLOW);

afterAll(async () => {
  await mf?.dispose();
  await Promise.all([sink?.close(), openAi?.close(), anthropic?.close()]);
});

describe('a Worker naming OpenAI alone, in workerd', () => {
  it('records the OpenAI call under the request span and passes the Anthropic call through unrecorded', async () => {
    const response = await mf.dispatchFetch('http://worker/chat', { method: 'POST' });
    const replies = (await response.json()) as { chat: { model: string }; message: { content: unknown[] } };
    expect(replies.chat.model).toMatch(/^gpt-4o-mini/);
    expect(replies.message.content.length).toBeGreaterThan(0);
    expect(anthropic.requests).toHaveLength(1);

    // One flush after the response carries every span of the request, root included.
    await sink.waitForSpans(2);
    const spans = sink.spans();
    const root = spans.find((span) => span.name === 'POST /chat');
    expect(root).toBeDefined();
    const llm = spans.filter((span) => span.attributes['openinference.span.kind'] === 'LLM');
    expect(llm.map((span) => span.attributes['llm.system'])).toEqual(['openai']);
    expect(llm[0]).toMatchObject({
      traceId: root!.traceId,
      parentSpanId: root!.spanId,
      name: 'OpenAI Chat Completions',
    });
    expect(llm[0]!.attributes['llm.token_count.total']).toBeGreaterThan(0);
    expect(spans).toHaveLength(2);
  });
});
