import type { Attributes } from '@opentelemetry/api';
import { toJsonString } from '../../json-string.js';
import {
  LlmFinishReason,
  LlmInputMessages,
  LlmModelName,
  LlmOutputMessages,
  MimeTypes,
  OutputMimeType,
  OutputValue,
} from '../../semconv.js';
import { writeInvocationParameters, writeJsonInput, writeTools } from '../recorder/invocation-parameters.js';
import { arrayField, isRecord, setDefined, stringField } from '../recorder/json-shape.js';
import { writeAnthropicMessage } from './content-blocks.js';
import { writeAnthropicUsage } from './usage.js';

/**
 * OpenInference attributes of a `POST /v1/messages` request body: the requested model,
 * `llm.invocation_parameters` (the body without `messages` and `system`), `input.value`, the
 * `system` prompt (a string or text blocks) as a first `system` message, the messages with their
 * content blocks, and `llm.tools`.
 *
 * @example
 * messagesRequestAttributes({ model: 'claude-sonnet-4-5', system: 'Be brief.', messages: [{ role: 'user', content: 'Hi' }] });
 * // { 'llm.input_messages.0.message.role': 'system', 'llm.input_messages.1.message.content': 'Hi', ... }
 */
export function messagesRequestAttributes(body: unknown): Attributes {
  const attributes: Attributes = {};
  if (!isRecord(body)) return attributes;
  setDefined(attributes, LlmModelName, stringField(body, 'model'));
  writeJsonInput(body, attributes);
  writeInvocationParameters(body, ['messages', 'system'], attributes);
  let index = 0;
  if (body.system !== undefined) {
    writeAnthropicMessage({ role: 'system', content: body.system }, `${LlmInputMessages}.0.`, attributes, true);
    index = 1;
  }
  for (const message of arrayField(body, 'messages') ?? []) {
    writeAnthropicMessage(message, `${LlmInputMessages}.${index++}.`, attributes);
  }
  writeTools(body, attributes);
  return attributes;
}

/**
 * OpenInference attributes of a `message` response body: the served model, `output.value` (the
 * body as JSON), the assistant message (text joined into `message.content`, blocks as contents,
 * `tool_use` as tool calls), `stop_reason` as `llm.finish_reason`, and the token counts.
 *
 * @example
 * messagesResponseAttributes({ type: 'message', model: 'claude-haiku-4-5', role: 'assistant', content: [{ type: 'text', text: 'Hi' }], stop_reason: 'end_turn', usage: { input_tokens: 3, output_tokens: 1 } });
 */
export function messagesResponseAttributes(body: unknown): Attributes {
  const attributes: Attributes = {};
  if (!isRecord(body)) return attributes;
  attributes[OutputValue] = toJsonString(body);
  attributes[OutputMimeType] = MimeTypes.json;
  setDefined(attributes, LlmModelName, stringField(body, 'model'));
  writeAnthropicMessage(
    { role: stringField(body, 'role') ?? 'assistant', content: body.content },
    `${LlmOutputMessages}.0.`,
    attributes,
    true,
  );
  setDefined(attributes, LlmFinishReason, stringField(body, 'stop_reason'));
  writeAnthropicUsage(body.usage, attributes);
  return attributes;
}

/**
 * The message of an Anthropic error body (`{ type: 'error', error: { type, message } }`, as an HTTP
 * error body or an in-stream `error` event), prefixed by its type: `overloaded_error: Overloaded`.
 *
 * @example
 * anthropicErrorMessage({ type: 'error', error: { type: 'rate_limit_error', message: 'Slow down' } });
 * // 'rate_limit_error: Slow down'
 */
export function anthropicErrorMessage(body: unknown): string | undefined {
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  const type = stringField(body.error, 'type');
  const message = stringField(body.error, 'message');
  if (type && message) return `${type}: ${message}`;
  return message ?? type ?? 'error';
}
