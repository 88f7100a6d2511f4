import type { Attributes } from '@opentelemetry/api';
import { BodyCancelled, FirstTokenEvent, GenAiResponseTimeToFirstChunk, TimeToFirstTokenMs } from '../../semconv.js';
import { fromEpochMs, millisecondsBetween, type now, nowMs } from '../../trace/clock.js';
import type { RecordingSpan } from '../../trace/span.js';
import { failSpan, STATUS_ERROR } from '../../trace/span-status.js';
import type { LlmApi, LlmRoute } from '../provider.js';
import { costAttributesFor } from './cost.js';
import { setDefined } from './json-shape.js';
import type { LlmFetchOptions } from './llm-fetch-options.js';
import { runSoon } from './run-soon.js';
import type { StreamAccumulator } from './stream-accumulator.js';
import { SseStreamRecorder } from './stream-recorder.js';

/** How a recorded LLM call ended, for {@link completeLlmSpan}. */
export interface LlmCallEnd {
  readonly api: LlmApi;
  readonly route: LlmRoute;
  readonly options: LlmFetchOptions;
  readonly requestBody: unknown;
  /** Milliseconds from sending to the first output of a stream. */
  readonly firstTokenMs?: number;
  /** The error a stream reported in its events. */
  readonly streamError?: string;
  readonly outcome: 'done' | 'error' | 'cancelled';
  readonly error?: unknown;
}

/**
 * Sets what every provider's span gets at its end, whatever carried the call (fetch or binding):
 * the response attributes, time to first token, cost (from `priceTable`, else the API's prices),
 * the opt-in GenAI attributes, and the error status of a failed or cancelled body. Does not end
 * the span.
 *
 * @example
 * completeLlmSpan(span, responseAttributes, { api, route, options, requestBody, outcome: 'done' });
 */
export function completeLlmSpan(span: RecordingSpan, attributes: Attributes, end: LlmCallEnd): void {
  setDefined(attributes, TimeToFirstTokenMs, end.firstTokenMs);
  span.setAttributes(attributes);
  span.setAttributes(costAttributesFor(span.attributes, end.options.priceTable ?? end.api.prices));
  const writeGenAi = end.options.genAiAttributes;
  if (writeGenAi) {
    const genAi = writeGenAi(span.attributes, end.api.genAiOperation(end.route), end.requestBody);
    if (end.firstTokenMs !== undefined) genAi[GenAiResponseTimeToFirstChunk] = end.firstTokenMs / 1000;
    span.setAttributes(genAi);
  }
  if (end.streamError) span.setStatus({ code: STATUS_ERROR, message: end.streamError });
  if (end.outcome === 'error') failSpan(span, end.error);
  if (end.outcome === 'cancelled') span.setAttribute(BodyCancelled, true);
}

/**
 * An SSE stream read into a span as it passes: parses events with the API's accumulator, and on the
 * first event that carries output adds the first-token event and notes the time since `sentAt`.
 * A chunk is only noted (with the time it arrived) when it passes; the parsing runs soon after (see
 * {@link runSoon}) so the consumer gets the chunk without waiting for it, and at `end()` at the latest.
 *
 * @example
 * const watch = new SpanStreamWatch(span, () => api.streamAccumulator(route), now());
 * watch.push(chunk); // per chunk
 * const attributes = watch.end();
 */
export class SpanStreamWatch {
  // Built at the first parse, off the path of the first chunk.
  #recorder: SseStreamRecorder | undefined;
  readonly #accumulator: () => StreamAccumulator;
  readonly #span: RecordingSpan;
  readonly #sentAt: ReturnType<typeof now>;
  // Chunks not parsed yet, each with the time it arrived (epoch ms).
  #pending: [Uint8Array, number][] = [];
  firstTokenMs: number | undefined;

  /**
   * @example
   * const watch = new SpanStreamWatch(span, () => new WorkersAiStreamAccumulator(), now());
   */
  constructor(span: RecordingSpan, accumulator: () => StreamAccumulator, sentAt: ReturnType<typeof now>) {
    this.#span = span;
    this.#accumulator = accumulator;
    this.#sentAt = sentAt;
  }

  /**
   * Feeds one chunk of the stream.
   *
   * @example
   * watch.push(bytes);
   */
  push(bytes: Uint8Array): void {
    // The first chunk since the last parse schedules the next.
    if (this.#pending.push([bytes, nowMs()]) === 1) runSoon(() => this.flush());
  }

  /**
   * Ends the stream; returns the attributes of what it carried.
   *
   * @example
   * span.setAttributes(watch.end());
   */
  end(): Attributes {
    const recorder = this.flush();
    recorder.end();
    return recorder.attributes();
  }

  /**
   * The error the stream reported in its events, if any.
   *
   * @example
   * if (watch.error) span.setStatus({ code: 2, message: watch.error });
   */
  get error(): string | undefined {
    return this.#recorder?.error;
  }

  /**
   * Parses the chunks not parsed yet (a span ended before the stream is recorded up to where it was read).
   *
   * @example
   * watch.flush();
   */
  flush(): SseStreamRecorder {
    this.#recorder ??= new SseStreamRecorder(this.#accumulator());
    const recorder = this.#recorder;
    const pending = this.#pending;
    this.#pending = [];
    for (const [bytes, arrivedAt] of pending) {
      if (recorder.push(bytes) && this.firstTokenMs === undefined) {
        this.firstTokenMs = millisecondsBetween(this.#sentAt, fromEpochMs(arrivedAt));
        this.#span.addEvent(FirstTokenEvent, arrivedAt);
      }
    }
    return recorder;
  }
}
