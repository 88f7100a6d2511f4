import type { Attributes } from '@opentelemetry/api';
import { ANTHROPIC_PRICES } from './anthropic/prices.js';
import { GEMINI_PRICES } from './gemini/prices.js';
import { OPENAI_PRICES } from './openai/prices.js';
import {
  costAttributesFor as costForWith,
  costAttributes as costWith,
  resolveModelPrice as resolveWith,
  type TokenUsage,
} from './recorder/cost.js';
import type { ModelPrice, PriceTable } from './recorder/price-table.js';

/**
 * Every provider module's built-in prices in one table, USD per 1M tokens (each module's `prices.ts` says
 * its source and date). Spread it to add or override entries in `register({ priceTable })`.
 *
 * @example
 * const priceTable: PriceTable = { ...DEFAULT_PRICE_TABLE, 'my-finetune': { input: 3, output: 12 } };
 */
// Object.assign rather than a spread: bundlers may drop a pure call over plain identifiers, never a
// spread (it could run getters), so a Worker that does not use this table does not keep every price.
export const DEFAULT_PRICE_TABLE: PriceTable = /* @__PURE__ */ Object.freeze(
  /* @__PURE__ */ Object.assign({}, OPENAI_PRICES, ANTHROPIC_PRICES, GEMINI_PRICES),
);

/**
 * The price entry for a model name in `table` (default: every built-in price); see the recorder's
 * `resolveModelPrice` for how dated and `vendor/model` names resolve.
 *
 * @example
 * resolveModelPrice('gpt-4o-mini-2024-07-18'); // the gpt-4o-mini entry
 */
export function resolveModelPrice(model: string, table: PriceTable = DEFAULT_PRICE_TABLE): ModelPrice | undefined {
  return resolveWith(model, table);
}

/**
 * `llm.cost.*` for a model and its token counts, priced from `table` (default: every built-in price).
 *
 * @example
 * costAttributes('gpt-4o-mini', { prompt: 1_000_000, completion: 1_000_000 }); // { ..., 'llm.cost.total': 0.75 }
 */
export function costAttributes(
  model: string | undefined,
  usage: TokenUsage,
  table: PriceTable = DEFAULT_PRICE_TABLE,
): Attributes {
  return costWith(model, usage, table);
}

/**
 * `llm.cost.*` for a span's attributes (model and `llm.token_count.*`), priced from `table`.
 *
 * @example
 * costAttributesFor({ 'llm.model_name': 'gpt-4o', 'llm.token_count.prompt': 10 });
 */
export function costAttributesFor(attributes: Attributes, table: PriceTable = DEFAULT_PRICE_TABLE): Attributes {
  return costForWith(attributes, table);
}
