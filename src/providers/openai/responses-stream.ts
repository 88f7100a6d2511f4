import type { Attributes } from '@opentelemetry/api';
import {
  arrayField,
  isRecord,
  type JsonRecord,
  numberField,
  recordField,
  stringField,
} from '../recorder/json-shape.js';
import type { StreamAccumulator } from '../recorder/stream-accumulator.js';
import { responsesResponseAttributes } from './responses-attributes.js';
import { openAiErrorMessage } from './stream-error.js';

// The events that carry the whole final response object.
const FINAL_EVENTS = /* @__PURE__ */ new Set(['response.completed', 'response.incomplete', 'response.failed']);

export class ResponsesStreamAccumulator implements StreamAccumulator {
  error: string | undefined;
  // The latest full response seen: from response.created at first, the final one at the end.
  #response: JsonRecord | undefined;
  #final = false;
  // Output items by output_index, rebuilt from deltas in case the stream ends before the final event.
  readonly #items = new Map<number, JsonRecord>();
  #sawOutput = false;

  add(chunk: unknown): boolean {
    if (!isRecord(chunk)) return false;
    const type = stringField(chunk, 'type') ?? '';
    if (type === 'error') {
      this.error = stringField(chunk, 'message') ?? openAiErrorMessage(chunk) ?? 'error';
      return false;
    }
    const response = recordField(chunk, 'response');
    if (response && !this.#final) {
      this.#response = response;
      if (FINAL_EVENTS.has(type)) this.#final = true;
      if (type === 'response.failed') {
        this.error = stringField(recordField(response, 'error'), 'message') ?? 'response.failed';
      }
    }
    this.#addItemEvent(type, chunk);
    if (this.#sawOutput || !type.endsWith('.delta')) return false;
    this.#sawOutput = true;
    return true;
  }

  #addItemEvent(type: string, event: JsonRecord): void {
    const index = numberField(event, 'output_index');
    if (index === undefined) return;
    if (type === 'response.output_item.added' || type === 'response.output_item.done') {
      const item = recordField(event, 'item');
      if (item) this.#items.set(index, { ...item });
      return;
    }
    const delta = stringField(event, 'delta');
    if (delta === undefined) return;
    const item = this.#items.get(index);
    if (type === 'response.output_text.delta') {
      // Items are this accumulator's own copies (parsed JSON, copied when added): text grows in place.
      const message = item ?? { type: 'message', role: 'assistant' };
      let content = arrayField(message, 'content');
      if (content === undefined) message.content = content = [];
      const at = numberField(event, 'content_index') ?? 0;
      const part = content[at];
      content[at] = isRecord(part)
        ? { ...part, text: (stringField(part, 'text') ?? '') + delta }
        : { type: 'output_text', text: delta };
      this.#items.set(index, message);
    } else if (type === 'response.function_call_arguments.delta' && item) {
      item.arguments = (stringField(item, 'arguments') ?? '') + delta;
    }
  }

  attributes(): Attributes {
    if (this.#final || this.#items.size === 0) return this.#response ? responsesResponseAttributes(this.#response) : {};
    // The stream stopped before its final event: describe what arrived.
    const output = [...this.#items.entries()].sort(([a], [b]) => a - b).map(([, item]) => item);
    return responsesResponseAttributes({ ...this.#response, output });
  }
}

/**
 * Accumulates a streamed Responses API call from its typed events: `response.created` (model),
 * text and function-call argument deltas, `response.output_item.done`, and the final
 * `response.completed` / `response.incomplete` / `response.failed` whose `response` carries the
 * whole output and usage. An `error` event or `response.failed` sets `error`. When the stream ends
 * early, the output assembled from the deltas is recorded.
 *
 * @example
 * const accumulator = createResponsesStreamAccumulator();
 * accumulator.add({ type: 'response.completed', response: { model: 'gpt-4.1-2025-04-14', output: [] } });
 * accumulator.attributes()['llm.model_name']; // 'gpt-4.1-2025-04-14'
 *
 * The instrumented fetch constructs the class directly; this factory is for callers outside it.
 */
export function createResponsesStreamAccumulator(): StreamAccumulator {
  return new ResponsesStreamAccumulator();
}
