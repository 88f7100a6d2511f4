import { Metadata, TagTags } from '../../../src/semconv.js';
import type { D1Database } from '../d1.js';
import { llmMessages, type Message, valueMessages } from '../model/messages.js';
import { spanTree, type TreeNode } from '../model/span-tree.js';
import type { PlainValue } from '../otlp/any-value.js';
import { iso } from './read-sessions.js';

/** A span as a turn's tree shows it. */
export interface SpanView {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  /** OTLP `SpanKind` number. */
  kind: number;
  /** `openinference.span.kind`. */
  spanKind: string | null;
  startTime: string;
  /** Milliseconds from the turn's start to this span's start. */
  offsetMs: number;
  durationMs: number;
  status: { code: number; message: string | null };
  model: string | null;
  totalTokens: number | null;
  costUsd: number | null;
  ttftMs: number | null;
  attributes: Record<string, PlainValue>;
}

/** Feedback given on a turn (or one of its spans). */
export interface FeedbackView {
  name: string;
  score: number | null;
  label: string | null;
  comment: string | null;
  spanId: string | null;
  /** +1 up, -1 down, 0 neither. */
  polarity: number;
  time: string;
}

/** One turn (trace) of a session. */
export interface TurnView {
  traceId: string;
  rootName: string | null;
  startTime: string;
  endTime: string;
  latencyMs: number;
  ttftMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  costUsd: number | null;
  userId: string | null;
  errorCount: number;
  tags: string[];
  /** The `metadata` context attribute, parsed from its JSON string. */
  metadata: PlainValue;
  input: Message[];
  output: Message[];
  spans: TreeNode<SpanView>[];
  feedback: FeedbackView[];
}

/** A session with its turns in order. */
export interface SessionView {
  sessionId: string;
  userIds: string[];
  turns: TurnView[];
}

interface TurnRow {
  traceId: string;
  rootName: string | null;
  startMs: number;
  endMs: number;
  durationMs: number;
  ttftMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  costUsd: number | null;
  userId: string | null;
  errorCount: number;
}

interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: number;
  spanKind: string | null;
  startMs: number;
  endMs: number;
  statusCode: number;
  statusMessage: string | null;
  model: string | null;
  totalTokens: number | null;
  costUsd: number | null;
  ttftMs: number | null;
  attributes: string;
}

function parseJson(text: PlainValue | undefined): PlainValue {
  if (typeof text !== 'string') return text ?? null;
  try {
    return JSON.parse(text);
  } catch {
    // A metadata string that is not JSON is still worth showing as it is.
    return text;
  }
}

function buildTurn(turn: TurnRow, records: SpanRecord[]): Omit<TurnView, 'feedback'> {
  const spans: SpanView[] = records.map((record) => ({
    spanId: record.spanId,
    parentSpanId: record.parentSpanId,
    name: record.name,
    kind: record.kind,
    spanKind: record.spanKind,
    startTime: iso(record.startMs),
    offsetMs: record.startMs - turn.startMs,
    durationMs: record.endMs - record.startMs,
    status: { code: record.statusCode, message: record.statusMessage },
    model: record.model,
    totalTokens: record.totalTokens,
    costUsd: record.costUsd,
    ttftMs: record.ttftMs,
    attributes: JSON.parse(record.attributes),
  }));
  const llms = spans.filter((span) => span.spanKind === 'LLM');
  // The conversation as the model saw it: the first call's prompt and the last call's answer.
  const input =
    llms.length > 0 ? llmMessages(llms[0].attributes).input : valueMessages(spans[0]?.attributes ?? {}).input;
  const output =
    llms.length > 0
      ? llmMessages(llms[llms.length - 1].attributes).output
      : valueMessages(spans[0]?.attributes ?? {}).output;
  const tags = new Set<string>();
  for (const span of spans) {
    const value = span.attributes[TagTags];
    for (const tag of Array.isArray(value) ? value : value === undefined ? [] : [value]) tags.add(String(tag));
  }
  return {
    traceId: turn.traceId,
    rootName: turn.rootName,
    startTime: iso(turn.startMs),
    endTime: iso(turn.endMs),
    latencyMs: turn.durationMs,
    ttftMs: turn.ttftMs,
    promptTokens: turn.promptTokens,
    completionTokens: turn.completionTokens,
    totalTokens: turn.totalTokens,
    costUsd: turn.costUsd,
    userId: turn.userId,
    errorCount: turn.errorCount,
    tags: [...tags],
    metadata: parseJson(spans.find((span) => span.attributes[Metadata] !== undefined)?.attributes[Metadata]),
    input,
    output,
    spans: spanTree(spans),
  };
}

/** A session with its turns oldest first, or `null` when no turn carries that `session.id`. */
export async function readSession(db: D1Database, sessionId: string): Promise<SessionView | null> {
  const [turns, spans, feedback] = await db.batch([
    db
      .prepare(
        `SELECT trace_id AS traceId, root_name AS rootName, start_ms AS startMs, end_ms AS endMs,
          duration_ms AS durationMs, ttft_ms AS ttftMs, prompt_tokens AS promptTokens,
          completion_tokens AS completionTokens, total_tokens AS totalTokens, cost_usd AS costUsd,
          user_id AS userId, error_count AS errorCount
        FROM turns WHERE session_id = ?1 ORDER BY start_ms, trace_id`,
      )
      .bind(sessionId),
    db
      .prepare(
        `SELECT trace_id AS traceId, span_id AS spanId, parent_span_id AS parentSpanId, name, kind,
          span_kind AS spanKind, start_ms AS startMs, end_ms AS endMs, status_code AS statusCode,
          status_message AS statusMessage, model, total_tokens AS totalTokens, cost_usd AS costUsd,
          ttft_ms AS ttftMs, attributes
        FROM spans WHERE trace_id IN (SELECT trace_id FROM turns WHERE session_id = ?1)
        ORDER BY start_ms, span_id`,
      )
      .bind(sessionId),
    db
      .prepare(
        `SELECT f.trace_id AS traceId, f.name, f.score, f.label, f.comment, f.span_id AS spanId, f.polarity,
          f.created_ms AS createdMs
        FROM turns t CROSS JOIN feedback f ON f.trace_id = t.trace_id WHERE t.session_id = ?1 ORDER BY f.id`,
      )
      .bind(sessionId),
  ]);
  const turnRows = turns.results as TurnRow[];
  if (turnRows.length === 0) return null;
  const spansByTrace = new Map<string, SpanRecord[]>();
  for (const span of spans.results as SpanRecord[]) {
    const list = spansByTrace.get(span.traceId) ?? [];
    list.push(span);
    spansByTrace.set(span.traceId, list);
  }
  const feedbackByTrace = new Map<string, FeedbackView[]>();
  for (const { traceId, createdMs, ...row } of feedback.results as (Omit<FeedbackView, 'time'> & {
    traceId: string;
    createdMs: number;
  })[]) {
    feedbackByTrace.set(traceId, [...(feedbackByTrace.get(traceId) ?? []), { ...row, time: iso(createdMs) }]);
  }
  return {
    sessionId,
    userIds: [...new Set(turnRows.map((turn) => turn.userId).filter((id): id is string => id !== null))],
    turns: turnRows.map((turn) => ({
      ...buildTurn(turn, spansByTrace.get(turn.traceId) ?? []),
      feedback: feedbackByTrace.get(turn.traceId) ?? [],
    })),
  };
}
