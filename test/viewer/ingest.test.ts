import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TURNS, demoTraceRequest } from '../../viewer/scripts/demo-turns.js';
import { startViewerProcess, tempDataDir, type ViewerProcess } from './viewer-process.js';

// The viewer as `npm run viewer` runs it (workerd + D1 on disk), driven over HTTP.

// biome-ignore lint/suspicious/noExplicitAny: responses are checked field by field
type Json = any;

const DEFAULT_LIMIT = 4 * 1024 * 1024;

let viewer: ViewerProcess;

beforeAll(async () => {
  viewer = await startViewerProcess(await tempDataDir());
});

afterAll(async () => {
  await viewer?.stop();
});

function post(body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) {
  return fetch(`${viewer.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

async function get(path: string): Promise<Json> {
  const response = await fetch(`${viewer.url}${path}`);
  expect(response.status, path).toBe(200);
  return response.json();
}

/** Every stored turn, by session. */
async function snapshot(): Promise<Json> {
  return (await get('/api/sessions')).sessions;
}

/** One turn in session `sessionId` (demo ids derive from the session, so they are fresh too). */
function oneTurn(sessionId: string) {
  return demoTraceRequest({ turns: [{ ...DEMO_TURNS[0], sessionId, userId: 'user-x' }] });
}

describe('POST /v1/traces', () => {
  it('stores a valid batch and answers an empty ExportTraceServiceResponse', async () => {
    const response = await post(JSON.stringify(demoTraceRequest()));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({});

    const sessions = await snapshot();
    // Newest activity first.
    expect(sessions.map((s: Json) => s.sessionId)).toEqual(['sess-abc', 'sess-jkl', 'sess-ghi', 'sess-def']);
    const abc = sessions[0];
    expect(abc).toMatchObject({ userIds: ['user-123'], turns: 2 });
    expect(abc.tokens).toBeGreaterThan(0);
    expect(abc.costUsd).toBeGreaterThan(0);
  });

  it('groups a session’s turns in order, with messages, metadata, TTFT and the span tree', async () => {
    const session = await get('/api/sessions/sess-abc');
    expect(session.turns.map((t: Json) => t.input[0].content)).toEqual([
      "What's the weather like for hiking?",
      'And what should I pack?',
    ]);
    const [first, second] = session.turns;
    expect(first.metadata).toEqual({ channel: 'web' });
    expect(first.ttftMs).toBeNull();
    expect(second.ttftMs).toBeGreaterThan(0);
    expect(first.output[0].role).toBe('assistant');
    expect(first.rootName).toBe('POST /chat');
    const [root] = first.spans;
    expect(root.name).toBe('POST /chat');
    expect(root.children[0]).toMatchObject({ name: 'chat', spanKind: 'CHAIN' });
    expect(root.children[0].attributes).toMatchObject({ 'session.id': 'sess-abc', 'user.id': 'user-123' });
    expect(root.children[0].children[0]).toMatchObject({ name: 'OpenAI Chat Completions', spanKind: 'LLM' });
    expect((await fetch(`${viewer.url}/api/sessions/nope`)).status).toBe(404);
  });

  it('filters sessions by user and by tag', async () => {
    const ids = async (query: string) => (await get(`/api/sessions?${query}`)).sessions.map((s: Json) => s.sessionId);
    expect(await ids('user=user-456')).toEqual(['sess-ghi', 'sess-def']);
    expect(await ids('tag=gear')).toEqual(['sess-ghi']);
    expect(await ids('tag=beta')).toEqual(['sess-ghi', 'sess-def']);
    expect(await ids('user=user-456&tag=gear')).toEqual(['sess-ghi']);
    expect(await ids('user=nobody')).toEqual([]);
  });

  it('sums users’ requests, sessions, tokens and cost, with nearest-rank latency percentiles', async () => {
    const { users } = await get('/api/users');
    const user456 = users.find((u: Json) => u.userId === 'user-456');
    const turns = (await Promise.all(['sess-def', 'sess-ghi'].map((id) => get(`/api/sessions/${id}`)))).flatMap(
      (s: Json) => s.turns,
    );
    const latencies = turns.map((t: Json) => t.latencyMs).sort((a: number, b: number) => a - b);
    expect(user456).toMatchObject({ requests: 3, sessions: 2 });
    // From the per-user histogram: within 2.5% of the exact nearest-rank values.
    expect(Math.abs(user456.latencyP50Ms / latencies[1] - 1)).toBeLessThan(0.025);
    expect(Math.abs(user456.latencyP95Ms / latencies[2] - 1)).toBeLessThan(0.025);
    expect(user456.costUsd).toBeCloseTo(
      turns.reduce((sum: number, t: Json) => sum + t.costUsd, 0),
      12,
    );
    expect((await get('/api/users?user=user-123')).users).toHaveLength(1);
  });

  it('counts a retried batch once', async () => {
    const before = await snapshot();
    expect((await post(JSON.stringify(demoTraceRequest()))).status).toBe(200);
    expect(await snapshot()).toEqual(before);
  });

  it('puts a turn together from spans that arrive in separate batches, children first', async () => {
    const request = oneTurn('sess-split');
    const [root, chain, llm] = request.resourceSpans[0].scopeSpans[0].spans;
    const batch = (spans: Json[]) =>
      JSON.stringify({ resourceSpans: [{ ...request.resourceSpans[0], scopeSpans: [{ spans }] }] });
    expect((await post(batch([llm]))).status).toBe(200);
    expect((await post(batch([chain, root]))).status).toBe(200);
    const [turn] = (await get('/api/sessions/sess-split')).turns;
    expect(turn.rootName).toBe('POST /chat');
    expect(turn.spans).toHaveLength(1);
    expect(turn.totalTokens).toBeGreaterThan(0);
  });

  it('escapes what spans say on the pages, and finds sessions whose ids need URL encoding', async () => {
    const hostile = 'x/<img src=x onerror=alert(1)>"';
    expect((await post(JSON.stringify(oneTurn(hostile)))).status).toBe(200);
    const list = await (await fetch(`${viewer.url}/`)).text();
    expect(list).not.toContain('<img src=x');
    expect(list).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;');
    const page = await fetch(`${viewer.url}/sessions/${encodeURIComponent(hostile)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain('<img src=x');
    expect((await get(`/api/sessions/${encodeURIComponent(hostile)}`)).sessionId).toBe(hostile);
  });

  it('accepts a gzip-encoded body', async () => {
    const response = await post(new Uint8Array(gzipSync(JSON.stringify(oneTurn('sess-gzip')))), {
      'content-encoding': 'gzip',
    });
    expect(response.status).toBe(200);
    expect((await get('/api/sessions/sess-gzip')).turns).toHaveLength(1);
  });

  describe('bad input: rejected with the OTLP Status shape, nothing stored, nothing lost', () => {
    async function expectRejected(response: Response, status: number, message: RegExp) {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await response.json();
      expect(body.code).toBe(status === 413 ? 8 : 3);
      expect(body.message).toMatch(message);
      return body;
    }

    it.each([
      ['not JSON', '{"resourceSpans": [', /not JSON/],
      ['not an object', '[1, 2]', /JSON object/],
      ['resourceSpans not a list', '{"resourceSpans": {}}', /must be an array/],
    ])('%s → 400', async (_name, body, message) => {
      const before = await snapshot();
      await expectRejected(await post(body), 400, message);
      expect(await snapshot()).toEqual(before);
    });

    it('a batch with one bad span → 400 naming the field, and its good spans are not stored either', async () => {
      const before = await snapshot();
      const request = oneTurn('sess-half');
      request.resourceSpans[0].scopeSpans[0].spans[2].traceId = 'not-hex';
      const body = await expectRejected(await post(JSON.stringify(request)), 400, /traceId/);
      expect(body.details[0]).toMatchObject({
        '@type': 'type.googleapis.com/google.rpc.BadRequest',
        fieldViolations: [{ field: 'resourceSpans[0].scopeSpans[0].spans[2].traceId' }],
      });
      expect((await fetch(`${viewer.url}/api/sessions/sess-half`)).status).toBe(404);
      expect(await snapshot()).toEqual(before);
    });

    it('a body over the size limit → 413', async () => {
      const before = await snapshot();
      const padded = JSON.stringify({ ...oneTurn('sess-big'), padding: 'x'.repeat(DEFAULT_LIMIT) });
      await expectRejected(await post(padded), 413, /larger than 4194304 bytes/);
      expect(await snapshot()).toEqual(before);
    });

    it('a small gzip body that inflates past the limit → 413', async () => {
      const before = await snapshot();
      const bomb = new Uint8Array(
        gzipSync(JSON.stringify({ ...oneTurn('sess-bomb'), padding: ' '.repeat(DEFAULT_LIMIT) })),
      );
      expect(bomb.byteLength).toBeLessThan(64 * 1024);
      await expectRejected(await post(bomb, { 'content-encoding': 'gzip' }), 413, /gzip-decoded request body/);
      expect(await snapshot()).toEqual(before);
    });

    it('a body that is not gzip but says so → 400', async () => {
      await expectRejected(await post('{}', { 'content-encoding': 'gzip' }), 400, /not valid gzip/);
    });

    it('a content type that is neither JSON nor protobuf → 415', async () => {
      await expectRejected(await post('{}', { 'content-type': 'text/plain' }), 415, /application\/x-protobuf/);
    });
  });

  it('keeps every session across a restart on the same data directory', async () => {
    const before = await snapshot();
    const session = await get('/api/sessions/sess-abc');
    expect(await viewer.stop()).toBe(0);
    viewer = await startViewerProcess(viewer.persistTo);
    expect(await snapshot()).toEqual(before);
    expect(await get('/api/sessions/sess-abc')).toEqual(session);
  });
});

