// Request bodies through the traced fetch: what the tracer cannot read (FormData, a ReadableStream,
// a Blob, a non-JSON string) reaches the server exactly as sent and still gets a span; a `Request`
// object with a JSON body is recorded; and no key (the `Authorization` header, Azure's `api-key`
// header or query parameter) ever appears in an attribute or in the OTLP payload.
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { instrumentFetch, type LlmObs, register, type SpanData } from '../../src/index.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { flushAndForget, onlyFlushedSpan } from '../fixtures/flushed-spans.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import { spansOf, startOtlpSink } from '../fixtures/otlp-sink.js';

const exporter = collectingExporter();
const exported = exporter.spans;
let obs: LlmObs;
let standIn: StandIn;

beforeAll(async () => {
  obs = register({ serviceName: 'fetch-bodies', exporter });
  standIn = await startOpenAiStandIn();
});
afterAll(async () => {
  await obs.shutdown();
  await standIn.close();
});
afterEach(() => flushAndForget(obs, exported));

const onlySpan = () => onlyFlushedSpan(obs, exported);

const chatJson = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'body 世界' }] });

function inputKeys(span: SpanData): string[] {
  return Object.keys(span.attributes).filter((key) => key.startsWith('llm.input_messages') || key === 'input.value');
}

describe('bodies the tracer cannot read pass through unconsumed', () => {
  it('FormData: the server receives every field; the span has the route and the HTTP error', async () => {
    const form = new FormData();
    form.append('purpose', 'fine-tune');
    form.append('file', new Blob(['{"prompt":"a"}\n'], { type: 'application/jsonl' }), 'data.jsonl');
    const index = standIn.requests.length;
    const response = await obs.fetch(`${standIn.url}/chat/completions`, { method: 'POST', body: form });
    expect(response.status).toBe(400);
    await response.text();
    const received = standIn.requests[index];
    expect(received.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(received.bodyText).toContain('name="purpose"\r\n\r\nfine-tune\r\n');
    expect(received.bodyText).toContain(
      'filename="data.jsonl"\r\nContent-Type: application/jsonl\r\n\r\n{"prompt":"a"}\n',
    );
    // The same FormData can still be sent again: nothing of it was consumed.
    expect(form.get('purpose')).toBe('fine-tune');
    const span = await onlySpan();
    expect(span.name).toBe('OpenAI Chat Completions');
    expect(span.attributes).toMatchObject({ 'openinference.span.kind': 'LLM', 'http.response.status_code': 400 });
    expect(span.status).toEqual({ code: 2, message: 'We could not parse the JSON body of your request.' });
    expect(inputKeys(span)).toEqual([]);
  });

  it('ReadableStream with duplex half: the server receives the exact bytes; the response is recorded', async () => {
    const bytes = new TextEncoder().encode(chatJson);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 7));
        controller.enqueue(bytes.subarray(7));
        controller.close();
      },
    });
    const index = standIn.requests.length;
    const response = await obs.fetch(`${standIn.url}/chat/completions`, {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);
    expect((await response.json()).choices[0].message.content).toBe('Echo: body 世界');
    expect(standIn.requests[index].bodyText).toBe(chatJson);
    const span = await onlySpan();
    expect(span.attributes).toMatchObject({
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
      'llm.output_messages.0.message.content': 'Echo: body 世界',
    });
    expect(span.attributes['llm.token_count.total']).toBeGreaterThan(0);
    expect(inputKeys(span)).toEqual([]);
  });

  it('Blob: the server receives the exact bytes and content type; the response is recorded', async () => {
    const blob = new Blob([chatJson], { type: 'application/json' });
    const index = standIn.requests.length;
    const response = await obs.fetch(`${standIn.url}/chat/completions`, { method: 'POST', body: blob });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    expect(standIn.requests[index].bodyText).toBe(chatJson);
    expect(standIn.requests[index].headers['content-type']).toBe('application/json');
    expect(await blob.text()).toBe(chatJson);
    const span = await onlySpan();
    expect(span.attributes['llm.output_messages.0.message.content']).toBe('Echo: body 世界');
  });

  it('a non-JSON string: sent as is; the span has no input and the HTTP error', async () => {
    const index = standIn.requests.length;
    const response = await obs.fetch(`${standIn.url}/embeddings`, { method: 'POST', body: 'input=hello&model=x' });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/could not parse/);
    expect(standIn.requests[index].bodyText).toBe('input=hello&model=x');
    const span = await onlySpan();
    expect(span.attributes['openinference.span.kind']).toBe('EMBEDDING');
    expect(span.attributes['http.response.status_code']).toBe(400);
    expect(Object.keys(span.attributes).filter((key) => key.startsWith('embedding.'))).toEqual([]);
  });

  it('URLSearchParams: sent as is', async () => {
    const index = standIn.requests.length;
    const response = await obs.fetch(`${standIn.url}/completions`, {
      method: 'POST',
      body: new URLSearchParams({ prompt: 'p', model: 'm' }),
    });
    await response.text();
    expect(standIn.requests[index].bodyText).toBe('prompt=p&model=m');
    expect((await onlySpan()).attributes['http.response.status_code']).toBe(400);
  });
});

