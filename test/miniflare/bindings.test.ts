// Cloudflare bindings in one trace, inside workerd (Miniflare): a front Worker traced by withLlmObs
// calls a Durable Object per session (stub.fetch and RPC), a WorkerEntrypoint in a second Worker
// through a service binding (RPC and fetch), and sends a queue message it consumes itself. Every span
// reaches a real OTLP sink on 127.0.0.1. Run with nodejs_compat (AsyncLocalStorage) and with no flag
// (the request scope and currentRequestScope()).
import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBindingWorkers } from '../fixtures/miniflare-bindings.js';
import { type OtlpSink, type ReceivedSpan, startOtlpSink } from '../fixtures/otlp-sink.js';

const REQUESTS = 200;
const SESSIONS = 4;
const SLOW = 180_000;

/** Each span of one /turn request, by name, with its parent's name. */
const PARENT_OF: Readonly<Record<string, string | undefined>> = {
  'GET /turn': undefined,
  turn: 'GET /turn',
  'ChatSession POST /append': 'turn',
  store: 'ChatSession POST /append',
  'ChatSession.history': 'turn',
  read: 'ChatSession.history',
  'Back.check': 'turn',
  moderate: 'Back.check',
  'Back GET /echo': 'turn',
};

interface Link {
  traceId: string;
  spanId: string;
}

function byTrace(spans: ReceivedSpan[]): Map<string, ReceivedSpan[]> {
  const traces = new Map<string, ReceivedSpan[]>();
  for (const span of spans) traces.set(span.traceId, [...(traces.get(span.traceId) ?? []), span]);
  return traces;
}

