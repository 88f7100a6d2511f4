-- Feedback on a turn (or one span of it): a score or a label, with its polarity (+1 positive, -1
-- negative, 0 neither) decided when it arrives, so turns, sessions and users count ups and downs.
CREATE TABLE feedback (
  id INTEGER PRIMARY KEY,
  trace_id TEXT NOT NULL,
  span_id TEXT,
  name TEXT NOT NULL,
  score REAL,
  label TEXT,
  comment TEXT,
  polarity INTEGER NOT NULL,
  created_ms REAL NOT NULL
);
CREATE INDEX feedback_trace ON feedback (trace_id);
ALTER TABLE turns ADD COLUMN feedback_up INTEGER NOT NULL DEFAULT 0;
ALTER TABLE turns ADD COLUMN feedback_down INTEGER NOT NULL DEFAULT 0;
CREATE INDEX spans_span ON spans (span_id);

-- What the filters look up: a model, a metadata key=value, and text in inputs and outputs (trigram
-- full-text search, so any substring of 3 or more characters matches). span_text rows share the
-- rowid of their span.
CREATE INDEX spans_model ON spans (model) WHERE model IS NOT NULL;
CREATE TABLE turn_metadata (
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  trace_id TEXT NOT NULL,
  PRIMARY KEY (key, value, trace_id)
) WITHOUT ROWID;
CREATE INDEX turn_metadata_trace ON turn_metadata (trace_id);
CREATE VIRTUAL TABLE span_text USING fts5(body, tokenize = 'trigram');

-- Per-day numbers for the charts, for everyone (scope '') and per user (scope = user id): requests,
-- tokens and cost, and a latency histogram for p95.
CREATE TABLE daily (
  scope TEXT NOT NULL,
  day INTEGER NOT NULL,
  requests INTEGER NOT NULL,
  tokens INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  PRIMARY KEY (scope, day)
) WITHOUT ROWID;
CREATE TABLE daily_latency (
  scope TEXT NOT NULL,
  day INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  turns INTEGER NOT NULL,
  PRIMARY KEY (scope, day, bucket)
) WITHOUT ROWID;

-- Session and user totals kept up to date as spans arrive (write-spans.ts subtracts a touched turn's
-- old numbers and adds its new ones), so the lists read a few rows instead of grouping every turn.
CREATE TABLE sessions (
  session_id TEXT PRIMARY KEY,
  turns INTEGER NOT NULL,
  first_ms REAL NOT NULL,
  last_ms REAL NOT NULL,
  llm_count INTEGER NOT NULL,
  tokens INTEGER,
  cost_usd REAL,
  latency_ms REAL NOT NULL,
  error_count INTEGER NOT NULL,
  feedback_up INTEGER NOT NULL DEFAULT 0,
  feedback_down INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_last ON sessions (last_ms, session_id);

CREATE TABLE users (
  user_id TEXT PRIMARY KEY,
  requests INTEGER NOT NULL,
  first_ms REAL NOT NULL,
  last_ms REAL NOT NULL,
  llm_count INTEGER NOT NULL,
  tokens INTEGER,
  cost_usd REAL,
  latency_ms REAL NOT NULL,
  error_count INTEGER NOT NULL,
  feedback_up INTEGER NOT NULL DEFAULT 0,
  feedback_down INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX users_last ON users (last_ms, user_id);

-- Which sessions each user had, so a user's session count is read from their own rows.
CREATE TABLE user_sessions (
  user_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  PRIMARY KEY (user_id, session_id)
) WITHOUT ROWID;
CREATE INDEX user_sessions_session ON user_sessions (session_id);

-- Each user's turn latencies as a histogram (buckets 5% wide: bucket = floor(ln(1 + ms) / ln(1.05))),
-- so p50 and p95 on the users page read a few rows per user however many turns they have.
CREATE TABLE user_latency (
  user_id TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  turns INTEGER NOT NULL,
  PRIMARY KEY (user_id, bucket)
) WITHOUT ROWID;

-- Retention deletes whole turns by when they ended.
CREATE INDEX turns_end ON turns (end_ms);

INSERT INTO sessions (session_id, turns, first_ms, last_ms, llm_count, tokens, cost_usd, latency_ms, error_count)
SELECT session_id, COUNT(*), MIN(start_ms), MAX(end_ms), SUM(llm_count), SUM(total_tokens), SUM(cost_usd),
  SUM(duration_ms), SUM(error_count)
FROM turns WHERE session_id IS NOT NULL GROUP BY session_id;

INSERT INTO users (user_id, requests, first_ms, last_ms, llm_count, tokens, cost_usd, latency_ms, error_count)
SELECT user_id, COUNT(*), MIN(start_ms), MAX(end_ms), SUM(llm_count), SUM(total_tokens), SUM(cost_usd),
  SUM(duration_ms), SUM(error_count)
FROM turns WHERE user_id IS NOT NULL GROUP BY user_id;

INSERT INTO user_sessions (user_id, session_id)
SELECT DISTINCT user_id, session_id FROM turns WHERE user_id IS NOT NULL AND session_id IS NOT NULL;

INSERT INTO user_latency (user_id, bucket, turns)
SELECT user_id, CAST(floor(ln(1 + max(duration_ms, 0)) / ln(1.05)) AS INTEGER) AS bucket, COUNT(*)
FROM turns WHERE user_id IS NOT NULL GROUP BY user_id, bucket;

INSERT INTO daily (scope, day, requests, tokens, cost_usd)
SELECT scope, day, COUNT(*), SUM(COALESCE(total_tokens, 0)), SUM(COALESCE(cost_usd, 0))
FROM (SELECT '' AS scope, CAST(start_ms / 86400000 AS INTEGER) AS day, total_tokens, cost_usd FROM turns
  UNION ALL SELECT user_id, CAST(start_ms / 86400000 AS INTEGER), total_tokens, cost_usd FROM turns WHERE user_id IS NOT NULL)
GROUP BY scope, day;

INSERT INTO daily_latency (scope, day, bucket, turns)
SELECT scope, day, bucket, COUNT(*)
FROM (SELECT '' AS scope, CAST(start_ms / 86400000 AS INTEGER) AS day,
    CAST(floor(ln(1 + max(duration_ms, 0)) / ln(1.05)) AS INTEGER) AS bucket FROM turns
  UNION ALL SELECT user_id, CAST(start_ms / 86400000 AS INTEGER),
    CAST(floor(ln(1 + max(duration_ms, 0)) / ln(1.05)) AS INTEGER) FROM turns WHERE user_id IS NOT NULL)
GROUP BY scope, day, bucket;