describe('bodies the tracer reads', () => {
  it('a Uint8Array of JSON: recorded, and sent byte for byte', async () => {
    const bytes = new TextEncoder().encode(chatJson);
    const index = standIn.requests.length;
    const response = await obs.fetch(`${standIn.url}/chat/completions`, { method: 'POST', body: bytes });
    await response.json();
    expect(standIn.requests[index].bodyText).toBe(chatJson);
    expect((await onlySpan()).attributes['llm.input_messages.0.message.content']).toBe('body 世界');
  });

  it('a Request object with a JSON body: recorded, and the server receives the exact body and headers', async () => {
    const index = standIn.requests.length;
    const request = new Request(`${standIn.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-custom': 'kept' },
      body: chatJson,
    });
    const response = await obs.fetch(request);
    expect((await response.json()).choices[0].message.content).toBe('Echo: body 世界');
    expect(standIn.requests[index].bodyText).toBe(chatJson);
    expect(standIn.requests[index].headers['x-custom']).toBe('kept');
    const span = await onlySpan();
    expect(span.attributes).toMatchObject({
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': 'body 世界',
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
      'llm.output_messages.0.message.content': 'Echo: body 世界',
    });
  });

  it('a Request object with a streamed JSON body: recorded, and sent intact', async () => {
    const bytes = new TextEncoder().encode(chatJson);
    const request = new Request(`${standIn.url}/chat/completions`, {
      method: 'POST',
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes.subarray(0, 20));
          controller.enqueue(bytes.subarray(20));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    const index = standIn.requests.length;
    const response = await obs.fetch(request);
    await response.json();
    expect(standIn.requests[index].bodyText).toBe(chatJson);
    const span = await onlySpan();
    expect(span.attributes['llm.input_messages.0.message.content']).toBe('body 世界');
  });
});

describe('response bodies the tracer cannot observe', () => {
  it('a body that is already locked: the response is handed over as it is, and the span ends', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const answer = new Response('{"model":"gpt-4o-mini"}', { headers: { 'content-type': 'application/json' } });
      answer.body!.getReader();
      const traced = instrumentFetch(async () => answer);
      expect(await traced('https://api.openai.com/v1/chat/completions', { method: 'POST', body: chatJson })).toBe(
        answer,
      );
      expect(obs.buffer.openSpans.size).toBe(0);
      const span = await onlySpan();
      expect(span.attributes['llm.input_messages.0.message.content']).toBe('body 世界');
    } finally {
      warn.mockRestore();
    }
  });

  it('a JSON answer over maxResponseBytes: delivered intact, marked not recorded', async () => {
    const kept = collectingExporter();
    const ended = kept.spans;
    const small = register({ serviceName: 'small', maxResponseBytes: 64, exporter: kept });
    try {
      const index = standIn.requests.length;
      const response = await small.fetch(`${standIn.url}/chat/completions`, { method: 'POST', body: chatJson });
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(standIn.sentBytes(index));
      await small.forceFlush();
      expect(ended).toHaveLength(1);
      expect(ended[0].attributes['edge_llmobs.response_not_recorded']).toBe(true);
      expect(ended[0].attributes['llm.input_messages.0.message.content']).toBe('body 世界');
      expect(ended[0].attributes['output.value']).toBeUndefined();
      expect(ended[0].status.code).toBe(0);
    } finally {
      await small.shutdown();
    }
  });
});

describe('keys are never recorded', () => {
  it('no attribute and no OTLP payload holds the API key, an api-key header or an api-key query', async () => {
    const sink = await startOtlpSink();
    const keyed = register({ serviceName: 'keys', endpoint: sink.url });
    try {
      const secret = 'sk-proj-SECRET0123456789abcdef';
      const azureKey = 'azure0SECRET0key0fedcba9876543210';
      const client = new OpenAI({
        baseURL: standIn.url,
        apiKey: secret,
        maxRetries: 0,
        fetch: keyed.fetch,
        defaultHeaders: { 'api-key': azureKey, 'x-api-key': azureKey },
      });
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'stream' }],
      });
      for await (const _chunk of stream);
      await client.responses.create({ model: 'gpt-4.1', input: 'hello' });
      await client.embeddings.create({ model: 'text-embedding-3-small', input: 'embed' });
      await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'legacy' });
      await client.chat.completions
        .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'status:401' }] })
        .catch(() => {});
      // Azure style: the key in a header and in the query string.
      const azure = await keyed.fetch(
        `${standIn.url}/openai/deployments/gpt4/chat/completions?api-version=2024-10-21&api-key=${azureKey}`,
        { method: 'POST', headers: { 'api-key': azureKey }, body: chatJson },
      );
      await azure.text();
      expect(standIn.requests.at(-1)?.headers['api-key']).toBe(azureKey);
      expect(standIn.requests.at(-2)?.headers.authorization).toBe(`Bearer ${secret}`);
      await keyed.forceFlush();
      // The sink decodes gzipped payloads: search what the exporter meant, not its compressed bytes.
      const payloads = sink.bodies();
      const spans = payloads.flatMap((payload) => spansOf(JSON.parse(payload)));
      expect(spans).toHaveLength(7);
      const payload = payloads.join('\n');
      expect(payload).toContain('"llm.input_messages.0.message.content"');
      for (const key of [secret, azureKey, 'SECRET']) {
        expect(payload).not.toContain(key);
        for (const span of spans) {
          for (const [name, value] of Object.entries(span.attributes)) {
            expect(JSON.stringify(value), name).not.toContain(key);
          }
          for (const event of span.events) expect(JSON.stringify(event.attributes)).not.toContain(key);
          expect(JSON.stringify(span.status)).not.toContain(key);
        }
      }
    } finally {
      await keyed.shutdown();
      await sink.close();
    }
  });
});
