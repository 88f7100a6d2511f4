import type { Attributes } from '@opentelemetry/api';
import { toJsonString } from '../../json-string.js';
import {
  LlmFinishReason,
  LlmModelName,
  LlmOutputMessages,
  MessageContent,
  MessageFunctionCallArguments,
  MessageFunctionCallName,
  MessageRole,
  MimeTypes,
  OutputMimeType,
  OutputValue,
} from '../../semconv.js';
import { arrayField, isRecord, numberField, recordField, setDefined, stringField } from '../recorder/json-shape.js';
import type { StreamAccumulator } from '../recorder/stream-accumulator.js';
import { writeToolCalls } from './chat-message-attributes.js';
import { openAiErrorMessage } from './stream-error.js';
import { writeChatUsage } from './usage-attributes.js';

// A tool call as it is assembled, already in the shape the output message records.
interface ToolCallParts {
  id: string;
  type: string;
  function: { name: string; arguments: string };
}

export class ChatStreamAccumulator implements StreamAccumulator {
  error: string | undefined;
  #model: string | undefined;
  #role: string | undefined;
  readonly #content: string[] = [];
  readonly #toolCalls = new Map<number, ToolCallParts>();
  #functionName: string | undefined;
  #functionArguments = '';
  #finishReason: string | undefined;
  #usage: unknown;
  #sawOutput = false;

  add(chunk: unknown): boolean {
    if (!isRecord(chunk)) return false;
    const error = openAiErrorMessage(chunk);
    if (error !== undefined) this.error = error;
    const model = stringField(chunk, 'model');
    if (model) this.#model = model;
    if (isRecord(chunk.usage)) this.#usage = chunk.usage;
    let output = false;
    for (const choice of arrayField(chunk, 'choices') ?? []) {
      if (!isRecord(choice)) continue;
      // With n > 1 the choices interleave; like the non-streamed path, only the first is recorded.
      const index = numberField(choice, 'index');
      if (index !== undefined && index !== 0) continue;
      const finishReason = stringField(choice, 'finish_reason');
      if (finishReason) this.#finishReason = finishReason;
      const delta = recordField(choice, 'delta');
      if (delta && this.#addDelta(delta)) output = true;
    }
    if (!output || this.#sawOutput) return false;
    this.#sawOutput = true;
    return true;
  }

  #addDelta(delta: Record<string, unknown>): boolean {
    let output = false;
    const role = stringField(delta, 'role');
    if (role) this.#role = role;
    const content = stringField(delta, 'content');
    if (content) {
      this.#content.push(content);
      output = true;
    }
    for (const part of arrayField(delta, 'tool_calls') ?? []) {
      if (isRecord(part)) output = this.#addToolCallDelta(part) || output;
    }
    const functionCall = recordField(delta, 'function_call');
    if (functionCall) {
      this.#functionName = (this.#functionName ?? '') + (stringField(functionCall, 'name') ?? '');
      this.#functionArguments += stringField(functionCall, 'arguments') ?? '';
      output = true;
    }
    return output;
  }

  #addToolCallDelta(part: Record<string, unknown>): boolean {
    // Deltas of one tool call share its `index`; later deltas carry only argument fragments.
    const index = numberField(part, 'index') ?? 0;
    let call = this.#toolCalls.get(index);
    if (call === undefined) {
      call = { id: '', type: 'function', function: { name: '', arguments: '' } };
      this.#toolCalls.set(index, call);
    }
    const id = stringField(part, 'id');
    if (id) call.id = id;
    const type = stringField(part, 'type');
    if (type) call.type = type;
    const fn = recordField(part, 'function');
    call.function.name += stringField(fn, 'name') ?? '';
    call.function.arguments += stringField(fn, 'arguments') ?? '';
    return true;
  }

  attributes(): Attributes {
    const attributes: Attributes = {};
    setDefined(attributes, LlmModelName, this.#model);
    const prefix = `${LlmOutputMessages}.0.`;
    const content = this.#content.join('');
    const toolCalls = [...this.#toolCalls].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
    const role = this.#role ?? 'assistant';
    if (toolCalls.length === 0 && this.#functionName === undefined) {
      // Text only: the text itself, as Arize records a streamed reply.
      attributes[OutputValue] = content;
      attributes[OutputMimeType] = MimeTypes.text;
    } else {
      // Arize would record '' here; the assembled message says what the model asked to call.
      const message: Record<string, unknown> = { role, content: content || null };
      if (toolCalls.length > 0) message.tool_calls = toolCalls;
      if (this.#functionName !== undefined) {
        message.function_call = { name: this.#functionName, arguments: this.#functionArguments };
      }
      attributes[OutputValue] = toJsonString(message);
      attributes[OutputMimeType] = MimeTypes.json;
    }
    attributes[prefix + MessageRole] = role;
    if (content) attributes[prefix + MessageContent] = content;
    writeToolCalls(toolCalls, prefix, attributes);
    if (this.#functionName !== undefined) {
      attributes[prefix + MessageFunctionCallName] = this.#functionName;
      attributes[prefix + MessageFunctionCallArguments] = this.#functionArguments;
    }
    setDefined(attributes, LlmFinishReason, this.#finishReason);
    writeChatUsage(this.#usage, attributes);
    return attributes;
  }
}

/**
 * Accumulates a streamed Chat Completion (`chat.completion.chunk` payloads): content deltas, tool
 * call deltas assembled by their `index`, the finish reason, the served model, and the final usage
 * chunk sent when the request set `stream_options.include_usage`.
 *
 * @example
 * const accumulator = createChatStreamAccumulator();
 * accumulator.add({ model: 'gpt-4o-mini-2024-07-18', choices: [{ index: 0, delta: { content: 'Hi' } }] });
 * accumulator.attributes()['output.value']; // 'Hi'
 *
 * The instrumented fetch constructs the class directly; this factory is for callers outside it.
 */
export function createChatStreamAccumulator(): StreamAccumulator {
  return new ChatStreamAccumulator();
}
