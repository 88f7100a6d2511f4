// The Vercel AI SDK (ai 6, @ai-sdk/openai) inside workerd (vitest-pool-workers, nodejs_compat): its
// telemetry on the global tracer that register() installs, mapped by aiSdkProcessor(), exported to
// an OTLP sink. Plain, streamed and a tool loop; one LLM span per provider call although the
// provider's fetch is the traced one.
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, stepCountIs, streamText } from 'ai';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LlmObs, register, usingSession } from '../../src/index.js';
import { aiSdkProcessor } from '../../src/integrations/ai-sdk/index.js';
import { lookUp } from '../fixtures/ai-sdk-turns.js';
import { type LabSink, openSink, openStandIn, type ReceivedSpan } from './lab.js';

let sink: LabSink;
let obs: LlmObs;
let openai: ReturnType<typeof createOpenAI>;

beforeAll(async () => {
  sink = await openSink();
  obs = register({ serviceName: 'ai-sdk-workerd', endpoint: sink.url, spanProcessors: [aiSdkProcessor()] });
  const standIn = await openStandIn();
  openai = createOpenAI({ baseURL: standIn.url, apiKey: 'sk-test', fetch: obs.fetch });
});

const telemetry = { isEnabled: true };
const kind = (span: ReceivedSpan) => span.attributes['openinference.span.kind'];

async function sessionSpans(sessionId: string): Promise<ReceivedSpan[]> {
  await obs.forceFlush();
  return (await sink.spans()).filter((span) => span.attributes['session.id'] === sessionId);
}

describe('the AI SDK in workerd', () => {
  it('a plain call: CHAIN over one LLM span, with session, tokens and cost', async () => {
    const { text } = await usingSession('sess-wd-plain', () =>
      generateText({ model: openai('gpt-4o-mini'), prompt: 'Hello', experimental_telemetry: telemetry }),
    );
    expect(text).toBe('Echo: Hello');
    const spans = await sessionSpans('sess-wd-plain');
    expect(spans.map(kind).sort()).toEqual(['CHAIN', 'LLM']);
    const llm = spans.find((span) => kind(span) === 'LLM');
    expect(llm?.parentSpanId).toBe(spans.find((span) => kind(span) === 'CHAIN')?.spanId);
    expect(llm?.attributes['llm.provider']).toBe('openai');
    expect(llm?.attributes['llm.cost.total']).toBeGreaterThan(0);
  });

  it('a streamed tool loop: AGENT, two LLM spans, one TOOL span', async () => {
    const result = usingSession('sess-wd-tools', () =>
      streamText({
        model: openai('gpt-4o-mini'),
        prompt: 'Define edge',
        tools: { lookUp },
        stopWhen: stepCountIs(3),
        experimental_telemetry: telemetry,
      }),
    );
    expect(await result.text).toContain('Echo:');
    await expect
      .poll(async () => (await sessionSpans('sess-wd-tools')).map(kind).sort())
      .toEqual(['AGENT', 'LLM', 'LLM', 'TOOL']);
    const llms = (await sessionSpans('sess-wd-tools')).filter((span) => kind(span) === 'LLM');
    for (const llm of llms) expect(llm.attributes['edge_llmobs.time_to_first_token_ms']).toBeGreaterThanOrEqual(0);
  });
});
