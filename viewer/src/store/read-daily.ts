import type { D1Database } from '../d1.js';
import { bucketMiddleMs } from './totals-sql.js';

/** One day of traffic, for everyone or one user. */
export interface DayPoint {
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  requests: number;
  tokens: number;
  costUsd: number;
  /** From the day's latency histogram: within 2.5% of the exact nearest-rank value. */
  latencyP95Ms: number | null;
}

const DAY_MS = 86_400_000;

/** The last `days` UTC days (today included) for `userId`, or for everyone; days without traffic are zeros. */
export async function readDaily(
  db: D1Database,
  userId: string | undefined,
  days = 30,
  now = Date.now(),
): Promise<DayPoint[]> {
  const today = Math.floor(now / DAY_MS);
  const first = today - days + 1;
  const scope = userId ?? '';
  const [totals, latency] = await db.batch([
    db
      .prepare('SELECT day, requests, tokens, cost_usd AS costUsd FROM daily WHERE scope = ?1 AND day >= ?2')
      .bind(scope, first),
    db
      .prepare(
        'SELECT day, bucket, turns FROM daily_latency WHERE scope = ?1 AND day >= ?2 AND turns > 0 ORDER BY day, bucket',
      )
      .bind(scope, first),
  ]);
  const byDay = new Map(
    (totals.results as { day: number; requests: number; tokens: number; costUsd: number }[]).map((row) => [
      row.day,
      row,
    ]),
  );
  const buckets = new Map<number, { bucket: number; turns: number }[]>();
  for (const row of latency.results as { day: number; bucket: number; turns: number }[]) {
    buckets.set(row.day, [...(buckets.get(row.day) ?? []), row]);
  }
  return Array.from({ length: days }, (_, i) => {
    const day = first + i;
    const row = byDay.get(day);
    const histogram = buckets.get(day) ?? [];
    const total = histogram.reduce((sum, entry) => sum + entry.turns, 0);
    let p95: number | null = null;
    for (let seen = 0, k = 0; k < histogram.length && total > 0; k++) {
      seen += histogram[k].turns;
      if (seen >= Math.ceil(0.95 * total)) {
        p95 = Math.round(bucketMiddleMs(histogram[k].bucket) * 1000) / 1000;
        break;
      }
    }
    return {
      day: new Date(day * DAY_MS).toISOString().slice(0, 10),
      requests: row?.requests ?? 0,
      tokens: row?.tokens ?? 0,
      costUsd: row?.costUsd ?? 0,
      latencyP95Ms: p95,
    };
  });
}
