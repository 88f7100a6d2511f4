import type { Attributes } from '@opentelemetry/api';
import { toJsonString } from '../../json-string.js';
import {
  LlmFinishReason,
  LlmModelName,
  LlmOutputMessages,
  MimeTypes,
  OutputMimeType,
  OutputValue,
} from '../../semconv.js';
import {
  isRecord,
  type JsonRecord,
  numberField,
  parseJson,
  recordField,
  setDefined,
  stringField,
} from '../recorder/json-shape.js';
import type { StreamAccumulator } from '../recorder/stream-accumulator.js';
import { writeAnthropicMessage } from './content-blocks.js';
import { anthropicErrorMessage } from './messages-attributes.js';
import { writeAnthropicUsage } from './usage.js';

/**
 * Accumulates a streamed Anthropic message from its events' JSON payloads (each names its own
 * `type`): `message_start` (model, role, input usage), `content_block_start` / `_delta` / `_stop`
 * (`text_delta`, `input_json_delta`, `thinking_delta`, `signature_delta`), `message_delta` (stop
 * reason; its `usage` is cumulative, so the last one wins, over `message_start`'s counts),
 * `message_stop`, `ping`, and `error`. Blocks are rebuilt in `index` order, so the attributes match
 * those of the same message unstreamed.
 *
 * @example
 * const accumulator = new AnthropicStreamAccumulator();
 * accumulator.add({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } });
 * accumulator.attributes()['output.value']; // 'Hi'
 */
export class AnthropicStreamAccumulator implements StreamAccumulator {
  error: string | undefined;
  #model: string | undefined;
  #role = 'assistant';
  readonly #blocks = new Map<number, JsonRecord>();
  // `input_json_delta` fragments per block, parsed once the stream ends.
  readonly #partialJson = new Map<number, string>();
  #stopReason: string | undefined;
  #usage: JsonRecord = {};
  #sawOutput = false;

  add(event: unknown): boolean {
    if (!isRecord(event)) return false;
    switch (event.type) {
      case 'message_start': {
        const message = recordField(event, 'message');
        this.#model = stringField(message, 'model') ?? this.#model;
        this.#role = stringField(message, 'role') ?? this.#role;
        this.#addUsage(recordField(message, 'usage'));
        return false;
      }
      case 'content_block_start': {
        const block = recordField(event, 'content_block');
        if (block) this.#blocks.set(numberField(event, 'index') ?? this.#blocks.size, { ...block });
        return false;
      }
      case 'content_block_delta':
        return this.#addDelta(numberField(event, 'index') ?? 0, recordField(event, 'delta'));
      case 'message_delta':
        this.#stopReason = stringField(recordField(event, 'delta'), 'stop_reason') ?? this.#stopReason;
        this.#addUsage(recordField(event, 'usage'));
        return false;
      case 'error':
        this.error = anthropicErrorMessage(event);
        return false;
      default:
        return false;
    }
  }

  #addDelta(index: number, delta: JsonRecord | undefined): boolean {
    if (delta === undefined) return false;
    let block = this.#blocks.get(index);
    if (block === undefined) {
      // A delta without its start (a truncated or reordered stream): infer the block's type.
      block = {
        type: delta.type === 'input_json_delta' ? 'tool_use' : delta.type === 'thinking_delta' ? 'thinking' : 'text',
      };
      this.#blocks.set(index, block);
    }
    switch (delta.type) {
      case 'text_delta':
        block.text = (stringField(block, 'text') ?? '') + (stringField(delta, 'text') ?? '');
        break;
      case 'thinking_delta':
        block.thinking = (stringField(block, 'thinking') ?? '') + (stringField(delta, 'thinking') ?? '');
        break;
      case 'signature_delta':
        block.signature = stringField(delta, 'signature');
        return false;
      case 'input_json_delta':
        this.#partialJson.set(index, (this.#partialJson.get(index) ?? '') + (stringField(delta, 'partial_json') ?? ''));
        break;
      default:
        return false;
    }
    if (this.#sawOutput) return false;
    this.#sawOutput = true;
    return true;
  }

  #addUsage(usage: JsonRecord | undefined): void {
    if (usage === undefined) return;
    // Later counts replace earlier ones; a null count (message_delta's input_tokens) keeps the earlier.
    for (const key in usage) if (usage[key] !== null && usage[key] !== undefined) this.#usage[key] = usage[key];
  }

  attributes(): Attributes {
    const attributes: Attributes = {};
    setDefined(attributes, LlmModelName, this.#model);
    const content = [...this.#blocks.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([index, block]) => {
        const json = this.#partialJson.get(index);
        // Unparseable (truncated) tool input is kept as the text that arrived.
        return json === undefined ? block : { ...block, input: json === '' ? {} : (parseJson(json) ?? json) };
      });
    const textOnly = content.every((block) => block.type === 'text');
    if (textOnly) {
      attributes[OutputValue] = content.map((block) => stringField(block, 'text') ?? '').join('');
      attributes[OutputMimeType] = MimeTypes.text;
    } else {
      attributes[OutputValue] = toJsonString({ role: this.#role, content });
      attributes[OutputMimeType] = MimeTypes.json;
    }
    writeAnthropicMessage({ role: this.#role, content }, `${LlmOutputMessages}.0.`, attributes, true);
    setDefined(attributes, LlmFinishReason, this.#stopReason);
    writeAnthropicUsage(this.#usage, attributes);
    return attributes;
  }
}
