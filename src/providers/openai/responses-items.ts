import type { Attributes } from '@opentelemetry/api';
import { toJsonString } from '../../json-string.js';
import {
  MessageContent,
  MessageContentEncryptedContent,
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
import { arrayField, isRecord, type JsonRecord, setDefined, stringField } from '../recorder/json-shape.js';

/**
 * Writes one Responses API item (input or output) as an OpenInference message under `prefix`, the
 * way Arize does: items with a `role` are messages (string content or typed parts); `function_call`
 * becomes an assistant message with one tool call, `function_call_output` a tool message,
 * `reasoning` an assistant message with a reasoning part; hosted tool calls become tool calls
 * named after their type. A bare string is a user message.
 *
 * @example
 * writeResponsesItem({ type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' }, 'llm.output_messages.0.', attributes);
 */
export function writeResponsesItem(item: unknown, prefix: string, into: Attributes): void {
  if (typeof item === 'string') {
    into[prefix + MessageRole] = 'user';
    into[prefix + MessageContent] = item;
    return;
  }
  if (!isRecord(item)) return;
  if ('role' in item) {
    setDefined(into, prefix + MessageRole, stringField(item, 'role'));
    const content = item.content;
    if (typeof content === 'string') into[prefix + MessageContent] = content;
    else if (Array.isArray(content)) writeParts(content, prefix, into);
    return;
  }
  const call = `${prefix}${MessageToolCalls}.0.`;
  switch (item.type) {
    case 'function_call':
      into[prefix + MessageRole] = 'assistant';
      setDefined(into, call + ToolCallId, stringField(item, 'call_id'));
      setDefined(into, call + ToolCallFunctionName, stringField(item, 'name'));
      setDefined(into, call + ToolCallFunctionArguments, stringField(item, 'arguments'));
      return;
    case 'function_call_output': {
      into[prefix + MessageRole] = 'tool';
      setDefined(into, prefix + MessageToolCallId, stringField(item, 'call_id'));
      const output = item.output;
      if (output !== undefined)
        into[prefix + MessageContent] = typeof output === 'string' ? output : toJsonString(output);
      return;
    }
    case 'computer_call_output':
      into[prefix + MessageRole] = 'tool';
      setDefined(into, prefix + MessageToolCallId, stringField(item, 'call_id'));
      into[prefix + MessageContent] = toJsonString(item.output);
      return;
    case 'reasoning': {
      into[prefix + MessageRole] = 'assistant';
      const part = `${prefix}${MessageContents}.0.`;
      into[part + MessageContentType] = 'reasoning';
      const texts: string[] = [];
      for (const summary of arrayField(item, 'summary') ?? []) {
        if (isRecord(summary) && summary.type === 'summary_text') texts.push(stringField(summary, 'text') ?? '');
      }
      if (texts.length > 0) into[part + MessageContentText] = texts.join('\n');
      const encrypted = stringField(item, 'encrypted_content');
      if (encrypted) into[part + MessageContentEncryptedContent] = encrypted;
      return;
    }
    case 'file_search_call':
      if (item.results != null) {
        into[prefix + MessageRole] = 'tool';
        setDefined(into, prefix + MessageToolCallId, stringField(item, 'id'));
        into[prefix + MessageContent] = toJsonString(item.results);
        return;
      }
      writeHostedCall(item, toJsonString(item.queries), call, prefix, into);
      return;
    case 'computer_call':
      writeHostedCall(item, toJsonString(item.action), call, prefix, into);
      return;
    case 'web_search_call':
      writeHostedCall(item, undefined, call, prefix, into);
      return;
  }
}

function writeHostedCall(item: JsonRecord, args: string | undefined, call: string, prefix: string, into: Attributes) {
  into[prefix + MessageRole] = 'assistant';
  setDefined(into, call + ToolCallId, stringField(item, 'id'));
  setDefined(into, call + ToolCallFunctionName, stringField(item, 'type'));
  setDefined(into, call + ToolCallFunctionArguments, args);
}

// The typed parts of a message's content; parts keep their index even when their type is skipped.
function writeParts(content: unknown[], prefix: string, into: Attributes): void {
  for (let j = 0; j < content.length; j++) {
    const part = content[j];
    if (!isRecord(part)) continue;
    const partPrefix = `${prefix}${MessageContents}.${j}.`;
    const type = part.type;
    if (type === 'input_text' || type === 'output_text') {
      into[partPrefix + MessageContentType] = type;
      setDefined(into, partPrefix + MessageContentText, stringField(part, 'text'));
    } else if (type === 'input_image') {
      into[partPrefix + MessageContentType] = type;
      const url = stringField(part, 'image_url');
      if (url) into[partPrefix + MessageContentImageUrl] = url;
    } else if (type === 'refusal') {
      into[partPrefix + MessageContentType] = type;
      setDefined(into, partPrefix + MessageContentText, stringField(part, 'refusal'));
    }
  }
}
