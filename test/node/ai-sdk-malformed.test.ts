// AI SDK spans with values the mapping cannot fully read (another AI SDK version, a custom
// provider, a hand-made span): each exports with what could be read, and nothing throws.
import type { Attributes } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { register } from '../../src/index.js';
import { aiSdkProcessor } from '../../src/integrations/ai-sdk/index.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { onlyFlushedSpan } from '../fixtures/flushed-spans.js';

const exporter = collectingExporter();
const obs = register({ serviceName: 'malformed', exporter, spanProcessors: [aiSdkProcessor()] });
afterAll(() => obs.shutdown());

async function flushed() {
  await obs.forceFlush();
  return exporter.spans.splice(0);
}

async function mapped(name: string, attributes: Attributes) {
  const span = obs.tracer.startSpan(name, { attributes });
  expect(() => span.end()).not.toThrow();
  const exported = await onlyFlushedSpan(obs, exporter.spans);
  exporter.spans.length = 0;
  return exported.attributes;
}

describe('malformed ai.* values', () => {
  it('non-JSON messages: kept as input.value, no messages, the rest still mapped', async () => {
    const attributes = await mapped('ai.generateText.doGenerate', {
      'ai.prompt.messages': '[{"role":"user", oops',
      'ai.model.id': 'gpt-4o-mini',
      'ai.usage.inputTokens': '12',
      'ai.usage.outputTokens': 'many',
      'ai.response.toolCalls': '{not json',
      'ai.prompt.tools': 'not a list',
    });
    expect(attributes).toMatchObject({
      'openinference.span.kind': 'LLM',
      'input.value': '[{"role":"user", oops',
      'input.mime_type': 'text/plain',
      'llm.model_name': 'gpt-4o-mini',
      'llm.token_count.prompt': 12,
      'llm.token_count.total': 12,
    });
    expect(attributes['llm.token_count.completion']).toBeUndefined();
    expect(Object.keys(attributes).some((key) => key.startsWith('llm.input_messages'))).toBe(false);
    expect(Object.keys(attributes).some((key) => key.startsWith('llm.output_messages'))).toBe(false);
    // Prompt tokens alone are priced.
    expect(attributes['llm.cost.prompt']).toBeCloseTo((12 * 0.15) / 1e6, 12);
  });

  it('messages of the wrong shapes are skipped one by one', async () => {
    const attributes = await mapped('ai.streamText.doStream', {
      'ai.prompt.messages': JSON.stringify([
        null,
        'text',
        { role: 'user', content: [{ type: 'text', text: 'kept' }, { type: 'text', text: 42 }, 7] },
        { role: 'tool', content: 'not a list' },
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 5, toolName: 'x', input: { a: 1 } }] },
      ]),
      'ai.response.toolCalls': JSON.stringify([null, { toolName: 'y', input: 3 }]),
    });
    expect(attributes).toMatchObject({
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.contents.0.message_content.text': 'kept',
      'llm.input_messages.1.message.role': 'tool',
      'llm.input_messages.2.message.tool_calls.0.tool_call.function.name': 'x',
      'llm.input_messages.2.message.tool_calls.0.tool_call.function.arguments': '{"a":1}',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'y',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '3',
    });
    expect(attributes['llm.input_messages.0.message.contents.1.message_content.text']).toBeUndefined();
    expect(attributes['llm.input_messages.2.message.tool_calls.0.tool_call.id']).toBeUndefined();
  });

  it('missing usage and model: no token counts, no cost, no model', async () => {
    const attributes = await mapped('ai.generateText.doGenerate', { 'ai.response.text': 'hi' });
    expect(attributes['output.value']).toBe('hi');
    for (const key of Object.keys(attributes)) expect(key).not.toMatch(/^llm\.(token_count|cost|model_name)/);
  });

  it('metadata of odd types: ids normalized, tags as a list, unusable ids left out', async () => {
    const attributes = await mapped('ai.generateText', {
      'ai.telemetry.metadata.sessionId': 12345,
      'ai.telemetry.metadata.userId': '   ',
      'ai.telemetry.metadata.tags': '["a", 1, "b"]',
      'ai.telemetry.metadata.nested': '{"x":1}',
    });
    expect(attributes['session.id']).toBe('12345');
    expect(attributes['user.id']).toBeUndefined();
    expect(attributes['tag.tags']).toEqual(['a', 'b']);
    expect(JSON.parse(String(attributes.metadata))).toEqual({ nested: '{"x":1}' });
  });

  it('embeddings with vectors that are not numbers keep their texts', async () => {
    const attributes = await mapped('ai.embedMany.doEmbed', {
      'ai.values': ['"a"', 'plain text', '{"k":1}'],
      'ai.embeddings': ['[1,"x"]', 'nope'],
      'ai.usage.tokens': '3',
    });
    expect(attributes).toMatchObject({
      'embedding.embeddings.0.embedding.text': 'a',
      'embedding.embeddings.1.embedding.text': 'plain text',
      'embedding.embeddings.2.embedding.text': '{"k":1}',
      'llm.token_count.prompt': 3,
    });
    expect(attributes['embedding.embeddings.0.embedding.vector']).toBeUndefined();
  });

  it('time to first chunk from the ai.stream.firstChunk event when the attribute is missing', async () => {
    const span = obs.tracer.startSpan('ai.streamText.doStream', { startTime: 1_000_000 });
    span.addEvent('ai.stream.firstChunk', {}, 1_000_042);
    span.end(1_000_100);
    const [exported] = await flushed();
    expect(exported.attributes['edge_llmobs.time_to_first_token_ms']).toBe(42);
  });

  it('spans of other libraries are left alone', async () => {
    const attributes = await mapped('ai-helper', { 'ai.prompt': 'x' });
    expect(attributes).toEqual({ 'ai.prompt': 'x' });
  });
});

describe('a processor that throws', () => {
  it('is reported, never thrown into the app; the span is still exported', async () => {
    const local = collectingExporter();
    const broken = register({
      serviceName: 'broken',
      exporter: local,
      spanProcessors: [
        {
          onStart() {
            throw new Error('start');
          },
          onEnding() {
            throw new Error('ending');
          },
        },
      ],
    });
    const span = broken.tracer.startSpan('work');
    expect(() => span.end()).not.toThrow();
    expect((await onlyFlushedSpan(broken, local.spans)).name).toBe('work');
    await broken.shutdown();
  });
});
