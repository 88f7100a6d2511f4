// Types of scripts/anthropic-stand-in.js.
import type { ProviderStandIn, RecordedCall, StandInReply } from './provider-stand-in.js';

/** Usage the stand-in reports: 12 uncached input tokens, 30 read from the cache, 20 written to it. */
export const ANTHROPIC_USAGE: {
  input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
};
export const ANTHROPIC_OUTPUT_TOKENS: number;
export const ANTHROPIC_SERVED_MODEL_SUFFIX: string;
export interface AnthropicStandInOptions {
  port?: number;
  /** When tools are offered, answer the tool_use block alone, without the echoed text. */
  toolUseAlone?: boolean;
}
/** The content blocks the stand-in answers for a request body. */
export function anthropicContent(
  body: Record<string, unknown>,
  options?: AnthropicStandInOptions,
): Array<Record<string, unknown>>;
/** The stand-in's answer to one request. */
export function anthropicReply(call: RecordedCall, options?: AnthropicStandInOptions): StandInReply;
/** Starts the Anthropic stand-in; point a client's `baseURL` at its `url`. */
export function startAnthropicStandIn(options?: AnthropicStandInOptions): Promise<ProviderStandIn>;