describe.each([
  { flags: ['nodejs_compat'], label: 'nodejs_compat' },
  { flags: [], label: 'no flag' },
])('bindings in one trace, $label', ({ flags }) => {
  let sink: OtlpSink;
  let mf: Miniflare;

  beforeAll(async () => {
    sink = await startOtlpSink();
    mf = await startBindingWorkers(sink.url, flags);
  }, SLOW);

  afterAll(async () => {
    await mf?.dispose();
    await sink?.close();
  });

  async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const response = (await mf.dispatchFetch(`http://front${path}`, { headers })) as unknown as Response;
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
    return response;
  }

  // The sink decodes every body on each call: the turn tests read one snapshot.
  let snapshot: ReceivedSpan[] | undefined;
  const spans = () => snapshot ?? sink.spans();
  const named = (name: string) => spans().filter((span) => span.name === name);

  async function waitFor(name: string, count: number): Promise<ReceivedSpan[]> {
    const deadline = Date.now() + 60_000;
    while (named(name).length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} "${name}" spans, got ${named(name).length}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return named(name);
  }

  it('keeps instanceof, this.env and the class of an instrumented Durable Object', async () => {
    // 1: instanceof the user's class, 2: instanceof DurableObject, 4: this.env is there.
    expect(await (await get('/own')).json()).toBe(7);
  });

  it('traces a plain Durable Object class (no extends): its fetch joins the caller, its alarm is a root span', async () => {
    expect(await (await get('/plain', { 'x-session-id': 'sess-plain' })).text()).toBe('alarm set');
    const [fetchSpan] = await waitFor('PlainCounter GET /', 1);
    const [caller] = named('setAlarm');
    expect(fetchSpan.traceId).toBe(caller.traceId);
    expect(fetchSpan.parentSpanId).toBe(caller.spanId);
    expect(fetchSpan.attributes['session.id']).toBe('sess-plain');
    // The object's own call to another object, its bindings given the call's context by hand.
    // (The first ownCall span is the /own test's.)
    const child = (await waitFor('ChatSession.ownCall', 2)).find((span) => span.traceId === fetchSpan.traceId)!;
    expect(child.parentSpanId).toBe(fetchSpan.spanId);
    expect(child.attributes['session.id']).toBe('sess-plain');
    const [alarm] = await waitFor('PlainCounter.alarm', 1);
    expect(alarm.parentSpanId).toBeUndefined();
    const [ring] = await waitFor('ring', 1);
    expect(ring.parentSpanId).toBe(alarm.spanId);
  });

  it('sends no trace context to a host that is not a binding, and trusts no baggage from outside', async () => {
    const response = await get('/outside', { baggage: 'session.id=forged,user.id=forged', 'x-user-id': 'user-out' });
    expect(await response.json()).toBe(200);
    const [root] = await waitFor('GET /outside', 1);
    expect(root.attributes['session.id']).toBeUndefined();
    expect(root.attributes['user.id']).toBe('user-out');
    const outside = sink.requests.find((request) => request.path === '/outside')!;
    expect(outside.headers.traceparent).toBeUndefined();
    expect(outside.headers.baggage).toBeUndefined();
  });

  it('traces a WebSocket message and close at a hibernating Durable Object as root spans', async () => {
    const response = (await mf.dispatchFetch('http://front/ws', { headers: { upgrade: 'websocket' } })) as unknown as {
      status: number;
      webSocket: WebSocket & { accept(): void };
    };
    expect(response.status).toBe(101);
    const socket = response.webSocket;
    socket.accept();
    const echoed = new Promise((resolve) => socket.addEventListener('message', (event) => resolve(event.data)));
    socket.send('hello');
    expect(await echoed).toBe('echo hello');
    socket.close(1000);
    const [message] = await waitFor('ChatSession.webSocketMessage', 1);
    expect(message.parentSpanId).toBeUndefined();
    expect(message.attributes['cloudflare.durable_object.name']).toBe('ws');
    const [reply] = await waitFor('reply', 1);
    expect([reply.traceId, reply.parentSpanId]).toEqual([message.traceId, message.spanId]);
    const [closed] = await waitFor('ChatSession.webSocketClose', 1);
    expect(closed.parentSpanId).toBeUndefined();
  });

  it('sends a batch whose structured messages carry the context and whose text message is left as it is', async () => {
    expect(await (await get('/batch', { 'x-session-id': 'sess-batch' })).text()).toBe('queued');
    const [enqueue] = await waitFor('enqueue', 1);
    const consumed = await waitFor('consume', 2);
    await waitFor('queue jobs', 2);
    const consumers = new Map(named('queue jobs').map((span) => [span.spanId, span]));
    const seen = new Map(consumed.map((span) => [span.attributes['input.value'], consumers.get(span.parentSpanId!)]));
    // The consumer saw the bodies as sent: the envelope was opened, the text was never wrapped.
    const structured = seen.get('[{"batch":1}]')!;
    const text = seen.get('["plain text"]')!;
    expect((structured as unknown as { links: Link[] }).links.map((link) => link.spanId)).toEqual([enqueue.spanId]);
    expect(structured.attributes['session.id']).toBe('sess-batch');
    expect((text as unknown as { links?: Link[] }).links ?? []).toEqual([]);
    expect(text.attributes['session.id']).toBeUndefined();
  });

  it('exports a request that does no I/O', async () => {
    expect(await (await get('/noio')).text()).toBe('no i/o');
    const [span] = await waitFor('GET /noio', 1);
    expect(span.resource['service.name']).toBe('front');
  });

  it('ends the request span when a streamed body ends, not when the handler returns', async () => {
    expect(await (await get('/stream')).text()).toBe('abc');
    const [root] = await waitFor('GET /stream', 1);
    const [produce] = named('produce');
    expect(produce.traceId).toBe(root.traceId);
    expect(BigInt(root.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(produce.endTimeUnixNano));
  });

  describe(`${REQUESTS} interleaved requests across ${SESSIONS} sessions`, () => {
    let turns: ReceivedSpan[];
    let replies: { turns: number; verdict: { ok: boolean; args: number }; echo: { traced: boolean } }[];

    beforeAll(async () => {
      // Spans of the earlier tests: consumers of their messages too.
      const consumedBefore = named('queue jobs').length;
      replies = await Promise.all(
        Array.from({ length: REQUESTS }, async (_, i) => {
          const s = i % SESSIONS;
          const response = await get(`/turn?i=${i}`, { 'x-session-id': `sess-${s}`, 'x-user-id': `user-${s}` });
          return response.json();
        }),
      );
      await waitFor('queue jobs', consumedBefore + REQUESTS);
      turns = await waitFor('GET /turn', REQUESTS);
      // Every span of the turns, the Durable Object's and the back Worker's included.
      await waitFor('Back GET /echo', REQUESTS);
      await waitFor('ChatSession.history', REQUESTS);
      snapshot = sink.spans();
    }, SLOW);

    const turnTraces = () => {
      const ids = new Set(turns.map((span) => span.traceId));
      return [...byTrace(spans().filter((span) => ids.has(span.traceId))).values()];
    };

    it('answer every request through the Durable Object and the service binding', () => {
      for (const reply of replies) {
        expect(reply.turns).toBeGreaterThan(0);
        // The RPC method saw only its own argument; the back Worker's fetch was traced.
        expect(reply.verdict).toEqual({ ok: true, args: 1 });
        expect(reply.echo).toEqual({ traced: true });
      }
      // Each session's object kept all its turns: the last reply of a session saw 50.
      expect(Math.max(...replies.map((reply) => reply.turns))).toBe(REQUESTS / SESSIONS);
    });

    it('make one trace per request holding each of its spans once', () => {
      const traces = turnTraces();
      expect(traces).toHaveLength(REQUESTS);
      for (const spans of traces) {
        expect(spans.map((span) => span.name).sort()).toEqual(Object.keys(PARENT_OF).sort());
      }
    });

    it("count the object's own method calls in the calling span, not as spans (or traces) of their own", () => {
      // ChatSession.history calls this.count() after an await; its span was flushed with history's.
      expect(named('ChatSession.count')).toEqual([]);
    });

    it('end every span by itself: no flush of the Durable Object ends a span of its caller', () => {
      const cut = spans().filter((span) => span.attributes['edge_llmobs.ended_at_flush'] !== undefined);
      expect(cut.map((span) => span.name)).toEqual([]);
    });

    it('give every span the right parent, across the Durable Object and the service binding', () => {
      for (const spans of turnTraces()) {
        const names = new Map(spans.map((span) => [span.spanId, span.name]));
        for (const span of spans) {
          expect([span.name, span.parentSpanId ? names.get(span.parentSpanId) : undefined]).toEqual([
            span.name,
            PARENT_OF[span.name],
          ]);
        }
      }
    });

    it("tag every span with its own request's session and user", () => {
      const perSession = new Map<string, number>();
      for (const spans of turnTraces()) {
        const session = spans.find((span) => span.name === 'GET /turn')!.attributes['session.id'] as string;
        perSession.set(session, (perSession.get(session) ?? 0) + 1);
        for (const span of spans) {
          expect([span.name, span.attributes['session.id'], span.attributes['user.id']]).toEqual([
            span.name,
            session,
            session.replace('sess', 'user'),
          ]);
        }
      }
      expect([...perSession.values()]).toEqual(Array(SESSIONS).fill(REQUESTS / SESSIONS));
    });

    it('record the spans of each Worker under its own service, and the Durable Object by class and name', () => {
      for (const span of spans()) {
        const service = span.name.startsWith('Back') || span.name === 'moderate' ? 'back' : 'front';
        expect([span.name, span.resource['service.name']]).toEqual([span.name, service]);
      }
      for (const span of named('ChatSession.history')) {
        expect(span.attributes).toMatchObject({
          'cloudflare.durable_object.class': 'ChatSession',
          'rpc.method': 'history',
          'session.id': span.attributes['cloudflare.durable_object.name'],
        });
      }
    });

    it("link each queue consumer's span to the producer's span, with the producer's session and user", () => {
      const producers = new Map(named('turn').map((span) => [span.spanId, span]));
      const linksOf = (span: ReceivedSpan) => (span as unknown as { links?: Link[] }).links ?? [];
      const consumers = named('queue jobs').filter((span) => linksOf(span).some((link) => producers.has(link.spanId)));
      expect(consumers).toHaveLength(REQUESTS);
      const linked = new Set<string>();
      for (const consumer of consumers) {
        const links = (consumer as unknown as { links: Link[] }).links;
        expect(links).toHaveLength(1);
        const producer = producers.get(links[0].spanId)!;
        expect(producer.traceId).toBe(links[0].traceId);
        // A link, not a parent: the consumer's trace is its own.
        expect(consumer.traceId).not.toBe(producer.traceId);
        expect(consumer.attributes['session.id']).toBe(producer.attributes['session.id']);
        expect(consumer.attributes['user.id']).toBe(producer.attributes['user.id']);
        const consume = named('consume').find((span) => span.parentSpanId === consumer.spanId)!;
        expect(consume.attributes['session.id']).toBe(producer.attributes['session.id']);
        linked.add(producer.spanId);
      }
      expect(linked.size).toBe(REQUESTS);
    });
  });
});
