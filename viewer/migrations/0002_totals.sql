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
  error_count INTEGER NOT NULL
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
  error_count INTEGER NOT NULL
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
