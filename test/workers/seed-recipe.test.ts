// The seed recipe ("Track sessions & users") in TypeScript, inside workerd with nodejs_compat: two
// chat turns in one session, traced through the official openai SDK, flushed to a local OTLP sink.
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { register } from '../../src/index.js';
import { runSeedRecipe } from '../fixtures/seed-recipe.js';
import { openSink, openStandIn, type ReceivedSpan } from './lab.js';

describe('the seed recipe inside workerd', () => {
  let spans: ReceivedSpan[];
  let replies: (string | null)[];
  let contextFollowsAwait: boolean;

  beforeAll(async () => {
    const sink = await openSink();
    const standIn = await openStandIn();

    const obs = register({ serviceName: 'chat-app', endpoint: sink.url });
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: standIn.url, fetch: obs.fetch });
    replies = await runSeedRecipe(obs, client);
    await obs.forceFlush();

    contextFollowsAwait = obs.contextFollowsAwait;
    spans = await sink.spans();
  });

  const chatSpans = () => spans.filter((span) => span.name === 'chat');
  const llmSpans = () => spans.filter((span) => span.attributes['openinference.span.kind'] === 'LLM');

  it('runs where context follows await (nodejs_compat gives AsyncLocalStorage)', () => {
    expect(navigator.userAgent).toBe('Cloudflare-Workers');
    expect(contextFollowsAwait).toBe(true);
  });

  it('answers both turns through the stand-in', () => {
    expect(replies).toEqual(["Echo: What's the weather like for hiking?", 'Echo: And what should I pack?']);
  });

  it('records two CHAIN spans named chat, with the message in and the reply out', () => {
    expect(chatSpans()).toHaveLength(2);
    for (const span of chatSpans()) expect(span.attributes['openinference.span.kind']).toBe('CHAIN');
    expect(chatSpans().map((span) => [span.attributes['input.value'], span.attributes['output.value']])).toEqual([
      ["What's the weather like for hiking?", "Echo: What's the weather like for hiking?"],
      ['And what should I pack?', 'Echo: And what should I pack?'],
    ]);
  });

  it('puts each turn in its own trace', () => {
    const [first, second] = chatSpans();
    expect(first.traceId).not.toBe(second.traceId);
    for (const span of chatSpans()) expect(span.parentSpanId ?? '').toBe('');
  });

  it('makes each chat span the parent of one LLM span', () => {
    expect(llmSpans()).toHaveLength(2);
    for (const chat of chatSpans()) {
      const children = spans.filter((span) => span.parentSpanId === chat.spanId);
      expect(children).toHaveLength(1);
      expect(children[0].attributes['openinference.span.kind']).toBe('LLM');
      expect(children[0].traceId).toBe(chat.traceId);
    }
  });

  it('tags every span with the session, the user and the metadata', () => {
    expect(spans.length).toBeGreaterThanOrEqual(2);
    for (const span of spans) {
      expect(span.attributes).toMatchObject({
        'session.id': 'sess-abc',
        'user.id': 'user-123',
        metadata: '{"channel":"web"}',
      });
    }
  });

  it('names the service on the resource', () => {
    for (const span of spans) expect(span.resource['service.name']).toBe('chat-app');
  });
});
