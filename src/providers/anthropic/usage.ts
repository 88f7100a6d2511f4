import type { Attributes } from '@opentelemetry/api';
import {
  LlmTokenCountCompletion,
  LlmTokenCountCompletionReasoning,
  LlmTokenCountPrompt,
  LlmTokenCountPromptCacheRead,
  LlmTokenCountPromptCacheWrite,
  LlmTokenCountTotal,
} from '../../semconv.js';
import { isRecord, numberField, recordField, setDefined } from '../recorder/json-shape.js';

/**
 * Writes `llm.token_count.*` from an Anthropic `usage` object. The prompt count is Anthropic's own
 * total input: `input_tokens` + `cache_read_input_tokens` + `cache_creation_input_tokens` (the API
 * reports uncached input apart); the two cache counts go to `prompt_details.cache_read|cache_write`.
 *
 * @example
 * writeAnthropicUsage({ input_tokens: 10, cache_read_input_tokens: 90, output_tokens: 5 }, attributes);
 * // llm.token_count.prompt 100, ...cache_read 90, completion 5, total 105
 */
export function writeAnthropicUsage(usage: unknown, into: Attributes): void {
  if (!isRecord(usage)) return;
  const input = numberField(usage, 'input_tokens');
  const cacheRead = numberField(usage, 'cache_read_input_tokens');
  const cacheWrite = numberField(usage, 'cache_creation_input_tokens');
  const output = numberField(usage, 'output_tokens');
  const prompt = input === undefined ? undefined : input + (cacheRead ?? 0) + (cacheWrite ?? 0);
  setDefined(into, LlmTokenCountPrompt, prompt);
  setDefined(into, LlmTokenCountCompletion, output);
  if (prompt !== undefined && output !== undefined) into[LlmTokenCountTotal] = prompt + output;
  setDefined(into, LlmTokenCountPromptCacheRead, cacheRead);
  setDefined(into, LlmTokenCountPromptCacheWrite, cacheWrite);
  setDefined(
    into,
    LlmTokenCountCompletionReasoning,
    numberField(recordField(usage, 'output_tokens_details'), 'thinking_tokens'),
  );
}
