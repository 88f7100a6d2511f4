import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticTraceRequest } from '../../viewer/scripts/synthetic-spans.js';
import { type Json, startTestViewer, type TestViewer } from './local-viewer.js';

// Session and user totals are kept up to date as spans arrive (not regrouped from every turn on each
// page view): after batches that split traces, repeat themselves and expire, they still equal what
// grouping every turn gives. Retention deletes whole turns, at start locally and on the cron trigger.

let viewer: TestViewer;
const DAY = 86_400_000;

beforeAll(async () => {
  viewer = await startTestViewer({ bindings: { VIEWER_RETENTION_DAYS: '30' } });
});

afterAll(async () => {
  await viewer?.dispose();
});

async function query(sql: string): Promise<Json[]> {
  return (await (await viewer.mf.getD1Database('DB')).prepare(sql).all()).results;
}

async function expectTotalsMatchTurns() {
  const kept = await query(
    `SELECT session_id, turns, first_ms, last_ms, llm_count, tokens, ROUND(cost_usd, 9) AS cost, latency_ms, error_count
    FROM sessions WHERE turns > 0 ORDER BY session_id`,
  );
  const grouped = await query(
    `SELECT session_id, COUNT(*) AS turns, MIN(start_ms) AS first_ms, MAX(end_ms) AS last_ms, SUM(llm_count) AS llm_count,
      SUM(total_tokens) AS tokens, ROUND(SUM(cost_usd), 9) AS cost, SUM(duration_ms) AS latency_ms, SUM(error_count) AS error_count
    FROM turns WHERE session_id IS NOT NULL GROUP BY session_id ORDER BY session_id`,
  );
  expect(kept).toEqual(grouped);
  const users = await query(
    'SELECT user_id, requests, tokens, latency_ms FROM users WHERE requests > 0 ORDER BY user_id',
  );
  const usersGrouped = await query(
    `SELECT user_id, COUNT(*) AS requests, SUM(total_tokens) AS tokens, SUM(duration_ms) AS latency_ms
    FROM turns WHERE user_id IS NOT NULL GROUP BY user_id ORDER BY user_id`,
  );
  expect(users).toEqual(usersGrouped);
  const pairs = await query(
    'SELECT user_id, COUNT(*) AS sessions FROM user_sessions GROUP BY user_id ORDER BY user_id',
  );
  const pairsGrouped = await query(
    `SELECT user_id, COUNT(DISTINCT session_id) AS sessions FROM turns
    WHERE user_id IS NOT NULL AND session_id IS NOT NULL GROUP BY user_id ORDER BY user_id`,
  );
  expect(pairs).toEqual(pairsGrouped);
  const histogram = await query(
    'SELECT user_id, SUM(turns) AS requests FROM user_latency WHERE turns > 0 GROUP BY user_id ORDER BY user_id',
  );
  expect(histogram).toEqual(usersGrouped.map(({ user_id, requests }) => ({ user_id, requests })));
  return grouped.length;
}

const post = (body: Json) => viewer.post('/v1/traces', JSON.stringify(body));

describe('totals', () => {
  it('equal the grouped turns after retried batches and traces split across batches', async () => {
    for (let batch = 0; batch < 5; batch++) {
      expect((await post(syntheticTraceRequest({ batch, traces: 40, users: 7 }))).status).toBe(200);
    }
    // A retry of a stored batch, and a trace whose spans arrive in two batches (LLM span first).
    expect((await post(syntheticTraceRequest({ batch: 2, traces: 40, users: 7 }))).status).toBe(200);
    const split = syntheticTraceRequest({ batch: 9, traces: 1, users: 7 });
    const [root, chain, llm] = split.resourceSpans[0].scopeSpans[0].spans;
    split.resourceSpans[0].scopeSpans[0].spans = [llm];
    expect((await post(split)).status).toBe(200);
    split.resourceSpans[0].scopeSpans[0].spans = [root, chain];
    expect((await post(split)).status).toBe(200);
    expect(await expectTotalsMatchTurns()).toBe(51);
    expect(await viewer.count('spans')).toBe(5 * 40 * 3 + 3);
  });
});

describe('retention', () => {
  it('deletes turns that ended more than VIEWER_RETENTION_DAYS ago when the cron trigger runs, with their totals', async () => {
    const daysAgo = (batch: number, days: number) =>
      post(syntheticTraceRequest({ batch, traces: 10, users: 3, startMs: Date.now() - days * DAY, prefix: 'old' }));
    expect((await daysAgo(20, 31)).status).toBe(200);
    expect((await daysAgo(21, 29)).status).toBe(200);
    const spansBefore = await viewer.count('spans');
    await viewer.runCron();
    expect(await viewer.count('spans')).toBe(spansBefore - 30);
    expect(await viewer.get('/api/sessions/old-sess-20-0').catch((error) => String(error))).toMatch(/404/);
    expect((await viewer.get('/api/sessions/old-sess-21-0')).turns).toHaveLength(4);
    await expectTotalsMatchTurns();
    const users = (await viewer.get('/api/users')).users.filter((user: Json) => user.userId.startsWith('old-'));
    expect(users.reduce((sum: number, user: Json) => sum + user.requests, 0)).toBe(10);
  });
});

it('npm run viewer applies the retention at start, as the cron trigger does when deployed', async () => {
  const first = await startTestViewer();
  const persistTo = first.persistTo;
  try {
    const old = syntheticTraceRequest({ batch: 30, traces: 5, startMs: Date.now() - 40 * DAY, prefix: 'start' });
    expect((await first.post('/v1/traces', JSON.stringify(old))).status).toBe(200);
    expect(await first.count('spans')).toBe(15);
  } finally {
    await first.dispose();
  }
  const again = await startTestViewer({ persistTo });
  try {
    expect(await again.count('spans')).toBe(0);
    expect((await again.get('/api/sessions')).sessions).toEqual([]);
  } finally {
    await again.dispose();
  }
});
