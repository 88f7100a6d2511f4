// Failures through the traced fetch: HTTP errors, refused connections, aborts and errors in the
// middle of a stream. The span says what went wrong; the caller gets exactly what it would have got
// without tracing (the same error class, status and message from the SDK, the same error object from
// a bare fetch).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instrumentFetch, type LlmObs, register, type SpanData } from '../../src/index.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { flushAndForget, flushedSpans } from '../fixtures/flushed-spans.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';

const exporter = collectingExporter();
const exported = exporter.spans;
let obs: LlmObs;
let standIn: StandIn;
let traced: OpenAI;
let untraced: OpenAI;

beforeAll(async () => {
  obs = register({ serviceName: 'fetch-errors', exporter });
  standIn = await startOpenAiStandIn({ streamGate: true });
  traced = new OpenAI({ baseURL: standIn.url, apiKey: 'sk-test', maxRetries: 0, fetch: obs.fetch });
  untraced = new OpenAI({ baseURL: standIn.url, apiKey: 'sk-test', maxRetries: 0 });
});
afterAll(async () => {
  await obs.shutdown();
  await standIn.close();
});
afterEach(() => flushAndForget(obs, exported));

const flushed = () => flushedSpans(obs, exported);

/** What a caller can observe of an error. */
function describeError(error: unknown) {
  const e = error as Record<string, unknown> & Error;
  return {
    class: e.constructor,
    name: e.name,
    message: e.message,
    status: e.status,
    code: e.code,
    type: e.type,
    param: e.param,
    error: e.error,
    requestID: e.requestID,
    cause: e.cause === undefined ? undefined : describeCause(e.cause),
  };
}

