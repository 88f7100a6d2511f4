import type { Attributes } from '@opentelemetry/api';
import {
  LlmOutputMessages,
  MessageContent,
  MessageRole,
  MimeTypes,
  OutputMimeType,
  OutputValue,
} from '../../semconv.js';
import { writeChatUsage } from '../openai/usage-attributes.js';
import { arrayField, isRecord } from '../recorder/json-shape.js';
import type { StreamAccumulator } from '../recorder/stream-accumulator.js';
import { writeRunToolCalls } from './run-attributes.js';

/**
 * Accumulates a streamed Workers AI text generation (`stream: true`): Server-Sent Events whose data
 * is `{ "response": "<text>" }`, a last one with `usage` on models that report it, then `[DONE]`.
 *
 * @example
 * const accumulator = new WorkersAiStreamAccumulator();
 * accumulator.add({ response: 'Hel' });
 * accumulator.add({ response: 'lo' });
 * accumulator.attributes()['output.value']; // 'Hello'
 */
export class WorkersAiStreamAccumulator implements StreamAccumulator {
  readonly error = undefined;
  readonly #text: string[] = [];
  #toolCalls: unknown[] | undefined;
  #usage: unknown;

  add(chunk: unknown): boolean {
    if (!isRecord(chunk)) return false;
    if (isRecord(chunk.usage)) this.#usage = chunk.usage;
    this.#toolCalls = arrayField(chunk, 'tool_calls') ?? this.#toolCalls;
    const text = chunk.response;
    if (typeof text !== 'string' || text.length === 0) return false;
    this.#text.push(text);
    return this.#text.length === 1;
  }

  attributes(): Attributes {
    const text = this.#text.join('');
    const prefix = `${LlmOutputMessages}.0.`;
    const attributes: Attributes = {
      [OutputValue]: text,
      [OutputMimeType]: MimeTypes.text,
      [prefix + MessageRole]: 'assistant',
    };
    if (text) attributes[prefix + MessageContent] = text;
    writeRunToolCalls(this.#toolCalls, prefix, attributes);
    writeChatUsage(this.#usage, attributes);
    return attributes;
  }
}
