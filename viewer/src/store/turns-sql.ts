/**
 * Recomputes the `turns` rows of the traces listed in ?1 (a JSON array of trace ids) from their spans.
 * The root is the earliest span whose parent is not in the trace: a Worker that continued a caller's
 * `traceparent` has a root with a parent id nobody here will ever see. Tokens and cost sum only LLM and
 * EMBEDDING spans, so a CHAIN span that repeats its child's totals is not counted twice. The turn's
 * latency is the wall time from its first span's start to its last span's end. Every count is a
 * COALESCE or a COUNT, never a bare SUM, so a trace of plain OpenTelemetry spans (no span kind, no
 * tokens) still makes a turn. `touched CROSS JOIN spans` fixes the join order (SQLite keeps the left
 * table outer for a CROSS JOIN), so each touched trace is an index lookup and never a scan of `spans`.
 */
export const RECOMPUTE_TURNS = `
WITH touched AS (SELECT DISTINCT value AS trace_id FROM json_each(?1)),
roots AS (
  SELECT r.trace_id, r.span_id, r.name,
    ROW_NUMBER() OVER (PARTITION BY r.trace_id ORDER BY r.start_ms, r.span_id) AS n
  FROM touched CROSS JOIN spans r ON r.trace_id = touched.trace_id
  WHERE r.parent_span_id IS NULL
    OR NOT EXISTS (SELECT 1 FROM spans p WHERE p.trace_id = r.trace_id AND p.span_id = r.parent_span_id)
)
INSERT INTO turns (trace_id, session_id, user_id, root_span_id, root_name, start_ms, end_ms, duration_ms,
  span_count, llm_count, prompt_tokens, completion_tokens, total_tokens, cost_usd, ttft_ms, error_count,
  feedback_up, feedback_down)
SELECT s.trace_id,
  (SELECT x.session_id FROM spans x WHERE x.trace_id = s.trace_id AND x.session_id IS NOT NULL
    ORDER BY x.start_ms LIMIT 1),
  (SELECT x.user_id FROM spans x WHERE x.trace_id = s.trace_id AND x.user_id IS NOT NULL
    ORDER BY x.start_ms LIMIT 1),
  (SELECT span_id FROM roots WHERE roots.trace_id = s.trace_id AND n = 1),
  (SELECT name FROM roots WHERE roots.trace_id = s.trace_id AND n = 1),
  MIN(s.start_ms), MAX(s.end_ms), MAX(s.end_ms) - MIN(s.start_ms),
  COUNT(*),
  COUNT(CASE WHEN s.span_kind IN ('LLM', 'EMBEDDING') THEN 1 END),
  SUM(CASE WHEN s.span_kind IN ('LLM', 'EMBEDDING') THEN s.prompt_tokens END),
  SUM(CASE WHEN s.span_kind IN ('LLM', 'EMBEDDING') THEN s.completion_tokens END),
  SUM(CASE WHEN s.span_kind IN ('LLM', 'EMBEDDING') THEN s.total_tokens END),
  SUM(CASE WHEN s.span_kind IN ('LLM', 'EMBEDDING') THEN s.cost_usd END),
  (SELECT x.ttft_ms FROM spans x WHERE x.trace_id = s.trace_id AND x.ttft_ms IS NOT NULL
    ORDER BY x.start_ms LIMIT 1),
  COUNT(CASE WHEN s.status_code = 2 THEN 1 END),
  (SELECT COUNT(*) FROM feedback f WHERE f.trace_id = s.trace_id AND f.polarity > 0),
  (SELECT COUNT(*) FROM feedback f WHERE f.trace_id = s.trace_id AND f.polarity < 0)
FROM touched CROSS JOIN spans s ON s.trace_id = touched.trace_id
WHERE true
GROUP BY s.trace_id
ON CONFLICT (trace_id) DO UPDATE SET
  session_id = excluded.session_id, user_id = excluded.user_id, root_span_id = excluded.root_span_id,
  root_name = excluded.root_name, start_ms = excluded.start_ms, end_ms = excluded.end_ms,
  duration_ms = excluded.duration_ms, span_count = excluded.span_count, llm_count = excluded.llm_count,
  prompt_tokens = excluded.prompt_tokens, completion_tokens = excluded.completion_tokens,
  total_tokens = excluded.total_tokens, cost_usd = excluded.cost_usd, ttft_ms = excluded.ttft_ms,
  error_count = excluded.error_count, feedback_up = excluded.feedback_up, feedback_down = excluded.feedback_down`;