function describeCause(cause: unknown) {
  const c = cause as Record<string, unknown> & Error;
  return { class: c?.constructor, name: c?.name, message: c?.message, code: (c?.cause as { code?: string })?.code };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const eventNames = (span: SpanData) => span.events.map((event) => event.name);

describe('HTTP errors', () => {
  const messages: Record<number, RegExp> = {
    400: /^Invalid request \(stand-in status:400\)\.$/,
    401: /^Incorrect API key provided/,
    429: /^Rate limit reached for gpt-4o-mini/,
    500: /^The server had an error while processing your request/,
  };

  it.each([400, 401, 429, 500])(
    'status %i: span ERROR with OpenAI message; the SDK throws as untraced',
    async (status) => {
      const call = (client: OpenAI) =>
        rejection(
          client.chat.completions.create({
            model: 'gpt-4o-mini',
            messages: [{ role: 'user', content: `please fail status:${status}` }],
          }),
        );
      const withoutTracing = describeError(await call(untraced));
      const before = standIn.requests.length;
      const withTracing = describeError(await call(traced));
      expect(withTracing.status).toBe(status);
      expect(withTracing.requestID).toBe(`req_standin${before}`);
      expect({ ...withTracing, requestID: undefined }).toEqual({ ...withoutTracing, requestID: undefined });

      const spans = await flushed();
      expect(spans).toHaveLength(1);
      const [span] = spans;
      expect(span.status.code).toBe(2);
      expect(span.status.message).toMatch(messages[status]);
      expect(span.status.message).toBe(JSON.parse(standIn.sentText(before)).error.message);
      expect(span.attributes).toMatchObject({
        'http.response.status_code': status,
        'llm.model_name': 'gpt-4o-mini',
        'llm.input_messages.0.message.content': `please fail status:${status}`,
      });
      for (const key of Object.keys(span.attributes)) {
        expect(key).not.toMatch(/^(output\.|llm\.output_messages|llm\.token_count|llm\.cost)/);
      }
    },
  );

  it('with SDK retries, every attempt is a span; the retried one was cancelled by the SDK', async () => {
    const client = new OpenAI({ baseURL: standIn.url, apiKey: 'sk-test', maxRetries: 1, fetch: obs.fetch });
    const error = await rejection(
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'status:500' }] }),
    );
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    const spans = await flushed();
    expect(spans).toHaveLength(2);
    for (const span of spans) {
      expect(span.status.code).toBe(2);
      expect(span.attributes['http.response.status_code']).toBe(500);
    }
    expect(spans[0].attributes['edge_llmobs.body_cancelled']).toBe(true);
    expect(spans[0].status.message).toBe('HTTP 500');
    expect(spans[1].attributes['edge_llmobs.body_cancelled']).toBeUndefined();
    expect(spans[1].status.message).toMatch(messages[500]);
  });
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A server that accepts requests and never answers them. */
async function silentServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((req) => req.resume());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1`, server };
}

function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('network errors and aborts', () => {
  it('connection refused: exception event; the SDK throws the same APIConnectionError', async () => {
    const baseURL = `http://127.0.0.1:${await closedPort()}/v1`;
    const call = (fetch?: typeof globalThis.fetch) =>
      rejection(
        new OpenAI({ baseURL, apiKey: 'sk-test', maxRetries: 0, fetch }).chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: 'anyone there?' }],
        }),
      );
    const withoutTracing = describeError(await call());
    const withTracing = describeError(await call(obs.fetch));
    expect(withTracing.class).toBe(OpenAI.APIConnectionError);
    expect(withTracing.cause?.code).toBe('ECONNREFUSED');
    expect(withTracing).toEqual(withoutTracing);
    const [span] = await flushed();
    expect(span.status).toEqual({ code: 2, message: 'fetch failed' });
    expect(eventNames(span)).toEqual(['exception']);
    expect(span.events[0].attributes).toMatchObject({
      'exception.type': 'TypeError',
      'exception.message': 'fetch failed',
    });
    expect(span.attributes['llm.input_messages.0.message.content']).toBe('anyone there?');
  });

  it('a bare fetch rejects with the very error object the underlying fetch rejected with', async () => {
    const failure = new TypeError('boom');
    const tracedFetch = instrumentFetch(() => Promise.reject(failure));
    const error = await rejection(tracedFetch('https://api.openai.com/v1/embeddings', { method: 'POST', body: '{}' }));
    expect(error).toBe(failure);
    const refused = `http://127.0.0.1:${await closedPort()}/v1/chat/completions`;
    const fromTraced = await rejection(obs.fetch(refused, { method: 'POST', body: '{}' }));
    const fromPlain = await rejection(fetch(refused, { method: 'POST', body: '{}' }));
    expect(describeCause(fromTraced)).toEqual(describeCause(fromPlain));
    expect(Object.getPrototypeOf(fromTraced)).toBe(Object.getPrototypeOf(fromPlain));
    const spans = await flushed();
    expect(spans).toHaveLength(2);
    expect(spans.every((span) => span.status.code === 2 && eventNames(span)[0] === 'exception')).toBe(true);
  });

  it('a fetch that throws synchronously: the caller gets the throw, the span still ends', async () => {
    const failure = new TypeError('sync boom');
    const tracedFetch = instrumentFetch(() => {
      throw failure;
    });
    let thrown: unknown;
    try {
      await tracedFetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: '{}' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBe(failure);
    expect(obs.buffer.openSpans.size).toBe(0);
    const [span] = await flushed();
    expect(span.status).toEqual({ code: 2, message: 'sync boom' });
  });

  it('abort before the response: exception event; the SDK throws APIUserAbortError as untraced', async () => {
    const { url, server } = await silentServer();
    try {
      const call = async (fetch?: typeof globalThis.fetch) => {
        const controller = new AbortController();
        const client = new OpenAI({ baseURL: url, apiKey: 'sk-test', maxRetries: 0, fetch });
        const pending = client.chat.completions.create(
          { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'never answered' }] },
          { signal: controller.signal },
        );
        // Abort once the request has reached the server.
        await new Promise<void>((resolve) => server.once('request', () => resolve()));
        controller.abort();
        return rejection(pending);
      };
      const withoutTracing = describeError(await call());
      const withTracing = describeError(await call(obs.fetch));
      expect(withTracing.class).toBe(OpenAI.APIUserAbortError);
      expect(withTracing).toEqual(withoutTracing);
      const [span] = await flushed();
      expect(span.status.code).toBe(2);
      expect(eventNames(span)).toEqual(['exception']);
      expect(span.events[0].attributes['exception.type']).toBe('AbortError');

      // A bare fetch gets the very reason it aborted with.
      const controller = new AbortController();
      const pending = obs.fetch(`${url}/responses`, { method: 'POST', body: '{}', signal: controller.signal });
      await new Promise<void>((resolve) => server.once('request', () => resolve()));
      const reason = new Error('changed my mind');
      controller.abort(reason);
      expect(await rejection(pending)).toBe(reason);
    } finally {
      await stop(server);
    }
  });

  it('abort mid-stream: the next read rejects as without tracing; the span records the exception and the partial output', async () => {
    const read = async (fetch: typeof globalThis.fetch) => {
      const controller = new AbortController();
      const response = await fetch(`${standIn.url}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'abort me' }] }),
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      const first = await reader.read();
      await standIn.gateReached();
      const reason = new Error('stop streaming');
      controller.abort(reason);
      const error = await rejection(reader.read());
      standIn.release();
      return { first: new TextDecoder().decode(first.value), error, reason };
    };
    const plain = await read(fetch);
    const viaTracer = await read(obs.fetch);
    expect(viaTracer.error).toBe(viaTracer.reason);
    expect(plain.error).toBe(plain.reason);
    const [span] = await flushed();
    expect(span.status).toEqual({ code: 2, message: 'stop streaming' });
    expect(eventNames(span)).toContain('exception');
    expect(span.attributes['llm.model_name']).toBe('gpt-4o-mini-2024-07-18');
  });
});

describe('errors inside a stream', () => {
  it('fail:stream in chat: span ERROR with the stream error; the SDK throws the same APIError as untraced', async () => {
    const call = async (client: OpenAI) => {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        stream: true,
        messages: [{ role: 'user', content: 'fail:stream please' }],
      });
      const release = standIn.gateReached().then(() => standIn.release());
      const error = await rejection(
        (async () => {
          for await (const _chunk of stream);
        })(),
      );
      await release;
      return error;
    };
    const withoutTracing = describeError(await call(untraced));
    const withTracing = describeError(await call(traced));
    expect(withTracing.class).toBe(OpenAI.APIError);
    expect({ ...withTracing, requestID: undefined }).toEqual({ ...withoutTracing, requestID: undefined });
    const [span] = await flushed();
    expect(span.status.code).toBe(2);
    expect(span.status.message).toMatch(/server had an error/);
    expect(span.attributes['output.value']).toBe('Echo: ');
  });

  it('fail:stream in Responses (response.failed): span ERROR', async () => {
    const stream = await traced.responses.create({ model: 'gpt-4.1', input: 'fail:stream', stream: true });
    const release = standIn.gateReached().then(() => standIn.release());
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    await release;
    expect(types.at(-1)).toBe('response.failed');
    const [span] = await flushed();
    expect(span.status.code).toBe(2);
    expect(span.status.message).toMatch(/server had an error/);
    expect(span.attributes['llm.model_name']).toBe('gpt-4.1-2025-04-14');
  });
});
