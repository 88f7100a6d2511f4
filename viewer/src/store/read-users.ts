import type { D1Database } from '../d1.js';
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
  firstTime: string;
  lastTime: string;
}

interface Row extends Omit<UserSummary, 'firstTime' | 'lastTime'> {
  firstMs: number;
  lastMs: number;
}

// Nearest-rank percentiles with window functions: the p-th percentile of n sorted latencies is the
// one at rank ceil(p * n / 100), written in integer arithmetic because SQLite builds may lack ceil().
const USERS_SQL = `
WITH ranked AS (
  SELECT user_id, session_id, start_ms, end_ms, duration_ms, total_tokens, cost_usd,
    ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY duration_ms) AS rank,
    COUNT(*) OVER (PARTITION BY user_id) AS n
  FROM turns WHERE user_id IS NOT NULL AND (?1 IS NULL OR user_id = ?1)
)
SELECT user_id AS userId, COUNT(*) AS requests, COUNT(DISTINCT session_id) AS sessions,
  MAX(CASE WHEN rank = (50 * n + 99) / 100 THEN duration_ms END) AS latencyP50Ms,
  MAX(CASE WHEN rank = (95 * n + 99) / 100 THEN duration_ms END) AS latencyP95Ms,
  SUM(total_tokens) AS tokens, SUM(cost_usd) AS costUsd, MIN(start_ms) AS firstMs, MAX(end_ms) AS lastMs
FROM ranked GROUP BY user_id ORDER BY lastMs DESC`;

/** Every user (or just `userId`), most recently active first. */
export async function listUsers(db: D1Database, userId?: string): Promise<UserSummary[]> {
  const { results } = await db
    .prepare(USERS_SQL)
    .bind(userId ?? null)
    .all<Row>();
  return results.map(({ firstMs, lastMs, ...row }) => ({ ...row, firstTime: iso(firstMs), lastTime: iso(lastMs) }));
}
