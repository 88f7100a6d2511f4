import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { readSseEvents } from '../../src/providers/recorder/sse-reader.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';

let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

describe('OpenAI stand-in', () => {
  it('holds a stream after its first event until the test releases it', async () => {
    standIn = await startOpenAiStandIn({ streamGate: true });
    const response = await fetch(`${standIn.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        stream: true,
        messages: [{ role: 'user', content: 'one two three' }],
      }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    while (readSseEvents(received).length === 0) {
      const { value } = await reader.read();
      received += decoder.decode(value, { stream: true });
    }
    expect(await standIn.gateReached()).toBe(0);
    // The consumer holds the first event while the server has sent nothing more.
    expect(readSseEvents(received)).toHaveLength(1);
    expect(readSseEvents(standIn.sentText(0))).toHaveLength(1);
    standIn.release();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      received += decoder.decode(chunk.value, { stream: true });
    }
    const events = readSseEvents(received);
    expect(events.at(-1)).toEqual({ data: '[DONE]' });
    expect(events.length).toBeGreaterThan(3);
    expect(new TextDecoder().decode(standIn.sentBytes(0))).toBe(received);
  });

  it.each([400, 401, 429, 500])('answers status:%i with OpenAI error JSON', async (status) => {
    standIn = await startOpenAiStandIn();
    const client = new OpenAI({ baseURL: standIn.url, apiKey: 'sk-test', maxRetries: 0 });
    const call = client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: `please fail status:${status}` }],
    });
    await expect(call).rejects.toMatchObject({ status });
    const body = JSON.parse(standIn.sentText(0));
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(standIn.requests[0].status).toBe(status);
  });

  it('records the request and answers with a dated model and echoed content', async () => {
    standIn = await startOpenAiStandIn();
    const client = new OpenAI({ baseURL: standIn.url, apiKey: 'sk-test', maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi 👋' }],
    });
    expect(completion.model).toBe('gpt-4o-mini-2024-07-18');
    expect(completion.choices[0].message.content).toBe('Echo: Hi 👋');
    expect(standIn.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions' });
    expect(standIn.requests[0].headers.authorization).toBe('Bearer sk-test');
    const embeddings = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' });
    const floats = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'x',
      encoding_format: 'float',
    });
    expect(embeddings.data[0].embedding).toEqual(floats.data[0].embedding);
  });
});
