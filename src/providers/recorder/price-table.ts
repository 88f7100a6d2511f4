/** Prices of one model, in USD per 1 million tokens. */
export interface ModelPrice {
  /** Uncached input (prompt) tokens. */
  readonly input: number;
  /** Input tokens served from the prompt cache; input tokens are priced at `input` when absent. */
  readonly cachedInput?: number;
  /** Output (completion) tokens, reasoning tokens included; absent for embedding models. */
  readonly output?: number;
  /** Input tokens written to the prompt cache (Anthropic); priced at `input` when absent. */
  readonly cacheWriteInput?: number;
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

/**
 * A frozen price entry, USD per 1M tokens; `undefined` leaves a rate out.
 *
 * @example
 * modelPrice(3, 0.3, 15, 3.75); // { input: 3, cachedInput: 0.3, output: 15, cacheWriteInput: 3.75 }
 */
export /* @__NO_SIDE_EFFECTS__ */ function modelPrice(
  input: number,
  cachedInput: number | undefined,
  output: number | undefined,
  cacheWriteInput?: number,
): ModelPrice {
  const entry: { input: number; cachedInput?: number; output?: number; cacheWriteInput?: number } = { input };
  if (cachedInput !== undefined) entry.cachedInput = cachedInput;
  if (output !== undefined) entry.output = output;
  if (cacheWriteInput !== undefined) entry.cacheWriteInput = cacheWriteInput;
  return Object.freeze(entry);
}
