/**
 * Session, user and per-day totals, kept up to date as spans (and feedback) arrive. For the turns a
 * write touches (?1, a JSON array of trace ids), SUBTRACT takes their old numbers out of the totals
 * before RECOMPUTE_TURNS rewrites them, and ADD puts the new numbers in after; both read only the
 * touched turns (`json_each CROSS JOIN turns` keeps the touched ids as the outer loop), so a write
 * costs the same on an empty store and a full one. Counts and sums are exact; first and last times
 * only move outward, which is what spans arriving in any order do to a turn.
 */
interface Totals {
  table: 'sessions' | 'users';
  key: 'session_id' | 'user_id';
  count: 'turns' | 'requests';
}

const SESSIONS: Totals = { table: 'sessions', key: 'session_id', count: 'turns' };
const USERS: Totals = { table: 'users', key: 'user_id', count: 'requests' };

const TOUCHED = 'FROM json_each(?1) j CROSS JOIN turns t ON t.trace_id = j.value';

function touchedTurns(key: string): string {
  return `${TOUCHED} WHERE t.${key} IS NOT NULL GROUP BY t.${key}`;
}

function subtract({ table, key, count }: Totals): string {
  return `
WITH d AS (
  SELECT t.${key} AS k, COUNT(*) AS n, SUM(t.llm_count) AS llm, SUM(t.total_tokens) AS tok,
    SUM(t.cost_usd) AS cost, SUM(t.duration_ms) AS latency, SUM(t.error_count) AS errors,
    SUM(t.feedback_up) AS up, SUM(t.feedback_down) AS down
  ${touchedTurns(key)}
)
UPDATE ${table} SET ${count} = ${count} - d.n, llm_count = llm_count - d.llm,
  tokens = tokens - COALESCE(d.tok, 0), cost_usd = cost_usd - COALESCE(d.cost, 0),
  latency_ms = latency_ms - d.latency, error_count = error_count - d.errors,
  feedback_up = feedback_up - d.up, feedback_down = feedback_down - d.down
FROM d WHERE ${table}.${key} = d.k`;
}

const nullableSum = (column: string) =>
  `${column} = CASE WHEN ${column} IS NULL AND excluded.${column} IS NULL THEN NULL
    ELSE COALESCE(${column}, 0) + COALESCE(excluded.${column}, 0) END`;

const plusExcluded = (columns: string[]) => columns.map((column) => `${column} = ${column} + excluded.${column}`);

function add({ table, key, count }: Totals): string {
  return `
INSERT INTO ${table} (${key}, ${count}, first_ms, last_ms, llm_count, tokens, cost_usd, latency_ms, error_count,
  feedback_up, feedback_down)
SELECT t.${key}, COUNT(*), MIN(t.start_ms), MAX(t.end_ms), SUM(t.llm_count), SUM(t.total_tokens), SUM(t.cost_usd),
  SUM(t.duration_ms), SUM(t.error_count), SUM(t.feedback_up), SUM(t.feedback_down)
${touchedTurns(key)}
ON CONFLICT (${key}) DO UPDATE SET
  first_ms = MIN(first_ms, excluded.first_ms), last_ms = MAX(last_ms, excluded.last_ms),
  ${nullableSum('tokens')}, ${nullableSum('cost_usd')},
  ${plusExcluded([count, 'llm_count', 'latency_ms', 'error_count', 'feedback_up', 'feedback_down']).join(', ')}`;
}

/** A turn's latency bucket: 5% wide, so a percentile read from buckets is within 2.5% of the exact one. */
export const LATENCY_BUCKET = 'CAST(floor(ln(1 + max(t.duration_ms, 0)) / ln(1.05)) AS INTEGER)';
/** The middle of a bucket, in milliseconds (the inverse of LATENCY_BUCKET). */
export function bucketMiddleMs(bucket: number): number {
  return 1.05 ** (bucket + 0.5) - 1;
}

const DAY = 'CAST(t.start_ms / 86400000 AS INTEGER)';

/** A rollup kept by (keys), with counters summed from the touched turns. */
interface Rollup {
  table: string;
  keys: [column: string, expression: string][];
  counters: [column: string, expression: string][];
  /** A turn counts only where this holds (e.g. it has a user). */
  where?: string;
}

function rollupRows({ keys, counters, where }: Rollup): string {
  const select = [...keys, ...counters].map(([column, expression]) => `${expression} AS ${column}`).join(', ');
  return `SELECT ${select} ${TOUCHED} ${where ? `WHERE ${where}` : ''} GROUP BY ${keys.map(([column]) => column).join(', ')}`;
}

function subtractRollup(rollup: Rollup): string {
  const set = rollup.counters.map(([column]) => `${column} = ${rollup.table}.${column} - d.${column}`).join(', ');
  const match = rollup.keys.map(([column]) => `${rollup.table}.${column} = d.${column}`).join(' AND ');
  return `WITH d AS (${rollupRows(rollup)}) UPDATE ${rollup.table} SET ${set} FROM d WHERE ${match}`;
}

function addRollup(rollup: Rollup): string {
  const columns = [...rollup.keys, ...rollup.counters].map(([column]) => column).join(', ');
  return `INSERT INTO ${rollup.table} (${columns}) ${rollupRows(rollup)}
ON CONFLICT (${rollup.keys.map(([column]) => column).join(', ')}) DO UPDATE SET
  ${plusExcluded(rollup.counters.map(([column]) => column)).join(', ')}`;
}

const DAILY_COUNTERS: Rollup['counters'] = [
  ['requests', 'COUNT(*)'],
  ['tokens', 'SUM(COALESCE(t.total_tokens, 0))'],
  ['cost_usd', 'SUM(COALESCE(t.cost_usd, 0))'],
];
const LATENCY_COUNTERS: Rollup['counters'] = [['turns', 'COUNT(*)']];

/** Every rollup: per user latency histogram; per day for everyone and per user, totals and latency. */
const ROLLUPS: Rollup[] = [
  {
    table: 'user_latency',
    keys: [
      ['user_id', 't.user_id'],
      ['bucket', LATENCY_BUCKET],
    ],
    counters: LATENCY_COUNTERS,
    where: 't.user_id IS NOT NULL',
  },
  ...[
    { scope: "''", where: undefined },
    { scope: 't.user_id', where: 't.user_id IS NOT NULL' },
  ].flatMap(({ scope, where }): Rollup[] => [
    {
      table: 'daily',
      keys: [
        ['scope', scope],
        ['day', DAY],
      ],
      counters: DAILY_COUNTERS,
      where,
    },
    {
      table: 'daily_latency',
      keys: [
        ['scope', scope],
        ['day', DAY],
        ['bucket', LATENCY_BUCKET],
      ],
      counters: LATENCY_COUNTERS,
      where,
    },
  ]),
];

const ADD_USER_SESSIONS = `
INSERT OR IGNORE INTO user_sessions (user_id, session_id)
SELECT DISTINCT t.user_id, t.session_id ${TOUCHED}
WHERE t.user_id IS NOT NULL AND t.session_id IS NOT NULL`;

/** Run before the touched turns change (and before they are deleted). */
export const SUBTRACT_TOTALS = [subtract(SESSIONS), subtract(USERS), ...ROLLUPS.map(subtractRollup)];
/** Run after the touched turns are recomputed. */
export const ADD_TOTALS = [add(SESSIONS), add(USERS), ADD_USER_SESSIONS, ...ROLLUPS.map(addRollup)];
