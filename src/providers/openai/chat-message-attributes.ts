import type { Attributes } from '@opentelemetry/api';
import {
  MessageContent,
  MessageContentImageUrl,
  MessageContents,
  MessageContentText,
  MessageContentType,
  MessageFunctionCallArguments,
  MessageFunctionCallName,
  MessageRole,
  MessageToolCallId,
  MessageToolCalls,
  ToolCallFunctionArguments,
  ToolCallFunctionName,
  ToolCallId,
} from '../../semconv.js';
import { arrayField, isRecord, recordField, setDefined, stringField } from '../recorder/json-shape.js';

/**
 * Writes the OpenInference attributes of one Chat Completions request message under `prefix`
 * (e.g. `llm.input_messages.0.`), the way Arize's instrumentation flattens it: role, string
 * content or multi-part contents (text, image URL), assistant tool calls, a tool result's call id.
 *
 * @example
 * const attributes = {};
 * writeChatInputMessage({ role: 'user', content: 'Hi' }, 'llm.input_messages.0.', attributes);
 * // attributes: { 'llm.input_messages.0.message.role': 'user', '...message.content': 'Hi' }
 */
export function writeChatInputMessage(message: unknown, prefix: string, into: Attributes): void {
  if (!isRecord(message)) return;
  const role = stringField(message, 'role');
  setDefined(into, prefix + MessageRole, role);
  const content = message.content;
  if (typeof content === 'string') {
    into[prefix + MessageContent] = content;
  } else if (Array.isArray(content)) {
    writeContentParts(content, prefix, into);
  }
  if (role === 'assistant') {
    writeToolCalls(arrayField(message, 'tool_calls'), prefix, into);
  } else if (role === 'tool') {
    const toolCallId = stringField(message, 'tool_call_id');
    if (toolCallId) into[prefix + MessageToolCallId] = toolCallId;
  } else if (role === 'function') {
    // The deprecated function role names the function in `name`.
    setDefined(into, prefix + MessageFunctionCallName, stringField(message, 'name'));
  }
}

/**
 * Writes the OpenInference attributes of one Chat Completions response message (a choice's
 * `message`) under `prefix`: role, non-empty content, tool calls, the deprecated `function_call`.
 *
 * @example
 * writeChatOutputMessage({ role: 'assistant', content: 'Hello' }, 'llm.output_messages.0.', attributes);
 */
export function writeChatOutputMessage(message: unknown, prefix: string, into: Attributes): void {
  if (!isRecord(message)) return;
  setDefined(into, prefix + MessageRole, stringField(message, 'role'));
  const content = stringField(message, 'content');
  if (content) into[prefix + MessageContent] = content;
  writeToolCalls(arrayField(message, 'tool_calls'), prefix, into);
  const functionCall = recordField(message, 'function_call');
  if (functionCall) {
    const name = stringField(functionCall, 'name');
    const args = stringField(functionCall, 'arguments');
    setDefined(into, prefix + MessageFunctionCallName, name);
    setDefined(into, prefix + MessageFunctionCallArguments, args);
  }
}

function writeContentParts(parts: unknown[], prefix: string, into: Attributes): void {
  for (let j = 0; j < parts.length; j++) {
    const part = parts[j];
    if (!isRecord(part)) continue;
    // Parts keep their index even when their type is skipped, so positions match the request.
    const partPrefix = `${prefix}${MessageContents}.${j}.`;
    if (part.type === 'text') {
      into[partPrefix + MessageContentType] = 'text';
      setDefined(into, partPrefix + MessageContentText, stringField(part, 'text'));
    } else if (part.type === 'image_url') {
      into[partPrefix + MessageContentType] = 'image';
      setDefined(into, partPrefix + MessageContentImageUrl, stringField(recordField(part, 'image_url'), 'url'));
    }
  }
}

/**
 * Writes `message.tool_calls.{k}.tool_call.id|function.name|function.arguments` for an array of
 * Chat Completions tool calls.
 *
 * @example
 * writeToolCalls([{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }], p, attributes);
 */
export function writeToolCalls(toolCalls: unknown[] | undefined, prefix: string, into: Attributes): void {
  if (toolCalls === undefined) return;
  for (let k = 0; k < toolCalls.length; k++) {
    const toolCall = toolCalls[k];
    if (!isRecord(toolCall)) continue;
    const callPrefix = `${prefix}${MessageToolCalls}.${k}.`;
    const id = stringField(toolCall, 'id');
    if (id) into[callPrefix + ToolCallId] = id;
    const fn = recordField(toolCall, 'function');
    if (fn === undefined) continue;
    const name = stringField(fn, 'name');
    const args = stringField(fn, 'arguments');
    setDefined(into, callPrefix + ToolCallFunctionName, name);
    setDefined(into, callPrefix + ToolCallFunctionArguments, args);
  }
}
