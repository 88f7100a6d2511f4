import type { Attributes } from '@opentelemetry/api';
import { isRecord, type JsonRecord, setDefined } from '../../providers/recorder/json-shape.js';
import {
  LlmInputMessages,
  LlmOutputMessages,
  MessageContent,
  MessageContentImageUrl,
  MessageContents,
  MessageContentText,
  MessageContentType,
  MessageRole,
  MessageToolCallId,
  MessageToolCalls,
  ToolCallFunctionArguments,
  ToolCallFunctionName,
  ToolCallId,
} from '../../semconv.js';
import { asText } from './ai-sdk-values.js';

/**
 * `llm.input_messages.*` from the AI SDK's `ai.prompt.messages` (its provider-level prompt: system
 * text, user and assistant parts, tool results). A tool message holds one result per part, so each
 * result becomes a `tool` message of its own, with its `tool_call_id`.
 *
 * @example
 * inputMessageAttributes([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]);
 * // { 'llm.input_messages.0.message.role': 'user',
 * //   'llm.input_messages.0.message.contents.0.message_content.type': 'text', ...text: 'Hi' }
 */
export function inputMessageAttributes(messages: unknown): Attributes {
  const attributes: Attributes = {};
  if (!Array.isArray(messages)) return attributes;
  let index = 0;
  for (const message of messages) {
    if (!isRecord(message)) continue;
    if (message.role === 'tool' && Array.isArray(message.content)) {
      for (const part of message.content) {
        if (!isRecord(part)) continue;
        const prefix = `${LlmInputMessages}.${index++}.`;
        attributes[`${prefix}${MessageRole}`] = 'tool';
        setDefined(attributes, `${prefix}${MessageContent}`, toolResultText(part.output ?? part.result));
        setDefined(attributes, `${prefix}${MessageToolCallId}`, asString(part.toolCallId));
      }
      continue;
    }
    writeMessage(attributes, `${LlmInputMessages}.${index++}.`, message);
  }
  return attributes;
}

/**
 * `llm.output_messages.0.*`: the assistant's text and tool calls (`ai.response.toolCalls`, a list
 * of `{ toolCallId, toolName, input }` whose `input` is already JSON text).
 *
 * @example
 * outputMessageAttributes('Sunny', [{ toolCallId: 'c1', toolName: 'weather', input: '{"city":"Oslo"}' }]);
 */
export function outputMessageAttributes(text: string | undefined, toolCalls: unknown): Attributes {
  const attributes: Attributes = {};
  const calls = Array.isArray(toolCalls) ? toolCalls.filter(isRecord) : [];
  if (!text && calls.length === 0) return attributes;
  const prefix = `${LlmOutputMessages}.0.`;
  attributes[`${prefix}${MessageRole}`] = 'assistant';
  if (text) attributes[`${prefix}${MessageContent}`] = text;
  writeToolCalls(attributes, prefix, calls);
  return attributes;
}

function writeMessage(attributes: Attributes, prefix: string, message: JsonRecord): void {
  setDefined(attributes, `${prefix}${MessageRole}`, asString(message.role));
  const { content } = message;
  if (typeof content === 'string') {
    attributes[`${prefix}${MessageContent}`] = content;
    return;
  }
  if (!Array.isArray(content)) return;
  let contentIndex = 0;
  const toolCalls: JsonRecord[] = [];
  for (const part of content) {
    if (!isRecord(part)) continue;
    if (part.type === 'tool-call') {
      toolCalls.push(part);
      continue;
    }
    const contentPrefix = `${prefix}${MessageContents}.${contentIndex}.`;
    if (part.type === 'text' && typeof part.text === 'string') {
      attributes[`${contentPrefix}${MessageContentType}`] = 'text';
      attributes[`${contentPrefix}${MessageContentText}`] = part.text;
      contentIndex++;
    } else if (part.type === 'file' || part.type === 'image') {
      const url = imageUrl(part);
      if (url === undefined) continue;
      attributes[`${contentPrefix}${MessageContentType}`] = 'image';
      attributes[`${contentPrefix}${MessageContentImageUrl}`] = url;
      contentIndex++;
    }
  }
  writeToolCalls(attributes, prefix, toolCalls);
}

function writeToolCalls(attributes: Attributes, prefix: string, calls: readonly JsonRecord[]): void {
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i];
    const callPrefix = `${prefix}${MessageToolCalls}.${i}.`;
    setDefined(attributes, `${callPrefix}${ToolCallId}`, asString(call.toolCallId));
    setDefined(attributes, `${callPrefix}${ToolCallFunctionName}`, asString(call.toolName));
    setDefined(attributes, `${callPrefix}${ToolCallFunctionArguments}`, asText(call.input ?? call.args));
  }
}

/** An image part's URL: a URL string as it is, base64 data as a `data:` URL (masking limits its length). */
function imageUrl(part: JsonRecord): string | undefined {
  const data = part.data ?? part.image ?? part.url;
  const mediaType = asString(part.mediaType) ?? asString(part.mimeType) ?? 'image/*';
  if (typeof data !== 'string' || (part.type === 'file' && !mediaType.startsWith('image/'))) return undefined;
  if (/^(https?|data):/.test(data)) return data;
  return `data:${mediaType};base64,${data}`;
}

/** A tool result's text: the AI SDK wraps it as `{ type: 'text' | 'json' | 'error-text' | ..., value }`. */
function toolResultText(output: unknown): string | undefined {
  if (isRecord(output) && typeof output.type === 'string' && 'value' in output) return asText(output.value);
  return asText(output);
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
