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
import { isRecord, type JsonRecord, recordField, setDefined, stringField } from '../recorder/json-shape.js';

/**
 * Writes one Anthropic message (`{ role, content }`, content a string or content blocks) under
 * `prefix`: text, image and text-document blocks as `message.contents`, `thinking` and
 * `redacted_thinking` as `reasoning` contents (the name the OpenAI Responses module uses),
 * `tool_use` / `server_tool_use` as tool calls, and `tool_result` as a text content whose
 * `tool_use_id` becomes `message.tool_call_id`. With `joinText`, the text blocks are also joined
 * into `message.content` (what an output message shows at a glance).
 *
 * @example
 * writeAnthropicMessage({ role: 'user', content: 'Hi' }, 'llm.input_messages.1.', attributes);
 */
export function writeAnthropicMessage(message: unknown, prefix: string, into: Attributes, joinText = false): void {
  if (!isRecord(message)) return;
  setDefined(into, prefix + MessageRole, stringField(message, 'role'));
  const content = message.content;
  if (typeof content === 'string') {
    into[prefix + MessageContent] = content;
    return;
  }
  if (!Array.isArray(content)) return;
  const texts: string[] = [];
  let toolCall = 0;
  for (let j = 0; j < content.length; j++) {
    const block = content[j];
    if (!isRecord(block)) continue;
    const part = `${prefix}${MessageContents}.${j}.`;
    switch (block.type) {
      case 'text': {
        const text = stringField(block, 'text');
        into[part + MessageContentType] = 'text';
        setDefined(into, part + MessageContentText, text);
        if (text !== undefined) texts.push(text);
        break;
      }
      case 'image':
        into[part + MessageContentType] = 'image';
        setDefined(into, part + MessageContentImageUrl, sourceUrl(recordField(block, 'source')));
        break;
      case 'document': {
        into[part + MessageContentType] = 'document';
        const source = recordField(block, 'source');
        if (source?.type === 'text') setDefined(into, part + MessageContentText, stringField(source, 'data'));
        else setDefined(into, part + MessageContentImageUrl, sourceUrl(source));
        break;
      }
      case 'thinking':
        into[part + MessageContentType] = 'reasoning';
        setDefined(into, part + MessageContentText, stringField(block, 'thinking'));
        break;
      case 'redacted_thinking':
        into[part + MessageContentType] = 'reasoning';
        setDefined(into, part + MessageContentEncryptedContent, stringField(block, 'data'));
        break;
      case 'tool_use':
      case 'server_tool_use':
        writeToolUse(block, `${prefix}${MessageToolCalls}.${toolCall++}.`, into);
        break;
      case 'tool_result':
        setDefined(into, prefix + MessageToolCallId, stringField(block, 'tool_use_id'));
        into[part + MessageContentType] = 'text';
        into[part + MessageContentText] = toolResultText(block.content);
        break;
    }
  }
  if (joinText && texts.length > 0) into[prefix + MessageContent] = texts.join('');
}

function writeToolUse(block: JsonRecord, callPrefix: string, into: Attributes): void {
  setDefined(into, callPrefix + ToolCallId, stringField(block, 'id'));
  setDefined(into, callPrefix + ToolCallFunctionName, stringField(block, 'name'));
  const input = block.input;
  into[callPrefix + ToolCallFunctionArguments] = typeof input === 'string' ? input : toJsonString(input ?? {});
}

// A base64 source becomes a data URL, as OpenAI clients send images; the masking switches and the
// base64 length limit then treat both providers' images alike.
function sourceUrl(source: JsonRecord | undefined): string | undefined {
  if (source === undefined) return undefined;
  if (source.type === 'url') return stringField(source, 'url');
  const data = stringField(source, 'data');
  const mediaType = stringField(source, 'media_type');
  return source.type === 'base64' && data !== undefined && mediaType !== undefined
    ? `data:${mediaType};base64,${data}`
    : undefined;
}

function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const block of content)
    if (isRecord(block) && block.type === 'text') texts.push(stringField(block, 'text') ?? '');
  return texts.length === content.length ? texts.join('') : toJsonString(content);
}
