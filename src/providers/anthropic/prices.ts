import { modelPrice, type PriceTable } from '../recorder/price-table.js';

/**
 * Anthropic's prices for the Claude 4.x family, USD per 1M tokens: base input, cache hits (read),
 * output, and 5-minute cache writes (1.25 × input; 1-hour writes cost 2 × input and are priced here
 * at the 5-minute rate, since `usage` only splits them in `cache_creation`). Standard tier, prompts
 * up to 200K tokens; taken from Anthropic's pricing page 2026-11-25. Dated names
 * (`claude-sonnet-4-5-20250929`) resolve to these base names.
 *
 * @example
 * ANTHROPIC_PRICES['claude-sonnet-4-5']; // { input: 3, cachedInput: 0.3, output: 15, cacheWriteInput: 3.75 }
 */
export const ANTHROPIC_PRICES: PriceTable = /* @__PURE__ */ Object.freeze({
  'claude-opus-4-8': modelPrice(5, 0.5, 25, 6.25),
  'claude-opus-4-7': modelPrice(5, 0.5, 25, 6.25),
  'claude-opus-4-6': modelPrice(5, 0.5, 25, 6.25),
  'claude-opus-4-5': modelPrice(5, 0.5, 25, 6.25),
  'claude-opus-4-1': modelPrice(15, 1.5, 75, 18.75),
  'claude-opus-4': modelPrice(15, 1.5, 75, 18.75),
  'claude-sonnet-4-6': modelPrice(3, 0.3, 15, 3.75),
  'claude-sonnet-4-5': modelPrice(3, 0.3, 15, 3.75),
  'claude-sonnet-4': modelPrice(3, 0.3, 15, 3.75),
  'claude-haiku-4-5': modelPrice(1, 0.1, 5, 1.25),
  'claude-3-7-sonnet': modelPrice(3, 0.3, 15, 3.75),
  'claude-3-5-haiku': modelPrice(0.8, 0.08, 4, 1),
  'claude-3-haiku': modelPrice(0.25, 0.03, 1.25, 0.3),
});
