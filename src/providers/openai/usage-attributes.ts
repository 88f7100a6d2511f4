import type { Attributes } from '@opentelemetry/api';
import {
  LlmTokenCountCompletion,
  LlmTokenCountCompletionAudio,
  LlmTokenCountCompletionReasoning,
  LlmTokenCountPrompt,
  LlmTokenCountPromptAudio,
  LlmTokenCountPromptCacheRead,
  LlmTokenCountTotal,
} from '../../semconv.js';
import { isRecord, numberField, recordField, setDefined } from '../recorder/json-shape.js';

/**
 * Writes `llm.token_count.*` from a Chat Completions, legacy Completions or Embeddings `usage`
 * object (`prompt_tokens`, `completion_tokens`, `total_tokens` and their details). Counts the
 * server left out are left out, never written as 0.
 *
 * @example
 * writeChatUsage({ prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 }, attributes);
 */
export function writeChatUsage(usage: unknown, into: Attributes): void {
  if (!isRecord(usage)) return;
  setDefined(into, LlmTokenCountPrompt, numberField(usage, 'prompt_tokens'));
  setDefined(into, LlmTokenCountCompletion, numberField(usage, 'completion_tokens'));
  setDefined(into, LlmTokenCountTotal, numberField(usage, 'total_tokens'));
  const promptDetails = recordField(usage, 'prompt_tokens_details');
  setDefined(into, LlmTokenCountPromptCacheRead, numberField(promptDetails, 'cached_tokens'));
  setDefined(into, LlmTokenCountPromptAudio, numberField(promptDetails, 'audio_tokens'));
  const completionDetails = recordField(usage, 'completion_tokens_details');
  setDefined(into, LlmTokenCountCompletionReasoning, numberField(completionDetails, 'reasoning_tokens'));
  setDefined(into, LlmTokenCountCompletionAudio, numberField(completionDetails, 'audio_tokens'));
}

/**
 * Writes `llm.token_count.*` from a Responses API `usage` object (`input_tokens`, `output_tokens`,
 * `total_tokens`, `input_tokens_details.cached_tokens`, `output_tokens_details.reasoning_tokens`).
 *
 * @example
 * writeResponsesUsage({ input_tokens: 9, output_tokens: 3, total_tokens: 12 }, attributes);
 */
export function writeResponsesUsage(usage: unknown, into: Attributes): void {
  if (!isRecord(usage)) return;
  setDefined(into, LlmTokenCountPrompt, numberField(usage, 'input_tokens'));
  setDefined(into, LlmTokenCountCompletion, numberField(usage, 'output_tokens'));
  setDefined(into, LlmTokenCountTotal, numberField(usage, 'total_tokens'));
  setDefined(
    into,
    LlmTokenCountPromptCacheRead,
    numberField(recordField(usage, 'input_tokens_details'), 'cached_tokens'),
  );
  setDefined(
    into,
    LlmTokenCountCompletionReasoning,
    numberField(recordField(usage, 'output_tokens_details'), 'reasoning_tokens'),
  );
}
