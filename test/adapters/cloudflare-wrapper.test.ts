import { afterEach, describe, expect, it, vi } from 'vitest';
import { getRequestScope, withLlmObs } from '../../src/adapters/cloudflare/index.js';
import { ENDED_AT_FLUSH, type RequestScope } from '../../src/index.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import {
  byName,
  fakeExecutionContext,
  readChunks,
  sleep,
  slowBody,
  spanClockMs,
  spanTimeMs,
} from './support/memory.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

function chatRequest(headers: Record<string, string> = {}, path = '/chat?debug=1') {
  return new Request(`https://chat.example.com${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ message: 'hi' }),
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('withLlmObs fetch', () => {
  it('opens one CHAIN root span per request whose session, user and metadata every span carries, flushed in waitUntil', async () => {
    const exporter = collectingExporter();
    const worker = withLlmObs(
      {
        async fetch(_request: Request, _env: unknown, _ctx: unknown, llm) {
          const chat = llm.tracer.chain(async function chat(message: string) {
            await sleep(1);
            return `echo ${message}`;
          });
          return Response.json({ reply: await chat('hi') }, { status: 201 });
        },
      },
      { exporter, metadata: { channel: 'web' } },
    );
    const { ctx, promises, settle } = fakeExecutionContext();
    const response = await worker.fetch(chatRequest({ 'x-session-id': 'sess-abc', 'x-user-id': 'user-123' }), {}, ctx);
    expect(await response.json()).toEqual({ reply: 'echo hi' });
    expect(promises).toHaveLength(1);
    await settle();
    expect(exporter.spans.map((s) => s.name).sort()).toEqual(['POST /chat', 'chat']);
    const root = byName(exporter.spans, 'POST /chat');
    const chat = byName(exporter.spans, 'chat');
    expect(root.parentSpanId).toBeUndefined();
    expect(root.kind).toBe(1);
    expect(root.attributes).toMatchObject({
      'openinference.span.kind': 'CHAIN',
      'http.request.method': 'POST',
      'url.path': '/chat',
      'http.response.status_code': 201,
    });
    expect(chat.parentSpanId).toBe(root.context.spanId);
    expect(chat.context.traceId).toBe(root.context.traceId);
    for (const span of [root, chat]) {
      expect(span.attributes).toMatchObject({
        'session.id': 'sess-abc',
        'user.id': 'user-123',
        metadata: '{"channel":"web"}',
      });
    }
    expect(root.status.code).toBe(0);
  });

  it('returns the very same Response when nothing is still running in its body', async () => {
    const original = new Response('{"ok":true}', {
      status: 200,
      headers: { 'content-type': 'application/json', 'x-a': '1' },
    });
    const worker = withLlmObs({ fetch: () => original }, { exporter: collectingExporter() });
    const { ctx, settle } = fakeExecutionContext();
    expect(await worker.fetch(chatRequest(), {}, ctx)).toBe(original);
    await settle();
  });

  it('reads other header names, resolvers (sync, async, throwing) and a metadata resolver', async () => {
    const exporter = collectingExporter();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const env = { TENANT: 'acme' };
    const worker = withLlmObs(
      { fetch: () => new Response('ok') },
      {
        exporter,
        sessionIdHeader: 'x-conversation',
        userId: async (request) => request.headers.get('authorization')?.replace('Bearer user:', ''),
        metadata: (request, e: typeof env) => ({ tenant: e.TENANT, path: new URL(request.url).pathname }),
      },
    );
    const { ctx, settle } = fakeExecutionContext();
    await worker.fetch(
      chatRequest({
        'x-conversation': 'conv-1',
        'x-session-id': 'ignored',
        'x-user-id': 'forged',
        authorization: 'Bearer user:u-9',
      }),
      env,
      ctx,
    );
    await settle();
    expect(exporter.spans[0].attributes).toMatchObject({
      'session.id': 'conv-1',
      'user.id': 'u-9',
      metadata: '{"tenant":"acme","path":"/chat"}',
    });

    const failing = collectingExporter();
    const broken = withLlmObs(
      { fetch: () => new Response('still served') },
      {
        exporter: failing,
        userIdHeader: false,
        sessionId: () => {
          throw new Error('bad token');
        },
      },
    );
    const second = fakeExecutionContext();
    const response = await broken.fetch(chatRequest({ 'x-session-id': 's', 'x-user-id': 'u' }), env, second.ctx);
    expect(await response.text()).toBe('still served');
    await second.settle();
    expect(failing.spans[0].attributes['session.id']).toBeUndefined();
    expect(failing.spans[0].attributes['user.id']).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('sessionId resolver threw'));
  });

  it('sets tracing up once, from the first env, and hands the same scope to the 4th argument and getRequestScope(ctx)', async () => {
    const exporter = collectingExporter();
    const config = vi.fn((env: { SERVICE: string }) => ({ exporter, serviceName: env.SERVICE }));
    const seen: boolean[] = [];
    const worker = withLlmObs(
      {
        fetch(_request: Request, _env: { SERVICE: string }, ctx: object, llm: RequestScope) {
          seen.push(getRequestScope(ctx) === llm);
          return new Response('ok');
        },
      },
      config,
    );
    for (const SERVICE of ['first', 'second']) {
      const { ctx, settle } = fakeExecutionContext();
      await worker.fetch(chatRequest(), { SERVICE }, ctx);
      await settle();
    }
    expect(config).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([true, true]);
    expect(exporter.spans).toHaveLength(2);
  });

  it("exports spans that end inside the handler's own ctx.waitUntil promises, in the request's flush", async () => {
    const exporter = collectingExporter();
    let handlerCtx:
      | { props?: unknown; passThroughOnException(): void; waitUntil(p: Promise<unknown>): void }
      | undefined;
    const worker = withLlmObs(
      {
        fetch(_request: Request, _env: unknown, ctx: typeof handlerCtx & object, llm) {
          handlerCtx = ctx;
          ctx.passThroughOnException();
          const audit = llm.tracer.tool(async function audit() {
            await sleep(40);
            return 'logged';
          });
          ctx.waitUntil(audit());
          return new Response('ok');
        },
      },
      { exporter },
    );
    const fake = fakeExecutionContext();
    const response = await worker.fetch(chatRequest(), {}, fake.ctx);
    // The runtime reads the body; with a span of the trace still open the root waits for it.
    expect(await response.text()).toBe('ok');
    expect(fake.ctx.passThroughCalls).toBe(1);
    expect(handlerCtx?.props).toEqual({ tenant: 'acme' });
    expect(fake.promises).toHaveLength(2);
    await fake.settle();
    expect(exporter.calls).toBe(1);
    const audit = byName(exporter.spans, 'audit');
    expect(audit.parentSpanId).toBe(byName(exporter.spans, 'POST /chat').context.spanId);
    expect(audit.attributes[ENDED_AT_FLUSH]).toBeUndefined();
    expect(audit.attributes['output.value']).toBe('logged');
  });

  it('marks the root span ERROR with an exception event and rethrows the same error', async () => {
    const exporter = collectingExporter();
    const boom = new TypeError('upstream exploded');
    const worker = withLlmObs(
      {
        async fetch(_request: Request, _env: unknown, _ctx: unknown, llm) {
          await llm.tracer.chain(async function step() {
            return 1;
          })();
          throw boom;
        },
      },
      { exporter },
    );
    const { ctx, promises, settle } = fakeExecutionContext();
    await expect(worker.fetch(chatRequest(), {}, ctx)).rejects.toBe(boom);
    expect(promises).toHaveLength(1);
    await settle();
    const root = byName(exporter.spans, 'POST /chat');
    expect(root.status).toEqual({ code: 2, message: 'upstream exploded' });
    expect(root.events[0]).toMatchObject({
      name: 'exception',
      attributes: { 'exception.type': 'TypeError', 'exception.message': 'upstream exploded' },
    });
    expect(byName(exporter.spans, 'step').parentSpanId).toBe(root.context.spanId);
  });

  it('keeps a streamed body chunk for chunk and ends the root span when the body has been read', async () => {
    const exporter = collectingExporter();
    const pieces = ['Echo', ': ', 'hello ', 'world'];
    let body = { lastSentAt: Number.NaN };
    const worker = withLlmObs(
      {
        fetch(_request: Request, _env: unknown, _ctx: unknown, llm) {
          const { stream, state } = slowBody(pieces, 15);
          body = state;
          // A CHAIN span open while the body streams, as a streaming chat keeps one.
          const span = llm.tracer.startSpan('generate');
          const [forClient, forSpan] = stream.tee();
          void new Response(forSpan).text().then(() => span.end());
          return new Response(forClient, { status: 200, headers: { 'content-type': 'text/plain', 'x-stream': 'yes' } });
        },
      },
      { exporter },
    );
    const { ctx, settle } = fakeExecutionContext();
    const response = await worker.fetch(chatRequest(), {}, ctx);
    expect(response.status).toBe(200);
    expect([...response.headers]).toEqual([
      ['content-type', 'text/plain'],
      ['x-stream', 'yes'],
    ]);
    await sleep(30);
    expect(exporter.spans).toHaveLength(0);
    const chunks = await readChunks(response);
    const readAt = spanClockMs();
    expect(chunks).toEqual(pieces);
    await settle();
    const root = byName(exporter.spans, 'POST /chat');
    // Ordered on the spans' own clock, not timed: the root ends after the last piece was handed over
    // (1 µs for rounding) and before the test finished reading.
    const rootEnd = spanTimeMs(root.endTime!);
    expect(rootEnd).toBeGreaterThanOrEqual(body.lastSentAt - 0.001);
    expect(rootEnd).toBeLessThanOrEqual(readAt);
    expect(byName(exporter.spans, 'generate').attributes[ENDED_AT_FLUSH]).toBeUndefined();
  });

  it('passes a client cancel through to the source and ends the root span', async () => {
    const exporter = collectingExporter();
    const { stream, state } = slowBody(['a', 'b', 'c'], 10);
    const worker = withLlmObs(
      { fetch: () => new Response(stream, { headers: { 'content-type': 'text/event-stream' } }) },
      { exporter },
    );
    const { ctx, settle } = fakeExecutionContext();
    const response = await worker.fetch(chatRequest(), {}, ctx);
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel('client went away');
    expect(state.cancelled).toBe('client went away');
    await settle();
    expect(byName(exporter.spans, 'POST /chat').attributes['http.response.body.cancelled']).toBe(true);
  });

  it('continues an incoming traceparent unless honorTraceparent is false', async () => {
    const headers = { traceparent: `00-${TRACE}-${PARENT}-01`, tracestate: 'congo=t61rcWkgMzE' };
    const honoured = collectingExporter();
    const one = fakeExecutionContext();
    await withLlmObs({ fetch: () => new Response('ok') }, { exporter: honoured }).fetch(
      chatRequest(headers),
      {},
      one.ctx,
    );
    await one.settle();
    expect(honoured.spans[0].context.traceId).toBe(TRACE);
    expect(honoured.spans[0].parentSpanId).toBe(PARENT);
    expect(honoured.spans[0].context.traceState?.serialize()).toBe('congo=t61rcWkgMzE');

    const ignored = collectingExporter();
    const two = fakeExecutionContext();
    await withLlmObs({ fetch: () => new Response('ok') }, { exporter: ignored, honorTraceparent: false }).fetch(
      chatRequest(headers),
      {},
      two.ctx,
    );
    await two.settle();
    expect(ignored.spans[0].context.traceId).not.toBe(TRACE);
    expect(ignored.spans[0].parentSpanId).toBeUndefined();
  });

  it('works without a ctx (a unit test calling fetch directly): the flush runs in the background', async () => {
    const exporter = collectingExporter();
    const worker = withLlmObs({ fetch: () => new Response('ok') }, { exporter });
    const response = await worker.fetch(chatRequest(), {}, undefined as never);
    expect(await response.text()).toBe('ok');
    await vi.waitFor(() => expect(exporter.spans).toHaveLength(1));
  });
});

describe('withLlmObs scheduled, queue and other handlers', () => {
  it('traces a cron trigger and a queue batch, and rethrows a failing batch', async () => {
    const exporter = collectingExporter();
    const failure = new Error('poison message');
    const worker = withLlmObs(
      {
        async scheduled(_controller: unknown, _env: unknown, _ctx: unknown, llm) {
          await llm.tracer.chain(async function nightlySummary() {
            return 'done';
          })();
        },
        async queue(batch: { queue: string; messages: readonly unknown[] }) {
          if (batch.messages.length > 1) throw failure;
        },
        email: vi.fn(),
      },
      { exporter, metadata: { job: 'batch' } },
    );
    const cron = fakeExecutionContext();
    await worker.scheduled({ cron: '0 3 * * *', scheduledTime: 0 }, {}, cron.ctx);
    await cron.settle();
    const root = byName(exporter.spans, 'scheduled 0 3 * * *');
    expect(root.attributes).toMatchObject({
      'faas.cron': '0 3 * * *',
      'openinference.span.kind': 'CHAIN',
      metadata: '{"job":"batch"}',
    });
    expect(byName(exporter.spans, 'nightlySummary').parentSpanId).toBe(root.context.spanId);

    const queue = fakeExecutionContext();
    await expect(worker.queue({ queue: 'jobs', messages: [1, 2] }, {}, queue.ctx)).rejects.toBe(failure);
    await queue.settle();
    const batch = byName(exporter.spans, 'queue jobs');
    expect(batch.kind).toBe(4);
    expect(batch.attributes).toMatchObject({
      'messaging.destination.name': 'jobs',
      'messaging.batch.message_count': 2,
    });
    expect(batch.status.code).toBe(2);

    expect(typeof worker.email).toBe('function');
    expect('fetch' in worker).toBe(false);
  });
});
