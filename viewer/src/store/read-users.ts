import type { D1Database } from '../d1.js';
import { decodeCursor, encodeCursor, pageSize } from './cursor.js';
import { iso } from './read-sessions.js';

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
}

interface StatsRow {
  userId: string;
  sessions: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
}

/** Percentiles are taken over each listed user's latest turns, so a page costs the same for old users. */
export const LATENCY_WINDOW_TURNS = 1000;

// Nearest-rank percentiles with window functions over each listed user's latest turns (the turns'
// user index, newest first, LIMIT): the p-th percentile of n sorted latencies is the one at rank
// ceil(p * n / 100), written in integer arithmetic because SQLite builds may lack ceil(). Session
// counts come from user_sessions, one row per (user, session).
const STATS_SQL = `
WITH recent AS (
  SELECT j.value AS user_id, t.duration_ms
  FROM json_each(?1) j CROSS JOIN turns t
  WHERE t.rowid IN (SELECT rowid FROM turns WHERE user_id = j.value ORDER BY start_ms DESC LIMIT ${LATENCY_WINDOW_TURNS})
),
ranked AS (
  SELECT user_id, duration_ms,
    ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY duration_ms) AS rank,
    COUNT(*) OVER (PARTITION BY user_id) AS n
  FROM recent
)
SELECT user_id AS userId,
  (SELECT COUNT(*) FROM user_sessions s WHERE s.user_id = ranked.user_id) AS sessions,
  MAX(CASE WHEN rank = (50 * n + 99) / 100 THEN duration_ms END) AS latencyP50Ms,
  MAX(CASE WHEN rank = (95 * n + 99) / 100 THEN duration_ms END) AS latencyP95Ms
FROM ranked GROUP BY user_id`;

/**
 * Users (or just `filter.user`), most recently active first, a page at a time: totals from the rows
 * kept as spans arrive, sessions and percentiles from the listed users' own turns.
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
        u.tokens, u.cost_usd AS costUsd, u.error_count AS errorCount
      FROM users u WHERE ${where.join(' AND ')}
      ORDER BY u.last_ms DESC, u.user_id DESC LIMIT ?${params.length}`,
    )
    .bind(...params)
    .all<TotalsRow>();
  const rows = results.slice(0, size);
  const stats = new Map<string, StatsRow>();
  if (rows.length > 0) {
    const { results: statRows } = await db
      .prepare(STATS_SQL)
      .bind(JSON.stringify(rows.map((row) => row.userId)))
      .all<StatsRow>();
    for (const row of statRows) stats.set(row.userId, row);
  }
  const last = rows[rows.length - 1];
  return {
    users: rows.map(({ firstMs, lastMs, llmCount, ...row }) => ({
      ...row,
      tokens: llmCount > 0 ? row.tokens : null,
      costUsd: llmCount > 0 ? row.costUsd : null,
      sessions: stats.get(row.userId)?.sessions ?? 0,
      latencyP50Ms: stats.get(row.userId)?.latencyP50Ms ?? 0,
      latencyP95Ms: stats.get(row.userId)?.latencyP95Ms ?? 0,
      firstTime: iso(firstMs),
      lastTime: iso(lastMs),
    })),
    nextCursor: results.length > size && last ? encodeCursor(last.lastMs, last.userId) : null,
  };
}
