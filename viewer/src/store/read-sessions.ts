import type { D1Database } from '../d1.js';
import { decodeCursor, encodeCursor, pageSize } from './cursor.js';

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
  errorCount: number;
  feedbackUp: number;
  feedbackDown: number;
}

/** Filters of the sessions list; each keeps whole sessions with at least one matching turn. */
export interface SessionFilter {
  user?: string;
  tag?: string;
  /** Text (3 characters or more) in an input or output. */
  q?: string;
  /** `llm.model_name` of any span. */
  model?: string;
  /** Only sessions with an error span. */
  error?: boolean;
  /** A metadata entry, as `key=value`. */
  meta?: string;
  /** Only sessions with positive ("up") or negative ("down") feedback. */
  feedback?: 'up' | 'down';
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/** A page of sessions, and the cursor of the next one when there is more. */
export interface SessionPage {
  sessions: SessionSummary[];
  nextCursor: string | null;
}

interface Row {
  sessionId: string;
  turns: number;
  firstMs: number;
  lastMs: number;
  llmCount: number;
  tokens: number | null;
  costUsd: number | null;
  latencyMs: number;
  errorCount: number;
  feedbackUp: number;
  feedbackDown: number;
}

/** Why a filter cannot be used (the API answers 400). */
export class FilterError extends Error {}

/** Milliseconds since the epoch as an ISO 8601 UTC string. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The WHERE clause of a filter over `sessions s`, its parameters numbered from 1. */
function sessionWhere(filter: SessionFilter, params: unknown[]): string[] {
  const where = ['s.turns > 0'];
  const bind = (value: unknown) => {
    params.push(value);
    return `?${params.length}`;
  };
  if (filter.user) where.push(`s.session_id IN (SELECT session_id FROM turns WHERE user_id = ${bind(filter.user)})`);
  if (filter.tag) {
    where.push(
      `s.session_id IN (SELECT t.session_id FROM span_tags g JOIN turns t ON t.trace_id = g.trace_id WHERE g.tag = ${bind(filter.tag)})`,
    );
  }
  if (filter.q !== undefined) {
    if ([...filter.q].length < 3) throw new FilterError('q must be at least 3 characters');
    // One FTS5 phrase: the text as typed, quotes doubled, so no query syntax reaches the matcher.
    const phrase = bind(`"${filter.q.replace(/"/g, '""')}"`);
    where.push(`s.session_id IN (SELECT t.session_id FROM span_text x CROSS JOIN spans p ON p.rowid = x.rowid
      CROSS JOIN turns t ON t.trace_id = p.trace_id WHERE span_text MATCH ${phrase})`);
  }
  if (filter.model) {
    where.push(`s.session_id IN (SELECT t.session_id FROM spans p CROSS JOIN turns t ON t.trace_id = p.trace_id
      WHERE p.model = ${bind(filter.model)})`);
  }
  if (filter.meta !== undefined) {
    const at = filter.meta.indexOf('=');
    if (at < 1) throw new FilterError('meta must be key=value');
    where.push(`s.session_id IN (SELECT t.session_id FROM turn_metadata m CROSS JOIN turns t ON t.trace_id = m.trace_id
      WHERE m.key = ${bind(filter.meta.slice(0, at))} AND m.value = ${bind(filter.meta.slice(at + 1))})`);
  }
  if (filter.error) where.push('s.error_count > 0');
  if (filter.feedback === 'up') where.push('s.feedback_up > 0');
  if (filter.feedback === 'down') where.push('s.feedback_down > 0');
  if (filter.cursor) {
    const { lastMs, id } = decodeCursor(filter.cursor);
    const at = bind(lastMs);
    where.push(`(s.last_ms < ${at} OR (s.last_ms = ${at} AND s.session_id < ${bind(id)}))`);
  }
  return where;
}

/**
 * Sessions, newest activity first, a page at a time, from the totals kept as spans arrive. A filter
 * keeps whole sessions: every turn of a session with one matching turn is counted, so the numbers
 * match the session's own page. Throws CursorError for a cursor this viewer did not make.
 */
export async function listSessions(db: D1Database, filter: SessionFilter = {}): Promise<SessionPage> {
  const params: unknown[] = [];
  const where = sessionWhere(filter, params);
  const size = pageSize(filter.limit);
  params.push(size + 1);
  const { results } = await db
    .prepare(
      `SELECT s.session_id AS sessionId, s.turns, s.first_ms AS firstMs, s.last_ms AS lastMs, s.llm_count AS llmCount,
        s.tokens, s.cost_usd AS costUsd, s.latency_ms AS latencyMs, s.error_count AS errorCount,
        s.feedback_up AS feedbackUp, s.feedback_down AS feedbackDown
      FROM sessions s WHERE ${where.join(' AND ')}
      ORDER BY s.last_ms DESC, s.session_id DESC LIMIT ?${params.length}`,
    )
    .bind(...params)
    .all<Row>();
  const rows = results.slice(0, size);
  const users = await sessionUsers(
    db,
    rows.map((row) => row.sessionId),
  );
  const last = rows[rows.length - 1];
  return {
    sessions: rows.map((row) => ({
      sessionId: row.sessionId,
      userIds: users.get(row.sessionId) ?? [],
      turns: row.turns,
      firstTime: iso(row.firstMs),
      lastTime: iso(row.lastMs),
      tokens: row.llmCount > 0 ? row.tokens : null,
      costUsd: row.llmCount > 0 ? row.costUsd : null,
      latencyMs: row.latencyMs,
      errorCount: row.errorCount,
      feedbackUp: row.feedbackUp,
      feedbackDown: row.feedbackDown,
    })),
    nextCursor: results.length > size && last ? encodeCursor(last.lastMs, last.sessionId) : null,
  };
}

/** The users of the listed sessions only, through the turns' session index. */
async function sessionUsers(db: D1Database, sessionIds: string[]): Promise<Map<string, string[]>> {
  const users = new Map<string, string[]>();
  if (sessionIds.length === 0) return users;
  const { results } = await db
    .prepare(
      `SELECT t.session_id AS sessionId, t.user_id AS userId, MIN(t.start_ms) AS firstMs
      FROM json_each(?1) j CROSS JOIN turns t ON t.session_id = j.value
      WHERE t.user_id IS NOT NULL GROUP BY t.session_id, t.user_id ORDER BY firstMs`,
    )
    .bind(JSON.stringify(sessionIds))
    .all<{ sessionId: string; userId: string }>();
  for (const row of results) users.set(row.sessionId, [...(users.get(row.sessionId) ?? []), row.userId]);
  return users;
}
