import type { Attributes } from '@opentelemetry/api';
import { toJsonString } from '../../json-string.js';
import {
  MessageContent,
  MessageContentImageUrl,
  MessageContents,
  MessageContentText,
  MessageContentType,
  MessageName,
  MessageRole,
  MessageToolCallId,
  MessageToolCalls,
  ToolCallFunctionArguments,
  ToolCallFunctionName,
  ToolCallId,
} from '../../semconv.js';
import { arrayField, isRecord, type JsonRecord, recordField, setDefined, stringField } from '../recorder/json-shape.js';

/**
 * Writes one Gemini `Content` (`{ role, parts }`) under `prefix`. The role `model` is written as
 * `assistant`, the role every other provider's replies carry, so one conversation reads the same
 * whichever model answered. Parts: `text` (a `thought` part as `reasoning`), `inlineData` and
 * `fileData` as an image (a data URL, or the file URI), `functionCall` as a tool call, and
 * `functionResponse` as text holding the response JSON, with the function's name in `message.name`
 * and its call id, when sent, in `message.tool_call_id`. With `joinText`, the non-thought texts are
 * also joined into `message.content`.
 *
 * @example
 * writeGeminiContent({ role: 'user', parts: [{ text: 'Hi' }] }, 'llm.input_messages.0.', attributes);
 */
export function writeGeminiContent(content: unknown, prefix: string, into: Attributes, joinText = false): void {
  if (!isRecord(content)) return;
  const role = stringField(content, 'role');
  setDefined(into, prefix + MessageRole, role === 'model' ? 'assistant' : role);
  const parts = arrayField(content, 'parts') ?? [];
  const texts: string[] = [];
  let toolCall = 0;
  for (let j = 0; j < parts.length; j++) {
    const part = parts[j];
    if (!isRecord(part)) continue;
    const at = `${prefix}${MessageContents}.${j}.`;
    const text = stringField(part, 'text');
    if (text !== undefined) {
      into[at + MessageContentType] = part.thought === true ? 'reasoning' : 'text';
      into[at + MessageContentText] = text;
      if (part.thought !== true) texts.push(text);
      continue;
    }
    const inline = recordField(part, 'inlineData');
    const file = recordField(part, 'fileData');
    if (inline || file) {
      into[at + MessageContentType] = 'image';
      setDefined(into, at + MessageContentImageUrl, mediaUrl(inline, file));
      continue;
    }
    const call = recordField(part, 'functionCall');
    if (call) {
      const callAt = `${prefix}${MessageToolCalls}.${toolCall++}.`;
      setDefined(into, callAt + ToolCallId, stringField(call, 'id'));
      setDefined(into, callAt + ToolCallFunctionName, stringField(call, 'name'));
      into[callAt + ToolCallFunctionArguments] = toJsonString(call.args ?? {});
      continue;
    }
    const response = recordField(part, 'functionResponse');
    if (response) {
      setDefined(into, prefix + MessageName, stringField(response, 'name'));
      setDefined(into, prefix + MessageToolCallId, stringField(response, 'id'));
      into[at + MessageContentType] = 'text';
      into[at + MessageContentText] = toJsonString(response.response ?? {});
    }
  }
  if (joinText && texts.length > 0) into[prefix + MessageContent] = texts.join('');
}

function mediaUrl(inline: JsonRecord | undefined, file: JsonRecord | undefined): string | undefined {
  if (file) return stringField(file, 'fileUri');
  const data = stringField(inline, 'data');
  const mimeType = stringField(inline, 'mimeType');
  return data !== undefined && mimeType !== undefined ? `data:${mimeType};base64,${data}` : undefined;
}
