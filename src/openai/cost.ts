import type { Attributes } from '@opentelemetry/api';
import {
  EmbeddingModelName,
  LlmCostCompletion,
  LlmCostPrompt,
  LlmCostPromptCacheRead,
  LlmCostTotal,
  LlmModelName,
  LlmTokenCountCompletion,
  LlmTokenCountPrompt,
  LlmTokenCountPromptCacheRead,
} from '../semconv.js';
import { DEFAULT_PRICE_TABLE, type ModelPrice, type PriceTable } from './price-table.js';

/** Token counts to price; `prompt` includes `cacheRead`, as OpenAI reports them. */
export interface TokenUsage {
  prompt?: number;
  completion?: number;
  cacheRead?: number;
}

/**
 * The price entry for a model name: the exact entry, else the longest entry that is a prefix of the
 * name ending at a `-` (`gpt-4o-mini-2024-07-18` → `gpt-4o-mini`). A router's `vendor/model` name
 * (`openai/gpt-4o`, as OpenRouter reports it) is looked up by the part after the last `/`.
 *
 * @example
 * resolveModelPrice('gpt-4o-mini-2024-07-18'); // the gpt-4o-mini entry
 * resolveModelPrice('llama3'); // undefined
 */
export function resolveModelPrice(model: string, table: PriceTable = DEFAULT_PRICE_TABLE): ModelPrice | undefined {
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
 * costAttributes('gpt-4o-mini-2024-07-18', { prompt: 1_000_000, completion: 1_000_000 });
 * // { 'llm.cost.prompt': 0.15, 'llm.cost.completion': 0.6, 'llm.cost.total': 0.75 }
 */
export function costAttributes(model: string | undefined, usage: TokenUsage, table?: PriceTable): Attributes {
  if (model === undefined || (usage.prompt === undefined && usage.completion === undefined)) return {};
  const price = resolveModelPrice(model, table);
  if (price === undefined) return {};
  const attributes: Attributes = {};
  let total = 0;
  if (usage.prompt !== undefined) {
    const cached = Math.min(usage.cacheRead ?? 0, usage.prompt);
    const cachedCost = (cached * (price.cachedInput ?? price.input)) / 1e6;
    const prompt = ((usage.prompt - cached) * price.input) / 1e6 + cachedCost;
    attributes[LlmCostPrompt] = prompt;
    if (cached > 0) attributes[LlmCostPromptCacheRead] = cachedCost;
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
 * span.setAttributes(costAttributesFor({ ...requestAttributes, ...responseAttributes }));
 */
export function costAttributesFor(attributes: Attributes, table?: PriceTable): Attributes {
  const model = attributes[LlmModelName] ?? attributes[EmbeddingModelName];
  return costAttributes(
    typeof model === 'string' ? model : undefined,
    {
      prompt: countOf(attributes[LlmTokenCountPrompt]),
      completion: countOf(attributes[LlmTokenCountCompletion]),
      cacheRead: countOf(attributes[LlmTokenCountPromptCacheRead]),
    },
    table,
  );
}

function countOf(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
