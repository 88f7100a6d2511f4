import { join } from 'node:path';
import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import { type OtlpSink, startOtlpSink } from '../fixtures/otlp-sink.js';
import { settlesSoon } from '../fixtures/poll-until.js';
import { PIECES } from './fixtures/behaviour-worker.js';
import { bundle, ROOT, tempDir } from './support/build.js';
import { startGate } from './support/gate.js';
import { startWorkerd } from './support/workerd.js';

// withLlmObs itself inside workerd: responses compared with the same handler unwrapped, spans
// inside the handler's own ctx.waitUntil, a throwing handler; and nodejs_als with AsyncLocalStorage
// passed in. Bundled with esbuild and the workerd export conditions (as wrangler does).
const WORKERD_CONDITIONS = ['workerd', 'worker', 'browser', 'import'];
let sink: OtlpSink;
let standIn: StandIn;
let behaviourBundle: string;
let alsBundle: string;

beforeAll(async () => {
  const dir = await tempDir('wrapper');
  [behaviourBundle, alsBundle, sink, standIn] = await Promise.all([
    bundle(join(ROOT, 'test/e2e/fixtures/behaviour-worker.ts'), join(dir, 'behaviour.js'), {
      conditions: WORKERD_CONDITIONS,
    }),
    bundle(join(ROOT, 'test/e2e/fixtures/als-worker.ts'), join(dir, 'als.js'), {
      conditions: WORKERD_CONDITIONS,
      external: ['node:*'],
    }),
    startOtlpSink(),
    startOpenAiStandIn(),
  ]);
});

afterAll(async () => {
  await Promise.all([sink?.close(), standIn?.close()]);
});

const IDENTITY = { 'accept-encoding': 'identity' };

describe.each([
  { name: 'nodejs_compat', flags: ['nodejs_compat'] },
  { name: 'no flag', flags: [] },
])('withLlmObs in workerd, $name', ({ name, flags }) => {
  let worker: Miniflare;
  const session = `sess-behaviour-${name}`;
  const get = (path: string) =>
    worker.dispatchFetch(`http://localhost${path}`, { headers: { ...IDENTITY, 'x-session-id': session } });
  const spansOf = (route: string) =>
    sink.spans().filter((s) => s.attributes['session.id'] === session && s.traceId === rootOf(route)?.traceId);
  const rootOf = (route: string) =>
    sink.spans().find((s) => s.attributes['session.id'] === session && s.name === `GET ${route}`);

  beforeAll(async () => {
    worker = startWorkerd(behaviourBundle, flags, { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url });
    await worker.ready;
  });

  afterAll(async () => {
    await worker?.dispose();
  });

  it('answers a JSON route byte for byte, Content-Length included', async () => {
    const [plain, traced] = await Promise.all([get('/plain/json'), get('/json')]);
    expect(traced.status).toBe(203);
    expect(traced.headers.get('content-length')).not.toBeNull();
    expect([...traced.headers]).toEqual([...plain.headers]);
    expect(Buffer.from(await traced.arrayBuffer())).toEqual(Buffer.from(await plain.arrayBuffer()));
    await expect.poll(() => rootOf('/json')?.attributes['http.response.status_code']).toBe(203);
  });

  it('streams chunk by chunk as the unwrapped Worker does, and ends the root span with the stream', async () => {
    // Each piece is produced only once the test has read the one before (the Worker waits on a gate
    // the test opens after each read): a Worker, or a tracer, that held pieces back would hang here.
    const readGated = async (path: string) => {
      const gate = await startGate();
      try {
        const response = await get(`${path}?gate=${encodeURIComponent(gate.url)}`);
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        const texts: string[] = [];
        for (;;) {
          const next = await settlesSoon(reader.read(), `piece ${texts.length + 1} of ${path}`);
          if (next.done) return { headers: [...response.headers], texts };
          texts.push(new TextDecoder().decode(next.value));
          gate.release();
        }
      } finally {
        await gate.close();
      }
    };
    const plain = await readGated('/plain/stream');
    const traced = await readGated('/stream');
    expect(traced.headers).toEqual(plain.headers);
    expect(plain.texts).toEqual(PIECES);
    expect(traced.texts).toEqual(PIECES);
    // Ordered, not timed: the root span ends no earlier than the last piece was handed over (the
    // "last piece" span), on workerd's clock, which moves on I/O such as the gate's.
    await expect.poll(() => rootOf('/stream')).toBeDefined();
    await expect.poll(() => spansOf('/stream').find((s) => s.name === 'last piece')).toBeDefined();
    const root = rootOf('/stream')!;
    const lastPiece = spansOf('/stream').find((s) => s.name === 'last piece')!;
    expect(lastPiece.parentSpanId).toBe(root.spanId);
    expect(BigInt(root.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(lastPiece.endTimeUnixNano));
    expect(BigInt(lastPiece.endTimeUnixNano)).toBeGreaterThan(BigInt(root.startTimeUnixNano));
  });

  it("exports spans that end inside the handler's own ctx.waitUntil", async () => {
    const response = await get('/wait-until');
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('accepted');
    await expect
      .poll(() =>
        spansOf('/wait-until')
          .map((s) => s.name)
          .sort(),
      )
      .toEqual(['GET /wait-until', 'audit']);
    const audit = spansOf('/wait-until').find((s) => s.name === 'audit')!;
    expect(audit.parentSpanId).toBe(rootOf('/wait-until')!.spanId);
    expect(audit.attributes).toMatchObject({ 'output.value': 'logged', 'session.id': session });
    expect(audit.attributes['edge_llmobs.ended_at_flush']).toBeUndefined();
  });

  it('lets a thrown error through as the unwrapped Worker does, and exports ERROR spans', async () => {
    const [plain, traced] = await Promise.all([get('/plain/throw'), get('/throw')]);
    expect(traced.status).toBe(plain.status);
    expect(traced.status).toBe(500);
    await Promise.all([plain.arrayBuffer(), traced.arrayBuffer()]);
    await expect.poll(() => spansOf('/throw').length).toBe(2);
    const root = rootOf('/throw')!;
    expect(root.status).toMatchObject({ code: 2, message: 'worker exploded' });
    expect(root.events[0]).toMatchObject({ name: 'exception', attributes: { 'exception.message': 'worker exploded' } });
    expect(spansOf('/throw').find((s) => s.name === 'prepare')?.parentSpanId).toBe(root.spanId);
  });
});

describe('withLlmObs in workerd with only nodejs_als', () => {
  it('runs the handler in AsyncLocalStorage passed through the config, so ambient context follows await', async () => {
    const worker = startWorkerd(alsBundle, ['nodejs_als'], {
      OPENAI_BASE_URL: standIn.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
    });
    try {
      const response = await worker.dispatchFetch('http://localhost/chat', {
        method: 'POST',
        headers: { 'x-session-id': 'sess-als', 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'hello' }),
      });
      expect(await response.json()).toEqual({ reply: 'Echo: hello' });
      await expect.poll(() => sink.spans().filter((s) => s.attributes['session.id'] === 'sess-als').length).toBe(2);
      const spans = sink.spans().filter((s) => s.attributes['session.id'] === 'sess-als');
      const root = spans.find((s) => s.name === 'POST /chat')!;
      const llm = spans.find((s) => s.attributes['openinference.span.kind'] === 'LLM')!;
      expect(llm.parentSpanId).toBe(root.spanId);
      expect(llm.attributes).toMatchObject({ 'user.id': 'user-als', metadata: '{"channel":"web"}' });
    } finally {
      await worker.dispose();
    }
  });
});
