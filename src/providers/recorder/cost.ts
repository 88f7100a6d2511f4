import type { Attributes } from '@opentelemetry/api';
import {
  EmbeddingModelName,
  LlmCostCompletion,
  LlmCostPrompt,
  LlmCostPromptCacheRead,
  LlmCostPromptCacheWrite,
  LlmCostTotal,
  LlmModelName,
  LlmTokenCountCompletion,
  LlmTokenCountPrompt,
  LlmTokenCountPromptCacheRead,
  LlmTokenCountPromptCacheWrite,
} from '../../semconv.js';
import type { ModelPrice, PriceTable } from './price-table.js';

/**
 * Token counts to price; `prompt` includes `cacheRead` and `cacheWrite` (as OpenAI reports cached
 * tokens, and as the Anthropic module sums its input, cache read and cache creation counts).
 */
export interface TokenUsage {
  prompt?: number;
  completion?: number;
  cacheRead?: number;
  cacheWrite?: number;
}

/**
 * The price entry for a model name: the exact entry, else the longest entry that is a prefix of the
 * name ending at a `-` (`gpt-4o-mini-2024-07-18` → `gpt-4o-mini`). A router's `vendor/model` name
 * (`openai/gpt-4o`, as OpenRouter reports it) is looked up by the part after the last `/`.
 *
 * @example
 * resolveModelPrice('gpt-4o-mini-2024-07-18', OPENAI_PRICES); // the gpt-4o-mini entry
 * resolveModelPrice('llama3', OPENAI_PRICES); // undefined
 */
export function resolveModelPrice(model: string, table: PriceTable): ModelPrice | undefined {
  const found = lookUp(model, table);
  if (found !== undefined) return found;
  const slash = model.lastIndexOf('/');
  return slash === -1 ? undefined : lookUp(model.slice(slash + 1), table);
}

function lookUp(model: string, table: PriceTable): ModelPrice | undefined {
  if (Object.hasOwn(table, model)) return table[model];
  for (let end = model.lastIndexOf('-'); end > 0; end = model.lastIndexOf('-', end - 1)) {
    const prefix = model.slice(0, end);
    if (Object.hasOwn(table, prefix)) return table[prefix];
  }
  return undefined;
}

/**
 * `llm.cost.prompt|completion|total` in USD (and `llm.cost.prompt_details.cache_read` when some
 * input came from the prompt cache): cached prompt tokens at the cached rate, the rest at the input
 * rate, completion tokens at the output rate. An unknown model, or no token counts, gives `{}`.
 *
 * @example
 * costAttributes('gpt-4o-mini-2024-07-18', { prompt: 1_000_000, completion: 1_000_000 }, OPENAI_PRICES);
 * // { 'llm.cost.prompt': 0.15, 'llm.cost.completion': 0.6, 'llm.cost.total': 0.75 }
 */
export function costAttributes(model: string | undefined, usage: TokenUsage, table: PriceTable): Attributes {
  if (model === undefined || (usage.prompt === undefined && usage.completion === undefined)) return {};
  const price = resolveModelPrice(model, table);
  if (price === undefined) return {};
  const attributes: Attributes = {};
  let total = 0;
  if (usage.prompt !== undefined) {
    const cached = Math.min(usage.cacheRead ?? 0, usage.prompt);
    const written = Math.min(usage.cacheWrite ?? 0, usage.prompt - cached);
    const cachedCost = (cached * (price.cachedInput ?? price.input)) / 1e6;
    const writtenCost = (written * (price.cacheWriteInput ?? price.input)) / 1e6;
    const prompt = ((usage.prompt - cached - written) * price.input) / 1e6 + cachedCost + writtenCost;
    attributes[LlmCostPrompt] = prompt;
    if (cached > 0) attributes[LlmCostPromptCacheRead] = cachedCost;
    if (written > 0) attributes[LlmCostPromptCacheWrite] = writtenCost;
    total += prompt;
  }
  if (usage.completion !== undefined) {
    const completion = (usage.completion * (price.output ?? 0)) / 1e6;
    attributes[LlmCostCompletion] = completion;
    total += completion;
  }
  attributes[LlmCostTotal] = total;
  return attributes;
}

/**
 * {@link costAttributes} for a span's OpenInference attributes: reads the model (`llm.model_name`, or
 * `embedding.model_name`) and the `llm.token_count.*` counts the response gave.
 *
 * @example
 * span.setAttributes(costAttributesFor({ ...requestAttributes, ...responseAttributes }, OPENAI_PRICES));
 */
export function costAttributesFor(attributes: Attributes, table: PriceTable): Attributes {
  const model = attributes[LlmModelName] ?? attributes[EmbeddingModelName];
  return costAttributes(
    typeof model === 'string' ? model : undefined,
    {
      prompt: countOf(attributes[LlmTokenCountPrompt]),
      completion: countOf(attributes[LlmTokenCountCompletion]),
      cacheRead: countOf(attributes[LlmTokenCountPromptCacheRead]),
      cacheWrite: countOf(attributes[LlmTokenCountPromptCacheWrite]),
    },
    table,
  );
}

function countOf(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
