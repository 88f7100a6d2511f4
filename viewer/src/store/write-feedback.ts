import type { D1Database } from '../d1.js';
import type { FeedbackInput } from '../feedback/feedback-input.js';
import { polarity } from '../feedback/polarity.js';
import { ADD_TOTALS, SUBTRACT_TOTALS } from './totals-sql.js';
import { RECOMPUTE_TURNS } from './turns-sql.js';

/** Stored feedback, as the API answers it. */
export interface StoredFeedback {
  id: number;
  traceId: string;
  polarity: -1 | 0 | 1;
}

const INSERT_FEEDBACK = `
INSERT INTO feedback (trace_id, span_id, name, score, label, comment, polarity, created_ms)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id`;

/**
 * Stores feedback and refreshes its turn's counts (and so its session's and user's) in one
 * transaction. Feedback may arrive before its trace's spans: the turn then counts it when it is built.
 * Returns null when only a span id is given and no stored span has it.
 */
export async function writeFeedback(
  db: D1Database,
  input: FeedbackInput,
  now = Date.now(),
): Promise<StoredFeedback | null> {
  let traceId = input.traceId;
  if (!traceId) {
    const span = await db
      .prepare('SELECT trace_id AS traceId FROM spans WHERE span_id = ?1 LIMIT 1')
      .bind(input.spanId)
      .first<{ traceId: string }>();
    if (!span) return null;
    traceId = span.traceId;
  }
  const sign = polarity(input.value);
  const traces = JSON.stringify([traceId]);
  const results = await db.batch([
    ...SUBTRACT_TOTALS.map((sql) => db.prepare(sql).bind(traces)),
    db
      .prepare(INSERT_FEEDBACK)
      .bind(
        traceId,
        input.spanId ?? null,
        input.name,
        typeof input.value === 'number' ? input.value : null,
        typeof input.value === 'string' ? input.value : null,
        input.comment ?? null,
        sign,
        now,
      ),
    ...[RECOMPUTE_TURNS, ...ADD_TOTALS].map((sql) => db.prepare(sql).bind(traces)),
  ]);
  const [row] = results[SUBTRACT_TOTALS.length].results as { id: number }[];
  return { id: row.id, traceId, polarity: sign };
}
