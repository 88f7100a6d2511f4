// A Worker for workerd (no compatibility flag) whose collector is down: each request carries a
// 100 KB prompt, which the Worker sends to the OpenAI stand-in through the openai SDK and the request
// scope's traced fetch, answering with the stand-in's bytes; spans are flushed in ctx.waitUntil.
// `/stats` reports what the span buffer holds; `/shutdown` sends what is left (the collector is back
// by then). test/miniflare/byte-budget.test.ts bundles it with esbuild and runs it in Miniflare.
import OpenAI from 'openai';
import { type LlmObs, register } from '../../src/index.js';

interface Env {
  readonly [binding: string]: unknown;
  OTEL_EXPORTER_OTLP_ENDPOINT: string;
  /** The OpenAI stand-in's base URL (ends in /v1). */
  STAND_IN_URL: string;
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

let obs: LlmObs | undefined;

function stats(instance: LlmObs) {
  const buffer = instance.buffer;
  return {
    size: buffer.size,
    queuedBytes: buffer.queuedBytes,
    inFlightBytes: buffer.inFlightBytes,
    degradedSpans: buffer.degradedSpans,
    droppedSpans: buffer.droppedSpans,
    exportedSpans: buffer.exportedSpans,
  };
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    obs ??= register({ serviceName: 'byte-budget-worker', env, exportTimeoutMs: 2000, attemptTimeoutMs: 500 });
    const path = new URL(request.url).pathname;
    if (path === '/stats') return Response.json(stats(obs));
    if (path === '/shutdown') {
      await obs.shutdown();
      return Response.json(stats(obs));
    }
    const { session, user, prompt } = (await request.json()) as { session: string; user: string; prompt: string };
    const llm = obs.scope();
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: env.STAND_IN_URL, fetch: llm.fetch, maxRetries: 0 });
    const body = await llm.usingSession(session, () =>
      llm.usingUser(user, async () => {
        const response = await client.chat.completions
          .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] })
          .asResponse();
        return response.text();
      }),
    );
    ctx.waitUntil(obs.forceFlush());
    return new Response(body, { headers: { 'content-type': 'application/json' } });
  },
};
