import type { D1Database } from '../d1.js';
import { decodeCursor, encodeCursor, pageSize } from './cursor.js';
import { iso } from './read-sessions.js';
import { bucketMiddleMs } from './totals-sql.js';

/** One row of the users page. */
export interface UserSummary {
  userId: string;
  /** Turns (traces) attributed to the user. */
  requests: number;
  sessions: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  tokens: number | null;
  costUsd: number | null;
  errorCount: number;
  feedbackUp: number;
  feedbackDown: number;
  firstTime: string;
  lastTime: string;
}

/** A page of users, and the cursor of the next one when there is more. */
export interface UserPage {
  users: UserSummary[];
  nextCursor: string | null;
}

/** Which users: one (`user`), or a page of all of them. */
export interface UserFilter {
  user?: string;
  limit?: number;
  cursor?: string;
}

interface TotalsRow {
  userId: string;
  requests: number;
  firstMs: number;
  lastMs: number;
  llmCount: number;
  tokens: number | null;
  costUsd: number | null;
  errorCount: number;
  feedbackUp: number;
  feedbackDown: number;
}

// Per listed user: their session count (user_sessions) and latency histogram (user_latency), a few
// rows each however many turns they have.
const STATS_SQL = `
SELECT j.value AS userId, l.bucket, l.turns,
  (SELECT COUNT(*) FROM user_sessions s WHERE s.user_id = j.value) AS sessions
FROM json_each(?1) j CROSS JOIN user_latency l ON l.user_id = j.value
WHERE l.turns > 0 ORDER BY j.value, l.bucket`;

interface Stats {
  sessions: number;
  buckets: { bucket: number; turns: number }[];
}

/** The nearest-rank percentile from a histogram: the middle of the bucket holding rank ceil(p·n). */
function percentileMs(buckets: Stats['buckets'], p: number): number {
  const total = buckets.reduce((sum, bucket) => sum + bucket.turns, 0);
  const rank = Math.ceil((p / 100) * total);
  let seen = 0;
  for (const { bucket, turns } of buckets) {
    seen += turns;
    if (seen >= rank) return Math.round(bucketMiddleMs(bucket) * 1000) / 1000;
  }
  return 0;
}

/**
 * Users (or just `filter.user`), most recently active first, a page at a time, all from rows kept up
 * to date as spans arrive. p50 and p95 latency come from a histogram with 5%-wide buckets: within
 * 2.5% of the exact nearest-rank value.
 */
export async function listUsers(db: D1Database, filter: UserFilter = {}): Promise<UserPage> {
  const params: unknown[] = [];
  const where = ['u.requests > 0'];
  if (filter.user) {
    params.push(filter.user);
    where.push(`u.user_id = ?${params.length}`);
  }
  if (filter.cursor) {
    const { lastMs, id } = decodeCursor(filter.cursor);
    params.push(lastMs, id);
    where.push(
      `(u.last_ms < ?${params.length - 1} OR (u.last_ms = ?${params.length - 1} AND u.user_id < ?${params.length}))`,
    );
  }
  const size = pageSize(filter.limit);
  params.push(size + 1);
  const { results } = await db
    .prepare(
      `SELECT u.user_id AS userId, u.requests, u.first_ms AS firstMs, u.last_ms AS lastMs, u.llm_count AS llmCount,
        u.tokens, u.cost_usd AS costUsd, u.error_count AS errorCount, u.feedback_up AS feedbackUp,
        u.feedback_down AS feedbackDown
      FROM users u WHERE ${where.join(' AND ')}
      ORDER BY u.last_ms DESC, u.user_id DESC LIMIT ?${params.length}`,
    )
    .bind(...params)
    .all<TotalsRow>();
  const rows = results.slice(0, size);
  const stats = new Map<string, Stats>();
  if (rows.length > 0) {
    const { results: statRows } = await db
      .prepare(STATS_SQL)
      .bind(JSON.stringify(rows.map((row) => row.userId)))
      .all<{ userId: string; bucket: number; turns: number; sessions: number }>();
    for (const { userId, bucket, turns, sessions } of statRows) {
      const entry = stats.get(userId) ?? { sessions, buckets: [] };
      entry.buckets.push({ bucket, turns });
      stats.set(userId, entry);
    }
  }
  const last = rows[rows.length - 1];
  return {
    users: rows.map(({ firstMs, lastMs, llmCount, ...row }) => ({
      ...row,
      tokens: llmCount > 0 ? row.tokens : null,
      costUsd: llmCount > 0 ? row.costUsd : null,
      sessions: stats.get(row.userId)?.sessions ?? 0,
      latencyP50Ms: percentileMs(stats.get(row.userId)?.buckets ?? [], 50),
      latencyP95Ms: percentileMs(stats.get(row.userId)?.buckets ?? [], 95),
      firstTime: iso(firstMs),
      lastTime: iso(lastMs),
    })),
    nextCursor: results.length > size && last ? encodeCursor(last.lastMs, last.userId) : null,
  };
}
