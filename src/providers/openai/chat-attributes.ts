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
import { writeChatInputMessage, writeChatOutputMessage } from './chat-message-attributes.js';
import { writeChatUsage } from './usage-attributes.js';

/**
 * OpenInference attributes of a `POST /chat/completions` request body: `llm.model_name` (the
 * requested model, until the response names the served one), `llm.invocation_parameters`,
 * `input.value`, `llm.input_messages.*` and `llm.tools.*`. A body that is not an object gives `{}`.
 *
 * @example
 * chatRequestAttributes({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
 * // { 'llm.model_name': 'gpt-4o-mini', 'llm.input_messages.0.message.role': 'user', ... }
 */
export function chatRequestAttributes(body: unknown): Attributes {
  const attributes: Attributes = {};
  if (!isRecord(body)) return attributes;
  setDefined(attributes, LlmModelName, stringField(body, 'model'));
  writeJsonInput(body, attributes);
  writeInvocationParameters(body, 'messages', attributes);
  const messages = arrayField(body, 'messages');
  if (messages) {
    for (let i = 0; i < messages.length; i++) {
      writeChatInputMessage(messages[i], `${LlmInputMessages}.${i}.`, attributes);
    }
  }
  writeTools(body, attributes);
  return attributes;
}

/**
 * OpenInference attributes of a `chat.completion` response body: `llm.model_name` as the server
 * reports it, `output.value` (the body as JSON), `llm.output_messages.0.*` from the first choice,
 * `llm.finish_reason` and `llm.token_count.*`.
 *
 * @example
 * chatResponseAttributes({ model: 'gpt-4o-mini-2024-07-18', choices: [{ message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }] });
 */
export function chatResponseAttributes(body: unknown): Attributes {
  const attributes: Attributes = {};
  if (!isRecord(body)) return attributes;
  attributes[OutputValue] = toJsonString(body);
  attributes[OutputMimeType] = MimeTypes.json;
  setDefined(attributes, LlmModelName, stringField(body, 'model'));
  // Like Arize, only the first choice: with n > 1 the choices are alternatives, not a conversation.
  const choice = arrayField(body, 'choices')?.[0];
  if (isRecord(choice)) {
    writeChatOutputMessage(choice.message, `${LlmOutputMessages}.0.`, attributes);
    const finishReason = stringField(choice, 'finish_reason');
    if (finishReason) attributes[LlmFinishReason] = finishReason;
  }
  writeChatUsage(body.usage, attributes);
  return attributes;
}
