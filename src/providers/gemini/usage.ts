import type { Attributes } from '@opentelemetry/api';
import {
  LlmTokenCountCompletion,
  LlmTokenCountCompletionReasoning,
  LlmTokenCountPrompt,
  LlmTokenCountPromptCacheRead,
  LlmTokenCountTotal,
} from '../../semconv.js';
import { isRecord, numberField, setDefined } from '../recorder/json-shape.js';

/**
 * Writes `llm.token_count.*` from Gemini's `usageMetadata`. The prompt count is `promptTokenCount`
 * (cached tokens included, as OpenAI counts them) plus `toolUsePromptTokenCount`; the completion
 * count is `candidatesTokenCount` plus `thoughtsTokenCount` (thinking is billed as output, and
 * OpenAI's completion count includes reasoning too), with the thoughts also in
 * `completion_details.reasoning`; `cachedContentTokenCount` is `prompt_details.cache_read`.
 *
 * @example
 * writeGeminiUsage({ promptTokenCount: 8, candidatesTokenCount: 4, thoughtsTokenCount: 6, totalTokenCount: 18 }, attributes);
 * // prompt 8, completion 10, reasoning 6, total 18
 */
export function writeGeminiUsage(usage: unknown, into: Attributes): void {
  if (!isRecord(usage)) return;
  const prompt = numberField(usage, 'promptTokenCount');
  const toolPrompt = numberField(usage, 'toolUsePromptTokenCount');
  const candidates = numberField(usage, 'candidatesTokenCount');
  const thoughts = numberField(usage, 'thoughtsTokenCount');
  if (prompt !== undefined) into[LlmTokenCountPrompt] = prompt + (toolPrompt ?? 0);
  if (candidates !== undefined || thoughts !== undefined) {
    into[LlmTokenCountCompletion] = (candidates ?? 0) + (thoughts ?? 0);
  }
  setDefined(into, LlmTokenCountTotal, numberField(usage, 'totalTokenCount'));
  setDefined(into, LlmTokenCountPromptCacheRead, numberField(usage, 'cachedContentTokenCount'));
  setDefined(into, LlmTokenCountCompletionReasoning, thoughts);
}
