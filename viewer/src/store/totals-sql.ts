/**
 * Session and user totals, kept up to date as spans arrive. For the turns a batch touches (?1, a JSON
 * array of trace ids), SUBTRACT takes their old numbers out of their session's and user's rows before
 * RECOMPUTE_TURNS rewrites them, and ADD puts the new numbers in after; both read only the touched
 * turns (`json_each CROSS JOIN turns` keeps the touched ids as the outer loop), so a batch costs the
 * same on an empty store and a full one. Counts and sums are exact; first and last times only move
 * outward, which is what spans arriving in any order do to a turn.
 */
interface Totals {
  table: 'sessions' | 'users';
  key: 'session_id' | 'user_id';
  count: 'turns' | 'requests';
}

const SESSIONS: Totals = { table: 'sessions', key: 'session_id', count: 'turns' };
const USERS: Totals = { table: 'users', key: 'user_id', count: 'requests' };

function touchedTurns(key: string): string {
  return `FROM json_each(?1) j CROSS JOIN turns t ON t.trace_id = j.value WHERE t.${key} IS NOT NULL GROUP BY t.${key}`;
}

function subtract({ table, key, count }: Totals): string {
  return `
WITH d AS (
  SELECT t.${key} AS k, COUNT(*) AS n, SUM(t.llm_count) AS llm, SUM(t.total_tokens) AS tok,
    SUM(t.cost_usd) AS cost, SUM(t.duration_ms) AS latency, SUM(t.error_count) AS errors
  ${touchedTurns(key)}
)
UPDATE ${table} SET ${count} = ${count} - d.n, llm_count = llm_count - d.llm,
  tokens = tokens - COALESCE(d.tok, 0), cost_usd = cost_usd - COALESCE(d.cost, 0),
  latency_ms = latency_ms - d.latency, error_count = error_count - d.errors
FROM d WHERE ${table}.${key} = d.k`;
}

const nullableSum = (column: string) =>
  `${column} = CASE WHEN ${column} IS NULL AND excluded.${column} IS NULL THEN NULL
    ELSE COALESCE(${column}, 0) + COALESCE(excluded.${column}, 0) END`;

function add({ table, key, count }: Totals): string {
  return `
INSERT INTO ${table} (${key}, ${count}, first_ms, last_ms, llm_count, tokens, cost_usd, latency_ms, error_count)
SELECT t.${key}, COUNT(*), MIN(t.start_ms), MAX(t.end_ms), SUM(t.llm_count), SUM(t.total_tokens), SUM(t.cost_usd),
  SUM(t.duration_ms), SUM(t.error_count)
${touchedTurns(key)}
ON CONFLICT (${key}) DO UPDATE SET ${count} = ${count} + excluded.${count},
  first_ms = MIN(first_ms, excluded.first_ms), last_ms = MAX(last_ms, excluded.last_ms),
  llm_count = llm_count + excluded.llm_count, ${nullableSum('tokens')}, ${nullableSum('cost_usd')},
  latency_ms = latency_ms + excluded.latency_ms, error_count = error_count + excluded.error_count`;
}

/** A turn's latency bucket: 5% wide, so a percentile read from buckets is within 2.5% of the exact one. */
export const LATENCY_BUCKET = 'CAST(floor(ln(1 + max(t.duration_ms, 0)) / ln(1.05)) AS INTEGER)';
/** The middle of a bucket, in milliseconds (the inverse of LATENCY_BUCKET). */
export function bucketMiddleMs(bucket: number): number {
  return 1.05 ** (bucket + 0.5) - 1;
}

const touchedLatencies = `
  SELECT t.user_id AS k, ${LATENCY_BUCKET} AS b, COUNT(*) AS n
  FROM json_each(?1) j CROSS JOIN turns t ON t.trace_id = j.value WHERE t.user_id IS NOT NULL GROUP BY k, b`;

const SUBTRACT_LATENCY = `
WITH d AS (${touchedLatencies})
UPDATE user_latency SET turns = turns - d.n FROM d WHERE user_latency.user_id = d.k AND user_latency.bucket = d.b`;

const ADD_LATENCY = `
INSERT INTO user_latency (user_id, bucket, turns) ${touchedLatencies}
ON CONFLICT (user_id, bucket) DO UPDATE SET turns = turns + excluded.turns`;

/** Run before the touched turns change (and before they are deleted). */
export const SUBTRACT_TOTALS = [subtract(SESSIONS), subtract(USERS), SUBTRACT_LATENCY];
const ADD_USER_SESSIONS = `
INSERT OR IGNORE INTO user_sessions (user_id, session_id)
SELECT DISTINCT t.user_id, t.session_id FROM json_each(?1) j CROSS JOIN turns t ON t.trace_id = j.value
WHERE t.user_id IS NOT NULL AND t.session_id IS NOT NULL`;

/** Run after the touched turns are recomputed. */
export const ADD_TOTALS = [add(SESSIONS), add(USERS), ADD_USER_SESSIONS, ADD_LATENCY];
