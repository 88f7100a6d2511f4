import type { Attributes } from '@opentelemetry/api';
import { parseJson } from './json-shape.js';
import { SseReader } from './sse-reader.js';
import type { StreamAccumulator } from './stream-accumulator.js';

/**
 * Reads the bytes of a streamed (Server-Sent Events) LLM response as they pass through and turns
 * them into OpenInference attributes: SSE framing, JSON payloads (the `[DONE]` marker and malformed
 * payloads are skipped) and a provider's accumulator. Every provider streams JSON payloads that carry
 * their own type, so the `event:` field is not needed.
 *
 * @example
 * const recorder = new SseStreamRecorder(openAiApi.streamAccumulator({ operation: 'chat', provider: 'openai' }));
 * // for each chunk: if (recorder.push(chunk)) firstTokenAt = performance.now();
 * // at the end: recorder.end(); span.setAttributes(recorder.attributes());
 */
export class SseStreamRecorder {
  readonly #reader = new SseReader();
  readonly #accumulator: StreamAccumulator;

  /**
   * @example
   * const recorder = new SseStreamRecorder(accumulator);
   */
  constructor(accumulator: StreamAccumulator) {
    this.#accumulator = accumulator;
  }

  /**
   * Feeds response bytes. Returns `true` when these bytes completed the first event that carries
   * generated output (the moment for time to first token).
   *
   * @example
   * const first = recorder.push(chunk);
   */
  push(chunk: Uint8Array): boolean {
    let first = false;
    for (const event of this.#reader.push(chunk)) first = this.#addData(event.data) || first;
    return first;
  }

  /**
   * Ends the stream, adding a last event that had no blank line after it.
   *
   * @example
   * recorder.end();
   */
  end(): void {
    for (const event of this.#reader.end()) this.#addData(event.data);
  }

  /**
   * The attributes of what was read so far.
   *
   * @example
   * span.setAttributes(recorder.attributes());
   */
  attributes(): Attributes {
    return this.#accumulator.attributes();
  }

  /**
   * The error the stream reported, if any (an error payload or event).
   *
   * @example
   * if (recorder.error) span.setStatus({ code: SpanStatusCode.ERROR, message: recorder.error });
   */
  get error(): string | undefined {
    return this.#accumulator.error;
  }

  #addData(data: string): boolean {
    if (data === '[DONE]') return false;
    return this.#accumulator.add(parseJson(data));
  }
}
