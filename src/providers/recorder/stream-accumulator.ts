import type { Attributes } from '@opentelemetry/api';

/**
 * Collects the parsed `data:` payloads of one streamed OpenAI response and turns them into the same
 * OpenInference attributes a non-streamed response would give.
 *
 * @example
 * const accumulator = createChatStreamAccumulator();
 * if (accumulator.add(JSON.parse(event.data))) span.setAttribute('first_token_at', Date.now());
 * span.setAttributes(accumulator.attributes());
 */
export interface StreamAccumulator {
  /**
   * Adds one parsed payload (anything: malformed payloads are ignored). Returns `true` for the first
   * payload that carries generated output, so the caller can stamp the time to first token.
   */
  add(chunk: unknown): boolean;
  /** The attributes of everything added so far; may be called more than once. */
  attributes(): Attributes;
  /** The error message the stream reported (an `error` payload, `response.failed`), if any. */
  readonly error: string | undefined;
}
