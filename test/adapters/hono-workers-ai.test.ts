// The Hono middleware traces the Workers AI binding of `c.env` by itself (here a stand-in binding:
// the real one needs Cloudflare), in the request's trace, and leaves an env without one as it is.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { llmObs } from '../../src/adapters/hono/index.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { createAiBindingStandIn } from '../fixtures/workers-ai-stand-in.js';
import { fakeExecutionContext } from './support/memory.js';

type Bindings = { AI: ReturnType<typeof createAiBindingStandIn>; DB?: { name: string } };

function appWith(exporter: ReturnType<typeof collectingExporter>) {
  const app = new Hono<{ Bindings: Bindings }>();
  app.use(llmObs({ exporter }));
  app.post('/ask', async (c) => {
    const result = (await c.env.AI.run('@cf/meta/llama-3.1-8b-instruct', { prompt: 'hono binding' })) as {
      response: string;
    };
    return c.json({ reply: result.response, db: c.env.DB?.name });
  });
  return app;
}

describe('Hono middleware and env.AI', () => {
  it('records env.AI.run as an LLM span under the request span, other bindings untouched', async () => {
    const exporter = collectingExporter();
    const binding = createAiBindingStandIn();
    const { ctx, settle } = fakeExecutionContext();
    const request = new Request('http://localhost/ask', { method: 'POST' });
    const response = await appWith(exporter).fetch(request, { AI: binding, DB: { name: 'd1' } }, ctx);
    expect(await response.json()).toEqual({ reply: 'Echo: hono binding', db: 'd1' });
    await settle();
    const llm = exporter.ofKind('LLM');
    expect(llm).toHaveLength(1);
    expect(llm[0].name).toBe('Workers AI');
    expect(llm[0].attributes['llm.output_messages.0.message.content']).toBe('Echo: hono binding');
    const root = exporter.spans.find((span) => span.parentSpanId === undefined);
    expect(llm[0].parentSpanId).toBe(root?.context.spanId);
    expect(llm[0].context.traceId).toBe(root?.context.traceId);
  });
});
