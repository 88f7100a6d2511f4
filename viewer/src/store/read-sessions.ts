import type { D1Database } from '../d1.js';

/** One row of the sessions list. */
export interface SessionSummary {
  sessionId: string;
  userIds: string[];
  turns: number;
  firstTime: string;
  lastTime: string;
  tokens: number | null;
  costUsd: number | null;
  /** The sum of the turns' latencies. */
  latencyMs: number;
}

/** Filters of the sessions list. */
export interface SessionFilter {
  user?: string;
  tag?: string;
  limit?: number;
}

interface Row {
  sessionId: string;
  userIds: string;
  turns: number;
  firstMs: number;
  lastMs: number;
  tokens: number | null;
  costUsd: number | null;
  latencyMs: number;
}

/** Milliseconds since the epoch as an ISO 8601 UTC string. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Sessions, newest activity first. A filter keeps whole sessions: every turn of a session with one
 * matching turn is counted, so the numbers match the session's own page.
 */
export async function listSessions(db: D1Database, filter: SessionFilter = {}): Promise<SessionSummary[]> {
  const where = ['session_id IS NOT NULL'];
  const params: unknown[] = [];
  if (filter.user) {
    params.push(filter.user);
    where.push(`session_id IN (SELECT session_id FROM turns WHERE user_id = ?${params.length})`);
  }
  if (filter.tag) {
    params.push(filter.tag);
    where.push(
      `session_id IN (SELECT t.session_id FROM span_tags g JOIN turns t ON t.trace_id = g.trace_id WHERE g.tag = ?${params.length})`,
    );
  }
  params.push(Math.min(Math.max(filter.limit ?? 200, 1), 1000));
  const { results } = await db
    .prepare(
      `SELECT session_id AS sessionId, json_group_array(DISTINCT user_id) AS userIds, COUNT(*) AS turns,
        MIN(start_ms) AS firstMs, MAX(end_ms) AS lastMs, SUM(total_tokens) AS tokens, SUM(cost_usd) AS costUsd,
        SUM(duration_ms) AS latencyMs
      FROM turns WHERE ${where.join(' AND ')}
      GROUP BY session_id ORDER BY lastMs DESC LIMIT ?${params.length}`,
    )
    .bind(...params)
    .all<Row>();
  return results.map((row) => ({
    sessionId: row.sessionId,
    userIds: (JSON.parse(row.userIds) as (string | null)[]).filter((id): id is string => id !== null),
    turns: row.turns,
    firstTime: iso(row.firstMs),
    lastTime: iso(row.lastMs),
    tokens: row.tokens,
    costUsd: row.costUsd,
    latencyMs: row.latencyMs,
  }));
}
