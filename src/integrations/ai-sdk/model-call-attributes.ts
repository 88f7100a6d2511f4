import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { costAttributesFor } from '../../providers/default-prices.js';
import { setDefined } from '../../providers/recorder/json-shape.js';
import type { PriceTable } from '../../providers/recorder/price-table.js';
import {
  LlmFinishReason,
  LlmInvocationParameters,
  LlmModelName,
  LlmProvider,
  LlmSystem,
  LlmTokenCountCompletion,
  LlmTokenCountCompletionReasoning,
  LlmTokenCountPrompt,
  LlmTokenCountPromptCacheRead,
  LlmTokenCountPromptCacheWrite,
  LlmTokenCountTotal,
  LlmTools,
  TimeToFirstTokenMs,
  ToolJsonSchema,
} from '../../semconv.js';
import { count, json, text } from './ai-sdk-values.js';
import { inputMessageAttributes, outputMessageAttributes } from './message-attributes.js';

type SpanAttributes = Readonly<Record<string, AttributeValue>>;

/**
 * The OpenInference attributes of one provider call (`*.doGenerate`, `*.doStream`): model (the
 * served one when the response names it), provider and system from `ai.model.provider`
 * (`openai.responses` → `openai`), messages in and out with tool calls, tools, settings as
 * invocation parameters, token counts under the old and new AI SDK names, time to first chunk,
 * finish reason, and cost from the price table.
 *
 * @example
 * modelCallAttributes(span.attributes, DEFAULT_PRICE_TABLE);
 */
export function modelCallAttributes(attributes: SpanAttributes, priceTable: PriceTable | undefined): Attributes {
  const result: Attributes = {};
  setDefined(result, LlmModelName, text(attributes['ai.response.model']) || text(attributes['ai.model.id']));
  const provider = text(attributes['ai.model.provider'])?.split('.')[0];
  setDefined(result, LlmProvider, provider || undefined);
  setDefined(result, LlmSystem, provider || undefined);
  setDefined(result, LlmInvocationParameters, invocationParameters(attributes));
  Object.assign(result, inputMessageAttributes(json(attributes['ai.prompt.messages'])));
  Object.assign(
    result,
    outputMessageAttributes(text(attributes['ai.response.text']), json(attributes['ai.response.toolCalls'])),
  );
  const tools = attributes['ai.prompt.tools'];
  if (Array.isArray(tools)) {
    tools.forEach((tool, i) => {
      if (typeof tool === 'string') result[`${LlmTools}.${i}.${ToolJsonSchema}`] = tool;
    });
  }
  setDefined(result, LlmFinishReason, text(attributes['ai.response.finishReason']));
  Object.assign(result, tokenCounts(attributes));
  setDefined(result, TimeToFirstTokenMs, count(attributes['ai.response.msToFirstChunk']));
  Object.assign(result, costAttributesFor(result, priceTable));
  return result;
}

/**
 * Token counts: `promptTokens`/`completionTokens` (AI SDK 4) or `inputTokens`/`outputTokens`
 * (5 and later), `totalTokens` (else their sum), `cachedInputTokens` or
 * `inputTokenDetails.cacheReadTokens`, `reasoningTokens`, `inputTokenDetails.cacheWriteTokens`;
 * embeddings report `ai.usage.tokens`.
 */
export function tokenCounts(attributes: SpanAttributes): Attributes {
  const result: Attributes = {};
  const prompt =
    count(attributes['ai.usage.promptTokens']) ??
    count(attributes['ai.usage.inputTokens']) ??
    count(attributes['ai.usage.tokens']);
  const completion = count(attributes['ai.usage.completionTokens']) ?? count(attributes['ai.usage.outputTokens']);
  setDefined(result, LlmTokenCountPrompt, prompt);
  setDefined(result, LlmTokenCountCompletion, completion);
  const total = count(attributes['ai.usage.totalTokens']);
  const sum = prompt === undefined && completion === undefined ? undefined : (prompt ?? 0) + (completion ?? 0);
  setDefined(result, LlmTokenCountTotal, total ?? sum);
  setDefined(
    result,
    LlmTokenCountPromptCacheRead,
    count(attributes['ai.usage.cachedInputTokens']) ?? count(attributes['ai.usage.inputTokenDetails.cacheReadTokens']),
  );
  setDefined(result, LlmTokenCountPromptCacheWrite, count(attributes['ai.usage.inputTokenDetails.cacheWriteTokens']));
  setDefined(
    result,
    LlmTokenCountCompletionReasoning,
    count(attributes['ai.usage.reasoningTokens']) ?? count(attributes['ai.usage.outputTokenDetails.reasoningTokens']),
  );
  return result;
}

/** `ai.settings.*` as one JSON object keyed by setting name (`maxOutputTokens`, `temperature`, ...), as Arize does. */
export function invocationParameters(attributes: SpanAttributes): string | undefined {
  let settings: Record<string, AttributeValue> | undefined;
  for (const key in attributes) {
    if (!key.startsWith('ai.settings.')) continue;
    settings ??= {};
    settings[key.slice(key.lastIndexOf('.') + 1)] = attributes[key];
  }
  return settings === undefined ? undefined : JSON.stringify(settings);
}
