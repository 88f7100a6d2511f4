// @anthropic-ai/sdk 1.14 reports its calls through the OpenTelemetry API itself
// (`anthropic.messages.create`, GenAI conventions). With the globals register() installs, that span
// is recorded too: under the session, the parent of the fetch-level LLM span, and of no
// OpenInference kind, so a backend still counts one LLM span for the call.
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LlmObs, register, usingSession } from '../../src/index.js';
import { startAnthropicStandIn } from '../fixtures/anthropic-stand-in.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import type { ProviderStandIn } from '../fixtures/provider-stand-in.js';

const exporter = collectingExporter();
let obs: LlmObs;
let standIn: ProviderStandIn;

beforeAll(async () => {
  obs = register({ serviceName: 'anthropic-otel', exporter, autoInstrument: true });
  standIn = await startAnthropicStandIn();
});

afterAll(async () => {
  await obs.shutdown();
  await standIn.close();
});

describe("the Anthropic SDK's own OpenTelemetry span", () => {
  it('is recorded with the session, as the parent of the one LLM span', async () => {
    const client = new Anthropic({ apiKey: 'sk-ant-otel', baseURL: standIn.url, maxRetries: 0 });
    await usingSession('sess-anthropic-otel', () =>
      client.messages.create({
        model: 'claude-sonnet-4-6',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    );
    await obs.forceFlush();
    const sdkSpan = exporter.spans.find((span) => span.name === 'anthropic.messages.create');
    const llm = exporter.spans.filter((span) => span.attributes['openinference.span.kind'] === 'LLM');
    expect(llm.map((span) => span.name)).toEqual(['Anthropic Messages']);
    expect(sdkSpan?.instrumentationScope?.name).toBe('com.anthropic.sdk.typescript');
    expect(sdkSpan?.attributes['openinference.span.kind']).toBeUndefined();
    expect(llm[0].parentSpanId).toBe(sdkSpan?.context.spanId);
    for (const span of exporter.spans) expect(span.attributes['session.id']).toBe('sess-anthropic-otel');
  });
});