describe('VIEWER_TOKEN', () => {
  let guarded: ViewerProcess;
  const token = 's3cret-token';

  beforeAll(async () => {
    guarded = await startViewerProcess(await tempDataDir(), { VIEWER_TOKEN: token });
  });

  afterAll(async () => {
    await guarded?.stop();
  });

  it('requires the bearer token for ingest, with an OTLP Status on refusal', async () => {
    const send = (headers: Record<string, string>) =>
      fetch(`${guarded.url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(demoTraceRequest()),
      });
    const refused = await send({});
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 16 });
    expect((await send({ authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await send({ authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('requires it for the API and pages too; a browser can give it as the Basic password', async () => {
    expect((await fetch(`${guarded.url}/api/sessions`)).status).toBe(401);
    const page = await fetch(`${guarded.url}/`);
    expect(page.status).toBe(401);
    expect(page.headers.get('www-authenticate')).toMatch(/^Basic/);
    const api = await fetch(`${guarded.url}/api/sessions`, { headers: { authorization: `Bearer ${token}` } });
    expect((await api.json()).sessions).toHaveLength(4);
    const basic = `Basic ${Buffer.from(`me:${token}`).toString('base64')}`;
    expect((await fetch(`${guarded.url}/sessions/sess-abc`, { headers: { authorization: basic } })).status).toBe(200);
  });
});
