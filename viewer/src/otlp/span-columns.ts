import {
  EmbeddingModelName,
  LlmCostCompletion,
  LlmCostPrompt,
  LlmCostTotal,
  LlmModelName,
  LlmTokenCountCompletion,
  LlmTokenCountPrompt,
  LlmTokenCountTotal,
  SessionId,
  SpanKindKey,
  TagTags,
  UserId,
} from '../../../src/semconv.js';
import type { PlainValue } from './any-value.js';
import { timeToFirstTokenMs } from './ttft.js';
import { cutText, MAX_NAME_CHARS } from './value-limits.js';

/** What the pages filter, group and sum by, lifted out of a span's OpenInference attributes. */
export interface SpanColumns {
  spanKind: string | null;
  sessionId: string | null;
  userId: string | null;
  model: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  costUsd: number | null;
  ttftMs: number | null;
  tags: string[];
}

// Ids and model names are what pages group and link by: past MAX_NAME_CHARS they are cut.
function text(value: PlainValue | undefined): string | null {
  if (typeof value === 'string') return value ? cutText(value, MAX_NAME_CHARS) : null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function count(value: PlainValue | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

function sum(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}

/** Lifts the queried columns out of decoded attributes. */
export function spanColumns(attributes: Record<string, PlainValue>): SpanColumns {
  const promptTokens = count(attributes[LlmTokenCountPrompt]);
  const completionTokens = count(attributes[LlmTokenCountCompletion]);
  const rawTags = attributes[TagTags];
  // The spec says a list of strings; a lone string (older tracers) is one tag.
  const tags = (Array.isArray(rawTags) ? rawTags : [rawTags]).map((tag) => text(tag)).filter((tag) => tag !== null);
  return {
    spanKind: text(attributes[SpanKindKey])?.toUpperCase() ?? null,
    sessionId: text(attributes[SessionId]),
    userId: text(attributes[UserId]),
    model: text(attributes[LlmModelName]) ?? text(attributes[EmbeddingModelName]),
    promptTokens,
    completionTokens,
    totalTokens: count(attributes[LlmTokenCountTotal]) ?? sum(promptTokens, completionTokens),
    costUsd:
      count(attributes[LlmCostTotal]) ?? sum(count(attributes[LlmCostPrompt]), count(attributes[LlmCostCompletion])),
    ttftMs: timeToFirstTokenMs(attributes),
    tags: [...new Set(tags)],
  };
}
