/** Prices of one model, in USD per 1 million tokens. */
export interface ModelPrice {
  /** Uncached input (prompt) tokens. */
  readonly input: number;
  /** Input tokens served from the prompt cache; input tokens are priced at `input` when absent. */
  readonly cachedInput?: number;
  /** Output (completion) tokens, reasoning tokens included; absent for embedding models. */
  readonly output?: number;
}

/**
 * Model prices by model name. A dated name (`gpt-4o-mini-2024-07-18`) resolves to the longest
 * entry that is a prefix of it ending at a `-`, so a table lists base names and only the snapshots
 * whose price differs from their base.
 *
 * @example
 * const table: PriceTable = { ...DEFAULT_PRICE_TABLE, 'my-finetune': { input: 3, output: 12 } };
 */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

function price(input: number, cachedInput: number | undefined, output: number | undefined): ModelPrice {
  const entry: { input: number; cachedInput?: number; output?: number } = { input };
  if (cachedInput !== undefined) entry.cachedInput = cachedInput;
  if (output !== undefined) entry.output = output;
  return Object.freeze(entry);
}

/**
 * OpenAI's standard-tier prices (not Batch, Flex or Priority), USD per 1M tokens, as published on
 * OpenAI's pricing and model pages; taken 2026-11-25. Re-check them there before relying on them for
 * billing, and override entries through your own {@link PriceTable}.
 *
 * @example
 * DEFAULT_PRICE_TABLE['gpt-4o-mini']; // { input: 0.15, cachedInput: 0.075, output: 0.6 }
 */
export const DEFAULT_PRICE_TABLE: PriceTable = Object.freeze({
  'gpt-5': price(1.25, 0.125, 10),
  'gpt-5-mini': price(0.25, 0.025, 2),
  'gpt-5-nano': price(0.05, 0.005, 0.4),
  'gpt-5-pro': price(15, undefined, 120),
  'gpt-4.1': price(2, 0.5, 8),
  'gpt-4.1-mini': price(0.4, 0.1, 1.6),
  'gpt-4.1-nano': price(0.1, 0.025, 0.4),
  'gpt-4o': price(2.5, 1.25, 10),
  // The first gpt-4o snapshot kept its launch price.
  'gpt-4o-2024-05-13': price(5, undefined, 15),
  'gpt-4o-mini': price(0.15, 0.075, 0.6),
  o1: price(15, 7.5, 60),
  'o1-pro': price(150, undefined, 600),
  'o1-mini': price(1.1, 0.55, 4.4),
  o3: price(2, 0.5, 8),
  'o3-pro': price(20, undefined, 80),
  'o3-mini': price(1.1, 0.55, 4.4),
  'o4-mini': price(1.1, 0.275, 4.4),
  'gpt-4-turbo': price(10, undefined, 30),
  'gpt-4': price(30, undefined, 60),
  'gpt-3.5-turbo': price(0.5, undefined, 1.5),
  // Without its own entry, the instruct model would resolve to gpt-3.5-turbo's chat price.
  'gpt-3.5-turbo-instruct': price(1.5, undefined, 2),
  'text-embedding-3-small': price(0.02, undefined, undefined),
  'text-embedding-3-large': price(0.13, undefined, undefined),
  'text-embedding-ada-002': price(0.1, undefined, undefined),
});
