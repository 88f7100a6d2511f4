import type { D1Database } from '../d1.js';
import { SUBTRACT_TOTALS } from './totals-sql.js';

/** 30 days, unless VIEWER_RETENTION_DAYS says otherwise. */
export const DEFAULT_RETENTION_DAYS = 30;

// Whole turns go at once, oldest first, a bounded number per statement batch so one run never
// outgrows D1's per-invocation limits; the loop stops when nothing older than the cutoff is left.
const TRACES_PER_ROUND = 2000;
const MAX_ROUNDS = 50;

// Sessions and users that the expired turns leave empty, found through those turns before they go
// (CROSS JOIN keeps the expired turns as the outer loop, so the totals tables are only looked up).
const deleteEmptied = (table: string, key: string, count: string) =>
  `DELETE FROM ${table} WHERE rowid IN (
    SELECT x.rowid FROM (SELECT DISTINCT t.${key} AS k FROM json_each(?1) j CROSS JOIN turns t ON t.trace_id = j.value) e
    CROSS JOIN ${table} x ON x.${key} = e.k WHERE x.${count} <= 0)`;
const DELETE_EMPTIED = [
  `DELETE FROM user_sessions WHERE session_id IN (
    SELECT x.session_id FROM (SELECT DISTINCT t.session_id AS k FROM json_each(?1) j CROSS JOIN turns t ON t.trace_id = j.value) e
    CROSS JOIN sessions x ON x.session_id = e.k WHERE x.turns <= 0)`,
  deleteEmptied('sessions', 'session_id', 'turns'),
  deleteEmptied('users', 'user_id', 'requests'),
  `DELETE FROM user_latency WHERE turns <= 0 AND user_id IN
    (SELECT DISTINCT t.user_id FROM json_each(?1) j CROSS JOIN turns t ON t.trace_id = j.value)`,
];

const DELETE_BY_TRACE = [
  'DELETE FROM span_text WHERE rowid IN (SELECT s.rowid FROM json_each(?1) j CROSS JOIN spans s ON s.trace_id = j.value)',
  'DELETE FROM turn_metadata WHERE trace_id IN (SELECT value FROM json_each(?1))',
  'DELETE FROM feedback WHERE trace_id IN (SELECT value FROM json_each(?1))',
  'DELETE FROM span_tags WHERE trace_id IN (SELECT value FROM json_each(?1))',
  'DELETE FROM spans WHERE trace_id IN (SELECT value FROM json_each(?1))',
  'DELETE FROM turns WHERE trace_id IN (SELECT value FROM json_each(?1))',
];

/** The retention in days from the binding; a missing or bad value is the default. */
export function retentionDays(value: string | undefined): number {
  const days = Number(value);
  return Number.isFinite(days) && days > 0 ? days : DEFAULT_RETENTION_DAYS;
}

/**
 * Deletes every turn that ended more than `days` ago, with its spans and tags, and takes it out of its
 * session's and user's totals; sessions and users left without turns are deleted. Returns the number
 * of turns deleted.
 */
export async function deleteExpired(db: D1Database, days: number, now = Date.now()): Promise<number> {
  const cutoff = now - days * 86_400_000;
  let deleted = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { results } = await db
      .prepare('SELECT trace_id AS traceId FROM turns WHERE end_ms < ?1 ORDER BY end_ms LIMIT ?2')
      .bind(cutoff, TRACES_PER_ROUND)
      .all<{ traceId: string }>();
    if (results.length === 0) break;
    const ids = JSON.stringify(results.map((row) => row.traceId));
    await db.batch([...SUBTRACT_TOTALS, ...DELETE_EMPTIED, ...DELETE_BY_TRACE].map((sql) => db.prepare(sql).bind(ids)));
    deleted += results.length;
    if (results.length < TRACES_PER_ROUND) break;
  }
  return deleted;
}
