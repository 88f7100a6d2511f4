import type { PriceTable } from './price-table.js';

/** How OpenAI-style calls are recorded. */
export interface LlmFetchOptions {
  /** Prices per model in USD per million tokens, over (or instead of) the built-in table. */
  readonly priceTable?: PriceTable;
  /** Also write OpenTelemetry GenAI attributes (`gen_ai.*`) beside the OpenInference ones. Default false. */
  readonly genAiAttributes?: boolean;
  /** Response bytes kept to parse a JSON body; beyond it the output is not recorded. Default 8 MiB. */
  readonly maxResponseBytes?: number;
}
