import { modelPrice, type PriceTable } from '../recorder/price-table.js';

/**
 * OpenAI's standard-tier prices (not Batch, Flex or Priority), USD per 1M tokens, as published on
 * OpenAI's pricing and model pages; taken 2026-11-25. Re-check them there before relying on them for
 * billing, and override entries through your own {@link PriceTable}.
 *
 * @example
 * OPENAI_PRICES['gpt-4o-mini']; // { input: 0.15, cachedInput: 0.075, output: 0.6 }
 */
export const OPENAI_PRICES: PriceTable = /* @__PURE__ */ Object.freeze({
  'gpt-5': modelPrice(1.25, 0.125, 10),
  'gpt-5-mini': modelPrice(0.25, 0.025, 2),
  'gpt-5-nano': modelPrice(0.05, 0.005, 0.4),
  'gpt-5-pro': modelPrice(15, undefined, 120),
  'gpt-4.1': modelPrice(2, 0.5, 8),
  'gpt-4.1-mini': modelPrice(0.4, 0.1, 1.6),
  'gpt-4.1-nano': modelPrice(0.1, 0.025, 0.4),
  'gpt-4o': modelPrice(2.5, 1.25, 10),
  // The first gpt-4o snapshot kept its launch price.
  'gpt-4o-2024-05-13': modelPrice(5, undefined, 15),
  'gpt-4o-mini': modelPrice(0.15, 0.075, 0.6),
  o1: modelPrice(15, 7.5, 60),
  'o1-pro': modelPrice(150, undefined, 600),
  'o1-mini': modelPrice(1.1, 0.55, 4.4),
  o3: modelPrice(2, 0.5, 8),
  'o3-pro': modelPrice(20, undefined, 80),
  'o3-mini': modelPrice(1.1, 0.55, 4.4),
  'o4-mini': modelPrice(1.1, 0.275, 4.4),
  'gpt-4-turbo': modelPrice(10, undefined, 30),
  'gpt-4': modelPrice(30, undefined, 60),
  'gpt-3.5-turbo': modelPrice(0.5, undefined, 1.5),
  // Without its own entry, the instruct model would resolve to gpt-3.5-turbo's chat price.
  'gpt-3.5-turbo-instruct': modelPrice(1.5, undefined, 2),
  'text-embedding-3-small': modelPrice(0.02, undefined, undefined),
  'text-embedding-3-large': modelPrice(0.13, undefined, undefined),
  'text-embedding-ada-002': modelPrice(0.1, undefined, undefined),
});
