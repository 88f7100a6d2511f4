-- Spans as received, one row each. Times are kept twice: exact nanosecond strings as OTLP sent them,
-- and float milliseconds for sorting and arithmetic (nanoseconds since 1970 overflow a double's
-- integer precision; milliseconds with a fraction do not).
CREATE TABLE spans (
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  parent_span_id TEXT,
  name TEXT NOT NULL,
  kind INTEGER NOT NULL DEFAULT 0,
  span_kind TEXT,
  start_time_unix_nano TEXT NOT NULL,
  end_time_unix_nano TEXT NOT NULL,
  start_ms REAL NOT NULL,
  end_ms REAL NOT NULL,
  session_id TEXT,
  user_id TEXT,
  model TEXT,
  prompt_tokens INTEGER,
  completion_tokens INTEGER,
  total_tokens INTEGER,
  cost_usd REAL,
  ttft_ms REAL,
  status_code INTEGER NOT NULL DEFAULT 0,
  status_message TEXT,
  service_name TEXT,
  attributes TEXT NOT NULL DEFAULT '{}',
  events TEXT NOT NULL DEFAULT '[]',
  resource TEXT NOT NULL DEFAULT '{}',
  received_at REAL NOT NULL,
  PRIMARY KEY (trace_id, span_id)
);
CREATE INDEX spans_session ON spans (session_id, start_ms);
CREATE INDEX spans_user ON spans (user_id, start_ms);
CREATE INDEX spans_start ON spans (start_ms);

-- `tag.tags` is a list; one row per tag makes "sessions with tag T" an index lookup.
CREATE TABLE span_tags (
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  tag TEXT NOT NULL,
  PRIMARY KEY (trace_id, span_id, tag)
);
CREATE INDEX span_tags_tag ON span_tags (tag, trace_id);

-- One row per trace (a turn), recomputed from `spans` whenever a batch touches the trace, because a
-- turn's spans can arrive in several batches and in any order. Pages read sessions and users from here.
CREATE TABLE turns (
  trace_id TEXT PRIMARY KEY,
  session_id TEXT,
  user_id TEXT,
  root_span_id TEXT,
  root_name TEXT,
  start_ms REAL NOT NULL,
  end_ms REAL NOT NULL,
  duration_ms REAL NOT NULL,
  span_count INTEGER NOT NULL,
  llm_count INTEGER NOT NULL,
  prompt_tokens INTEGER,
  completion_tokens INTEGER,
  total_tokens INTEGER,
  cost_usd REAL,
  ttft_ms REAL,
  error_count INTEGER NOT NULL
);
CREATE INDEX turns_session ON turns (session_id, start_ms);
CREATE INDEX turns_user ON turns (user_id, start_ms);
CREATE INDEX turns_start ON turns (start_ms);
