import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register } from '../../src/index.js';
import { type StandIn as OpenAiStandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import { type OtlpSink, startOtlpSink } from '../fixtures/otlp-sink.js';
import { runSeedRecipe } from '../fixtures/seed-recipe.js';

// The Python recipe of ../shared/reference/seed-track-sessions-and-users.txt, line for line.
describe('the seed recipe in Node', () => {
  let standIn: OpenAiStandIn;
  let sink: OtlpSink;

  beforeAll(async () => {
    [standIn, sink] = await Promise.all([startOpenAiStandIn(), startOtlpSink()]);
  });
  afterAll(async () => {
    await Promise.all([standIn.close(), sink.close()]);
  });

  it('tags both turns of a session with the session, user and metadata', async () => {
    const obs = register({ serviceName: 'chat-app', endpoint: sink.url });
    const client = new OpenAI({ apiKey: 'sk-seed-secret', baseURL: standIn.url, fetch: obs.fetch });
    const [first, second] = await runSeedRecipe(obs, client);
    const flushed = await obs.forceFlush();
    await obs.shutdown();

    expect(first).toBe("Echo: What's the weather like for hiking?");
    expect(second).toBe('Echo: And what should I pack?');
    expect(flushed).toEqual({ exported: 4, dropped: 0 });

    const spans = sink.spans();
    const chains = spans.filter((span) => span.attributes['openinference.span.kind'] === 'CHAIN');
    const llms = spans.filter((span) => span.attributes['openinference.span.kind'] === 'LLM');
    expect(chains.map((span) => span.name)).toEqual(['chat', 'chat']);
    expect(llms).toHaveLength(2);
    for (const chain of chains) {
      const children = llms.filter((llm) => llm.parentSpanId === chain.spanId);
      expect(children).toHaveLength(1);
      expect(children[0].traceId).toBe(chain.traceId);
    }
    expect(chains[0].traceId).not.toBe(chains[1].traceId);
    for (const span of spans) {
      expect(span.attributes['session.id']).toBe('sess-abc');
      expect(span.attributes['user.id']).toBe('user-123');
      expect(span.attributes.metadata).toBe('{"channel":"web"}');
      expect(span.resource['service.name']).toBe('chat-app');
    }
    expect(chains[0].attributes['input.value']).toBe("What's the weather like for hiking?");
    expect(chains[0].attributes['output.value']).toBe("Echo: What's the weather like for hiking?");
    expect(llms[0].attributes['llm.model_name']).toMatch(/^gpt-4o-mini/);
    expect(llms[0].attributes['llm.token_count.total']).toBeGreaterThan(0);
    expect(llms[0].attributes['llm.cost.total']).toBeGreaterThan(0);
    expect(sink.requests.map((request) => request.body.toString())).not.toContainEqual(
      expect.stringContaining('sk-seed-secret'),
    );
  });
});
