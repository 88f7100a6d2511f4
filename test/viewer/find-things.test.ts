import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendFeedback } from '../../src/index.js';
import { DEMO_TURNS, demoTraceRequest } from '../../viewer/scripts/demo-turns.js';
import { syntheticTraceRequest } from '../../viewer/scripts/synthetic-spans.js';
import { type Json, startTestViewer, type TestViewer } from './local-viewer.js';

// The viewer as a place to work: feedback (the API and the library's sendFeedback), search, filters,
// pagination past 200, and the per-day numbers behind the charts.

let viewer: TestViewer;
let abc: Json;

beforeAll(async () => {
  viewer = await startTestViewer();
  expect((await viewer.post('/v1/traces', JSON.stringify(demoTraceRequest()))).status).toBe(200);
  abc = await viewer.get('/api/sessions/sess-abc');
});

afterAll(async () => {
  await viewer?.dispose();
});

const sessionIds = async (query: string) =>
  (await viewer.get(`/api/sessions?${query}`)).sessions.map((s: Json) => s.sessionId).sort();

describe('feedback', () => {
  it('is sent with sendFeedback, shown on the turn, and counted per session and per user', async () => {
    const [first, second] = abc.turns;
    const up = await sendFeedback(
      { traceId: first.traceId, name: 'helpful', value: 'up', comment: 'spot on' },
      { endpoint: `${viewer.url}/` },
    );
    expect(up).toEqual({ ok: true, status: 201 });
    const llmSpan = second.spans[0].children[0].children[0];
    expect(await sendFeedback({ spanId: llmSpan.spanId, name: 'helpful', value: 0 }, { endpoint: viewer.url })).toEqual(
      {
        ok: true,
        status: 201,
      },
    );
    const session = await viewer.get('/api/sessions/sess-abc');
    expect(session.turns[0].feedback).toMatchObject([
      { name: 'helpful', label: 'up', comment: 'spot on', polarity: 1 },
    ]);
    expect(session.turns[1].feedback).toMatchObject([{ score: 0, polarity: -1, spanId: llmSpan.spanId }]);
    const listed = (await viewer.get('/api/sessions?user=user-123')).sessions[0];
    expect(listed).toMatchObject({ feedbackUp: 1, feedbackDown: 1 });
    expect((await viewer.get('/api/users?user=user-123')).users[0]).toMatchObject({ feedbackUp: 1, feedbackDown: 1 });
    expect(await sessionIds('feedback=down')).toEqual(['sess-abc']);
    const page = await (await fetch(`${viewer.url}/sessions/sess-abc`)).text();
    expect(page).toContain('spot on');
  });

  it('counts feedback that arrives before its turn’s spans', async () => {
    const early = { ...DEMO_TURNS[0], sessionId: 'sess-early', userId: 'user-early' };
    const request = demoTraceRequest({ turns: [early] });
    const traceId = request.resourceSpans[0].scopeSpans[0].spans[0].traceId;
    expect(
      (await viewer.post('/api/feedback', JSON.stringify({ traceId, name: 'rating', value: 'thumbs_up' }))).status,
    ).toBe(201);
    expect((await viewer.post('/v1/traces', JSON.stringify(request))).status).toBe(200);
    expect((await viewer.get('/api/sessions?user=user-early')).sessions[0]).toMatchObject({ feedbackUp: 1 });
  });

  it.each([
    ['no id', { name: 'n', value: 1 }, 400, /traceId or spanId/],
    ['a bad trace id', { traceId: "' OR 1=1--", name: 'n', value: 1 }, 400, /traceId/],
    ['no name', { traceId: 'ab'.repeat(16), value: 1 }, 400, /name/],
    ['a value that is neither', { traceId: 'ab'.repeat(16), name: 'n', value: { up: true } }, 400, /value/],
    ['a long comment', { traceId: 'ab'.repeat(16), name: 'n', value: 1, comment: 'x'.repeat(5000) }, 400, /comment/],
    ['an unknown span', { spanId: 'ab'.repeat(8), name: 'n', value: 1 }, 404, /traceId too/],
  ])('refuses %s', async (_name, body, status, message) => {
    const response = await viewer.post('/api/feedback', JSON.stringify(body));
    expect(response.status).toBe(status);
    expect((await response.json()).error).toMatch(message);
  });

  it('takes only JSON, and sendFeedback reports a refusal or an unreachable viewer without throwing', async () => {
    expect((await viewer.post('/api/feedback', '{}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect(await sendFeedback({ name: 'n', value: 1 }, { endpoint: viewer.url })).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(
      await sendFeedback({ traceId: 'ab'.repeat(16), name: 'n', value: 1 }, { endpoint: 'http://127.0.0.1:9' }),
    ).toMatchObject({
      ok: false,
    });
    expect(await sendFeedback({ traceId: 'ab'.repeat(16), name: 'n', value: 1 }, { env: {} })).toMatchObject({
      ok: false,
    });
  });
});

describe('search and filters', () => {
  it('finds text in inputs and outputs (?q=), as a phrase, never as query syntax', async () => {
    expect(await sessionIds('q=hiking')).toEqual(['sess-abc']);
    expect(await sessionIds('q=HIKING')).toEqual(['sess-abc']);
    for (const q of ['"', 'hik* OR x', 'NEAR(a b)', "'); DROP TABLE spans;--"]) {
      const response = await fetch(`${viewer.url}/api/sessions?q=${encodeURIComponent(q)}`);
      expect(response.status, q).toBe(q.length < 3 ? 400 : 200);
    }
    expect((await fetch(`${viewer.url}/api/sessions?q=ab`)).status).toBe(400);
  });

  it('filters by error, model, tag and metadata key=value', async () => {
    expect(await sessionIds('meta=channel%3Dweb')).toEqual(['sess-abc', 'sess-jkl']);
    expect(await sessionIds('meta=channel%3Dmobile&tag=gear')).toEqual(['sess-ghi']);
    expect(await sessionIds('model=nope')).toEqual([]);
    const model = abc.turns[0].spans[0].children[0].children[0].model;
    expect((await sessionIds(`model=${encodeURIComponent(model)}`)).length).toBeGreaterThanOrEqual(4);
    expect((await fetch(`${viewer.url}/api/sessions?meta=novalue`)).status).toBe(400);
    const errors = await sessionIds('error=1');
    const all = (await viewer.get('/api/sessions')).sessions;
    expect(errors).toEqual(
      all
        .filter((s: Json) => s.errorCount > 0)
        .map((s: Json) => s.sessionId)
        .sort(),
    );
  });
});

describe('pagination and charts', () => {
  it('pages sessions and users past 200 with nextCursor, each row once', async () => {
    for (let batch = 0; batch < 10; batch++) {
      expect(
        (await viewer.post('/v1/traces', JSON.stringify(syntheticTraceRequest({ batch, traces: 100, users: 250 }))))
          .status,
      ).toBe(200);
    }
    for (const [path, key, id] of [
      ['/api/sessions', 'sessions', 'sessionId'],
      ['/api/users', 'users', 'userId'],
    ] as const) {
      const seen: string[] = [];
      let page = await viewer.get(path);
      expect(page[key]).toHaveLength(200);
      for (;;) {
        seen.push(...page[key].map((row: Json) => row[id]));
        if (!page.nextCursor) break;
        page = await viewer.get(`${path}?cursor=${encodeURIComponent(page.nextCursor)}`);
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((value) => value.startsWith('syn-'))).toHaveLength(path === '/api/sessions' ? 250 : 250);
    }
    expect((await fetch(`${viewer.url}/api/sessions?cursor=not-a-cursor`)).status).toBe(400);
    const html = await (await fetch(`${viewer.url}/`)).text();
    expect(html).toMatch(/<a class="next-page" rel="next" href="\/\?cursor=/);
  });

  it('counts requests, tokens, cost and p95 per UTC day, for everyone and per user', async () => {
    const days = (await viewer.get('/api/daily')).days;
    expect(days).toHaveLength(30);
    const today = days[29];
    expect(today.day).toBe(new Date().toISOString().slice(0, 10));
    const requests = days.reduce((sum: number, day: Json) => sum + day.requests, 0);
    const users = (await viewer.get('/api/users?limit=1000')).users;
    expect(requests).toBeGreaterThanOrEqual(1000);
    const user = (await viewer.get('/api/daily?user=user-456')).days;
    expect(user.reduce((sum: number, day: Json) => sum + day.requests, 0)).toBe(
      users.find((u: Json) => u.userId === 'user-456').requests,
    );
    const page = await (await fetch(`${viewer.url}/users`)).text();
    expect(page.match(/<rect /g)?.length).toBe(4 * 30);
  });
});
