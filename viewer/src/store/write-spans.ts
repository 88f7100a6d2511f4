import type { D1Database, D1PreparedStatement } from '../d1.js';
import type { PlainValue } from '../otlp/any-value.js';
import type { SpanRow } from '../otlp/decode.js';
import { metadataPairs, searchableText } from '../otlp/searchable.js';
import { cutAttributes } from '../otlp/value-limits.js';
import { ADD_TOTALS, SUBTRACT_TOTALS } from './totals-sql.js';
import { RECOMPUTE_TURNS } from './turns-sql.js';

// Rows travel to SQLite as one JSON array per statement (expanded with json_each), so a batch of any
// size costs a handful of statements rather than one per span; D1 caps statements per invocation and
// bound parameters per statement, not the size of one parameter (up to its 2 MB string limit).
const CHUNK_BYTES = 900_000;
// A single span's row must fit that limit too: past this, its strings are cut shorter, and as a last
// resort its attributes and events are replaced by a note.
const ROW_BYTES = 800_000;
const CUT_STRING_AT = [1_024, 64];

const INSERT_SPANS = `
INSERT INTO spans (trace_id, span_id, parent_span_id, name, kind, span_kind, start_time_unix_nano,
  end_time_unix_nano, start_ms, end_ms, session_id, user_id, model, prompt_tokens, completion_tokens,
  total_tokens, cost_usd, ttft_ms, status_code, status_message, service_name, attributes, events, resource,
  received_at)
SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
  json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]'),
  json_extract(value, '$[6]'), json_extract(value, '$[7]'), json_extract(value, '$[8]'),
  json_extract(value, '$[9]'), json_extract(value, '$[10]'), json_extract(value, '$[11]'),
  json_extract(value, '$[12]'), json_extract(value, '$[13]'), json_extract(value, '$[14]'),
  json_extract(value, '$[15]'), json_extract(value, '$[16]'), json_extract(value, '$[17]'),
  json_extract(value, '$[18]'), json_extract(value, '$[19]'), json_extract(value, '$[20]'),
  json_extract(value, '$[21]'), json_extract(value, '$[22]'), json_extract(value, '$[23]'),
  json_extract(value, '$[24]')
FROM json_each(?1) WHERE true
-- A client retries a batch it is not sure arrived; the copy already stored wins, and nothing stored
-- is ever overwritten by a later request.
ON CONFLICT (trace_id, span_id) DO NOTHING`;

const INSERT_TAGS = `
INSERT OR IGNORE INTO span_tags (trace_id, span_id, tag)
SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]')
FROM json_each(?1)`;

const INSERT_METADATA = `
INSERT OR IGNORE INTO turn_metadata (trace_id, key, value)
SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]')
FROM json_each(?1)`;

// A span's text goes in once, under the span's rowid, when the span itself is new.
const INSERT_TEXT = `
INSERT INTO span_text (rowid, body)
SELECT s.rowid, json_extract(j.value, '$[2]')
FROM json_each(?1) j CROSS JOIN spans s
  ON s.trace_id = json_extract(j.value, '$[0]') AND s.span_id = json_extract(j.value, '$[1]')
WHERE NOT EXISTS (SELECT 1 FROM span_text x WHERE x.rowid = s.rowid)`;

function json(value: unknown): string {
  return JSON.stringify(value);
}

function rowTuple(span: SpanRow, receivedAt: number): string {
  const tuple = (attributes: Record<string, PlainValue>, events = span.events, resource = span.resource) =>
    json([
      span.traceId,
      span.spanId,
      span.parentSpanId,
      span.name,
      span.kind,
      span.spanKind,
      span.startTimeUnixNano,
      span.endTimeUnixNano,
      span.startMs,
      span.endMs,
      span.sessionId,
      span.userId,
      span.model,
      span.promptTokens,
      span.completionTokens,
      span.totalTokens,
      span.costUsd,
      span.ttftMs,
      span.statusCode,
      span.statusMessage,
      span.serviceName,
      json(attributes),
      json(events),
      json(resource),
      receivedAt,
    ]);
  const full = tuple(span.attributes);
  if (full.length <= ROW_BYTES) return full;
  for (const max of CUT_STRING_AT) {
    const cut = tuple(
      cutAttributes(span.attributes, max),
      span.events.map((event) => ({ ...event, attributes: cutAttributes(event.attributes, max) })),
      cutAttributes(span.resource, max),
    );
    if (cut.length <= ROW_BYTES) return cut;
  }
  return tuple({ 'edge_llmobs.viewer.dropped': `attributes over ${ROW_BYTES} bytes` }, [], {});
}

/** Splits JSON texts into JSON arrays of at most about `limit` characters each. */
function chunkArrays(items: string[], limit: number): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 2;
  for (const item of items) {
    if (current.length > 0 && size + item.length + 1 > limit) {
      chunks.push(`[${current.join(',')}]`);
      current = [];
      size = 2;
    }
    current.push(item);
    size += item.length + 1;
  }
  if (current.length > 0) chunks.push(`[${current.join(',')}]`);
  return chunks;
}

/**
 * Stores spans and refreshes the turns they belong to and their session and user totals, in one D1 batch (one transaction): a batch
 * that fails stores nothing.
 */
export async function writeSpans(db: D1Database, spans: SpanRow[], receivedAt = Date.now()): Promise<void> {
  if (spans.length === 0) return;
  const statements: D1PreparedStatement[] = [];
  for (const chunk of chunkArrays(
    spans.map((span) => rowTuple(span, receivedAt)),
    CHUNK_BYTES,
  )) {
    statements.push(db.prepare(INSERT_SPANS).bind(chunk));
  }
  const tags = spans.flatMap((span) => span.tags.map((tag) => json([span.traceId, span.spanId, tag])));
  for (const chunk of chunkArrays(tags, CHUNK_BYTES)) statements.push(db.prepare(INSERT_TAGS).bind(chunk));
  const metadata = spans.flatMap((span) => metadataPairs(span.attributes).map((pair) => json([span.traceId, ...pair])));
  for (const chunk of chunkArrays(metadata, CHUNK_BYTES)) statements.push(db.prepare(INSERT_METADATA).bind(chunk));
  const texts = spans.flatMap((span) => {
    const text = searchableText(span.attributes);
    return text ? [json([span.traceId, span.spanId, text])] : [];
  });
  for (const chunk of chunkArrays(texts, CHUNK_BYTES)) statements.push(db.prepare(INSERT_TEXT).bind(chunk));
  const traceIds = [...new Set(spans.map((span) => span.traceId))];
  for (const chunk of chunkArrays(traceIds.map(json), CHUNK_BYTES)) {
    for (const sql of [...SUBTRACT_TOTALS, RECOMPUTE_TURNS, ...ADD_TOTALS])
      statements.push(db.prepare(sql).bind(chunk));
  }
  await db.batch(statements);
}
