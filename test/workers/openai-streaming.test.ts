// Streamed chat completions through the official openai SDK and obs.fetch, inside workerd: the
// consumer gets exactly the bytes the server sent, no chunk is read ahead, and the LLM span holds
// the assembled output and the token usage of the final chunk; a consumer that cancels closes the
// connection to the server.
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LlmObs, register, usingSession } from '../../src/index.js';
import { concat } from '../fixtures/bytes.js';
import type { StandInOptions } from '../fixtures/openai-stand-in.js';
import { pollUntil } from '../fixtures/poll-until.js';
import { type LabSink, openSink, openStandIn, type ReceivedSpan } from './lab.js';

let sink: LabSink;
let obs: LlmObs;

beforeAll(async () => {
  sink = await openSink();
  obs = register({ serviceName: 'openai-streaming', endpoint: sink.url });
});

async function readAll(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) chunks.push(chunk.value);
  return concat(chunks);
}

/** Flushes, then returns the spans of the call whose last user message was `content`, and their parents. */
async function spansFor(content: string): Promise<{ llm: ReceivedSpan; all: ReceivedSpan[] }> {
  await obs.forceFlush();
  const all = await sink.spans();
  const llm = all.filter((span) => span.attributes['llm.input_messages.0.message.content'] === content);
  expect(llm).toHaveLength(1);
  return { llm: llm[0], all };
}

const clientFor = (baseURL: string) => new OpenAI({ apiKey: 'sk-test', baseURL, maxRetries: 0, fetch: obs.fetch });

describe.each<StandInOptions>([
  { lineEnding: '\n' },
  { lineEnding: '\r\n' },
  { lineEnding: '\n', keepAliveComments: true },
  { lineEnding: '\r\n', keepAliveComments: true },
])('a streamed chat completion framed with %o', (framing) => {
  it('reaches the consumer byte for byte as the stand-in sent it', async () => {
    const standIn = await openStandIn(framing);
    const content = `Bytes 世界 🎉 intact ${JSON.stringify(framing)}`;
    const response = await clientFor(standIn.url)
      .chat.completions.create({
        model: 'gpt-4o-mini',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content }],
      })
      .asResponse();
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const received = await readAll(response.body!);
    expect(received).toEqual(await standIn.sentBytes(0));

    const { llm } = await spansFor(content);
    expect(llm.attributes).toMatchObject({
      'openinference.span.kind': 'LLM',
      'output.value': `Echo: ${content}`,
      'llm.finish_reason': 'stop',
    });
  });
});

describe('a streamed chat completion read through the SDK', () => {
  const content = 'What should I pack for a rainy hike?';
  let assembled: string;
  let usage: OpenAI.CompletionUsage | undefined;
  let spans: { llm: ReceivedSpan; all: ReceivedSpan[] };

  beforeAll(async () => {
    const client = clientFor((await openStandIn()).url);
    const chat = obs.tracer.chain(async function chat(message: string) {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: message }],
      });
      let text = '';
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        usage = chunk.usage ?? usage;
      }
      return text;
    });
    assembled = await usingSession('sess-stream', () => chat(content));
    spans = await spansFor(content);
  });

  it('gives the consumer every delta', () => {
    expect(assembled).toBe(`Echo: ${content}`);
  });

  it('records the assembled output on the LLM span', () => {
    expect(spans.llm.attributes).toMatchObject({
      'output.value': assembled,
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': assembled,
      'llm.finish_reason': 'stop',
    });
  });

  it('records the token usage of the final chunk', () => {
    expect(usage).toBeDefined();
    expect(spans.llm.attributes).toMatchObject({
      'llm.token_count.prompt': usage?.prompt_tokens,
      'llm.token_count.completion': usage?.completion_tokens,
      'llm.token_count.total': usage?.total_tokens,
    });
  });

  it('records the first token as an event', () => {
    expect(spans.llm.events.map((event) => event.name)).toContain('First Token Stream Event');
  });

  it('nests the LLM span under the chain span, in the session', () => {
    const chat = spans.all.find((span) => span.spanId === spans.llm.parentSpanId);
    expect(chat?.name).toBe('chat');
    expect(chat?.attributes['output.value']).toBe(assembled);
    expect(spans.llm.attributes['session.id']).toBe('sess-stream');
  });
});

describe('no read-ahead', () => {
  it('hands over the first chunk while the stand-in still holds the second', { timeout: 15_000 }, async () => {
    const standIn = await openStandIn({ streamGate: true });
    const content = 'gated';
    const response = await clientFor(standIn.url)
      .chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content }] })
      .asResponse();
    const reader = response.body!.getReader();
    // Were the tracer to read ahead before handing chunks over, this read would wait for the gate
    // forever and the test would time out.
    const first = await reader.read();
    expect(await standIn.gateReached()).toBe(0);
    const sentSoFar = await standIn.sentBytes(0);
    expect(new TextDecoder().decode(sentSoFar)).toMatch(/^data: [^\n]+\n\n$/);
    expect(first.value!.byteLength).toBeGreaterThan(0);
    expect(sentSoFar.subarray(0, first.value!.byteLength)).toEqual(first.value);

    await standIn.release();
    const chunks: Uint8Array[] = [first.value!];
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) chunks.push(chunk.value);
    expect(concat(chunks)).toEqual(await standIn.sentBytes(0));
    const { llm } = await spansFor(content);
    expect(llm.attributes['output.value']).toBe('Echo: gated');
  });
});

describe('the consumer cancels', () => {
  it('closes the connection to the server, which was still streaming, and ends the span cancelled', async () => {
    const standIn = await openStandIn({ streamGate: true });
    const content = 'cancel me in workerd';
    const response = await obs.fetch(`${standIn.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
      body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content }] }),
    });
    const reader = response.body!.getReader();
    await reader.read();
    expect(await standIn.gateReached()).toBe(0);
    expect((await standIn.requests())[0].closedByClient).toBe(false);
    await reader.cancel(new Error('the user went away'));
    // The stand-in is held mid-answer: only a cancel passed upstream can close its connection now.
    const [request] = await pollUntil(
      () => standIn.requests(),
      ([held]) => held.closedByClient,
      { what: 'the stand-in seeing its connection closed by the client' },
    );
    expect(request.closedByClient).toBe(true);
    await standIn.release();
    const { llm } = await spansFor(content);
    expect(llm.attributes['edge_llmobs.body_cancelled']).toBe(true);
  });
});
