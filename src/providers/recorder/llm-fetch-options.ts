import type { Attributes } from '@opentelemetry/api';
import type { PriceTable } from './price-table.js';

/** {@link LlmFetchOptions.maxResponseBytes} when not given (here, esbuild inlines it where it is read). */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/**
 * Writes the OpenTelemetry GenAI attributes (`gen_ai.*`) of an LLM span from its OpenInference
 * attributes, the API's operation name and the parsed request body. `edge-llmobs/gen-ai` exports the
 * one built in, so Workers that do not want `gen_ai.*` keys do not bundle it.
 *
 * @example
 * import { genAiAttributes } from 'edge-llmobs/gen-ai';
 * const writer: GenAiAttributeWriter = genAiAttributes;
 */
export type GenAiAttributeWriter = (openInference: Attributes, operation: string, request?: unknown) => Attributes;

/** How OpenAI-style calls are recorded. */
export interface LlmFetchOptions {
  /** Prices per model in USD per million tokens, over (or instead of) the built-in table. */
  readonly priceTable?: PriceTable;
  /**
   * Also write OpenTelemetry GenAI attributes (`gen_ai.*`) beside the OpenInference ones: pass
   * `genAiAttributes` from `edge-llmobs/gen-ai`. Default: none written.
   */
  readonly genAiAttributes?: GenAiAttributeWriter;
  /** Response bytes kept to parse a JSON body; beyond it the output is not recorded. Default 8 MiB. */
  readonly maxResponseBytes?: number;
}
