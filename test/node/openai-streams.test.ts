import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatRequestAttributes } from '../../src/providers/openai/chat-attributes.js';
import { createChatStreamAccumulator } from '../../src/providers/openai/chat-stream.js';
import { decodeFloat32Base64 } from '../../src/providers/openai/float32-base64.js';
import { responseAttributes } from '../../src/providers/openai/operation-attributes.js';
import { OpenAiStreamRecorder } from '../../src/providers/openai/stream-recorder.js';
import { genAiAttributes } from '../../src/providers/recorder/gen-ai-attributes.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startOpenAiStandIn();
});
afterAll(() => standIn.close());

/** Posts to the stand-in and returns the raw response bytes. */
async function post(path: string, body: unknown): Promise<Uint8Array> {
  const response = await fetch(`${standIn.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
  return new Uint8Array(await response.arrayBuffer());
}

function record(operation: 'chat' | 'responses' | 'completions', bytes: Uint8Array, upTo = bytes.length) {
  const recorder = new OpenAiStreamRecorder(operation);
  const firsts: number[] = [];
  for (let i = 0; i < upTo; i += 16) if (recorder.push(bytes.subarray(i, Math.min(i + 16, upTo)))) firsts.push(i);
  recorder.end();
  return { recorder, firsts };
}

describe('stream recording', () => {
  it('accumulates a streamed legacy completion with usage (Arize never ends that span)', async () => {
    const bytes = await post('/completions', {
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'Say 你好',
      stream: true,
      stream_options: { include_usage: true },
    });
    const { recorder, firsts } = record('completions', bytes);
    expect(firsts).toHaveLength(1);
    expect(recorder.attributes()).toMatchObject({
      'llm.model_name': 'gpt-3.5-turbo-instruct',
      'output.value': 'Echo: Say 你好',
      'output.mime_type': 'text/plain',
      'llm.finish_reason': 'stop',
      'llm.token_count.prompt': 2,
      'llm.token_count.completion': 3,
      'llm.token_count.total': 5,
    });
  });

  it('reports a chat stream that fails midway, keeping what arrived', async () => {
    const bytes = await post('/chat/completions', {
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'fail:stream now' }],
    });
    const { recorder } = record('chat', bytes);
    expect(recorder.error).toMatch(/server had an error/);
    expect(recorder.attributes()['output.value']).toBe('Echo: ');
  });

  it('reports response.failed and assembles the output of a cut-off responses stream', async () => {
    const failed = record(
      'responses',
      await post('/responses', { model: 'gpt-4.1', stream: true, input: 'fail:stream' }),
    );
    expect(failed.recorder.error).toMatch(/server had an error/);
    expect(failed.recorder.attributes()['llm.model_name']).toBe('gpt-4.1-2025-04-14');

    const bytes = await post('/responses', { model: 'gpt-4.1', stream: true, input: 'alpha beta gamma delta' });
    const text = new TextDecoder().decode(bytes);
    const cut = new TextEncoder().encode(text.slice(0, text.indexOf('event: response.output_text.done'))).length;
    const partial = record('responses', bytes, cut);
    expect(partial.recorder.error).toBeUndefined();
    expect(partial.firsts).toHaveLength(1);
    expect(partial.recorder.attributes()).toMatchObject({
      'llm.model_name': 'gpt-4.1-2025-04-14',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.contents.0.message_content.text': 'Echo: alpha beta gamma delta',
    });

    const tools = [{ type: 'function', name: 'lookup', parameters: { type: 'object' } }];
    const toolBytes = await post('/responses', { model: 'gpt-4.1', stream: true, input: 'find x', tools });
    const toolText = new TextDecoder().decode(toolBytes);
    const toolCut = new TextEncoder().encode(
      toolText.slice(0, toolText.indexOf('event: response.function_call_arguments.done')),
    ).length;
    const toolPartial = record('responses', toolBytes, toolCut).recorder.attributes();
    expect(toolPartial['llm.output_messages.0.message.tool_calls.0.tool_call.function.name']).toBe('lookup');
    expect(
      JSON.parse(String(toolPartial['llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments'])),
    ).toEqual({
      query: 'find x',
    });
  });

  it('records only the first choice of an n > 1 stream and ignores non-objects', () => {
    const accumulator = createChatStreamAccumulator();
    expect(accumulator.add('garbage')).toBe(false);
    expect(accumulator.add({ choices: [{ index: 1, delta: { content: 'other' } }] })).toBe(false);
    expect(accumulator.add({ choices: [{ index: 0, delta: { content: 'mine' } }] })).toBe(true);
    expect(accumulator.add({ choices: [{ index: 0, delta: { content: '!' }, finish_reason: 'length' }] })).toBe(false);
    expect(accumulator.attributes()).toMatchObject({ 'output.value': 'mine!', 'llm.finish_reason': 'length' });
  });

  it('assembles streamed tool calls by their index, whatever order their deltas come in', () => {
    const accumulator = createChatStreamAccumulator();
    const delta = (toolCall: Record<string, unknown>) => ({
      choices: [{ index: 0, delta: { tool_calls: [toolCall] } }],
    });
    accumulator.add(
      delta({ index: 1, id: 'call_b', type: 'function', function: { name: 'second', arguments: '{"b"' } }),
    );
    accumulator.add(delta({ index: 0, id: 'call_a', type: 'function', function: { name: 'first', arguments: '{}' } }));
    accumulator.add(delta({ index: 1, function: { arguments: ':2}' } }));
    const attributes = accumulator.attributes();
    const call = 'llm.output_messages.0.message.tool_calls';
    expect(attributes).toMatchObject({
      [`${call}.0.tool_call.id`]: 'call_a',
      [`${call}.0.tool_call.function.name`]: 'first',
      [`${call}.1.tool_call.id`]: 'call_b',
      [`${call}.1.tool_call.function.arguments`]: '{"b":2}',
    });
    expect(JSON.parse(attributes['output.value'] as string).tool_calls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'first', arguments: '{}' } },
      { id: 'call_b', type: 'function', function: { name: 'second', arguments: '{"b":2}' } },
    ]);
  });
});

describe('embeddings vectors and GenAI mapping', () => {
  it('decodes little-endian float32 base64 and rejects what is not', () => {
    expect(decodeFloat32Base64('AACAPwAAAMA=')).toEqual([1, -2]);
    expect(decodeFloat32Base64('not base64!')).toBeUndefined();
    expect(decodeFloat32Base64('AACA')).toBeUndefined();
    const attributes = responseAttributes('embeddings', {
      model: 'text-embedding-3-small',
      data: [{ index: 0, embedding: 'AACAPwAAAMA=' }],
      usage: { prompt_tokens: 3, total_tokens: 3 },
    });
    expect(attributes['embedding.embeddings.0.embedding.vector']).toEqual([1, -2]);
  });

  it('maps OpenInference attributes to GenAI semantic conventions', () => {
    const request = {
      model: 'gpt-4o-mini',
      temperature: 0.5,
      max_completion_tokens: 100,
      stop: 'END',
      n: 1,
      stream: false,
      messages: [{ role: 'user', content: 'Hi' }],
    };
    const openInference = {
      'llm.provider': 'azure',
      'session.id': 'session-1',
      ...chatRequestAttributes(request),
      ...responseAttributes('chat', {
        model: 'gpt-4o-mini-2024-07-18',
        choices: [{ index: 0, message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7, prompt_tokens_details: { cached_tokens: 1 } },
      }),
    };
    const expected = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'azure.ai.openai',
      'gen_ai.system': 'azure.ai.openai',
      'gen_ai.conversation.id': 'session-1',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0.5,
      'gen_ai.request.max_tokens': 100,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.request.stream': false,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 5,
      'gen_ai.usage.output_tokens': 2,
      'gen_ai.usage.cache_read.input_tokens': 1,
    };
    expect(genAiAttributes(openInference, 'chat', request)).toEqual(expected);
    // Without the body, the request parameters come back from llm.invocation_parameters.
    expect(genAiAttributes(openInference, 'chat')).toEqual(expected);
    // Before any response, no response model is claimed; an unknown host speaks the openai protocol.
    const requestOnly = genAiAttributes(chatRequestAttributes(request), 'chat');
    expect(requestOnly['gen_ai.response.model']).toBeUndefined();
    expect(requestOnly['gen_ai.provider.name']).toBe('openai');
    expect(genAiAttributes({}, 'completions')['gen_ai.operation.name']).toBe('text_completion');
  });
});
