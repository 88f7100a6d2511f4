import type { Attributes } from '@opentelemetry/api';
import { toJsonString } from '../../json-string.js';
import {
  EmbeddingEmbeddings,
  EmbeddingModelName,
  EmbeddingText,
  EmbeddingVector,
  InputMimeType,
  InputValue,
  LlmInputMessages,
  LlmModelName,
  LlmOutputMessages,
  LlmProvider,
  LlmSystem,
  MessageContent,
  MessageRole,
  MessageToolCalls,
  MimeTypes,
  OutputMimeType,
  OutputValue,
  SpanKindKey,
  SpanKinds,
  ToolCallFunctionArguments,
  ToolCallFunctionName,
  ToolCallId,
} from '../../semconv.js';
import { writeChatInputMessage } from '../openai/chat-message-attributes.js';
import { writeChatUsage } from '../openai/usage-attributes.js';
import { writeInvocationParameters, writeJsonInput, writeTools } from '../recorder/invocation-parameters.js';
import { arrayField, isRecord, setDefined, stringField } from '../recorder/json-shape.js';

/** The attributes every Workers AI span starts with (binding or REST). */
export const WORKERS_AI_ROUTE_ATTRIBUTES = /* @__PURE__ */ Object.freeze({
  [SpanKindKey]: SpanKinds.llm,
  [LlmSystem]: 'cloudflare',
  [LlmProvider]: 'cloudflare',
});

/**
 * Whether Workers AI inputs ask for embeddings (`{ text }` without `prompt` or `messages`, as the
 * `@cf/baai/bge-*` models take them) rather than text generation.
 *
 * @example
 * isEmbeddingInput({ text: ['a', 'b'] }); // true
 */
export function isEmbeddingInput(inputs: unknown): boolean {
  return isRecord(inputs) && inputs.text !== undefined && inputs.prompt === undefined && inputs.messages === undefined;
}

/**
 * OpenInference attributes of a Workers AI call's inputs (the binding's `run(model, inputs)` or the
 * REST body): the model; for text generation the `messages` (OpenAI's chat shape) or the `prompt`
 * as one user message, the other inputs as `llm.invocation_parameters`, and `tools`; for embeddings
 * the span kind EMBEDDING and each text.
 *
 * @example
 * runRequestAttributes('@cf/meta/llama-3.1-8b-instruct', { prompt: 'Hi', max_tokens: 64 });
 */
export function runRequestAttributes(model: string | undefined, inputs: unknown): Attributes {
  const attributes: Attributes = {};
  if (!isRecord(inputs)) return attributes;
  if (isEmbeddingInput(inputs)) {
    attributes[SpanKindKey] = SpanKinds.embedding;
    setDefined(attributes, EmbeddingModelName, model);
    const texts = Array.isArray(inputs.text) ? inputs.text : [inputs.text];
    attributes[InputValue] = typeof inputs.text === 'string' ? inputs.text : toJsonString(inputs.text);
    attributes[InputMimeType] = typeof inputs.text === 'string' ? MimeTypes.text : MimeTypes.json;
    texts.forEach((text, i) => {
      if (typeof text === 'string') attributes[`${EmbeddingEmbeddings}.${i}.${EmbeddingText}`] = text;
    });
    return attributes;
  }
  setDefined(attributes, LlmModelName, model);
  writeJsonInput(inputs, attributes);
  writeInvocationParameters(inputs, ['messages', 'prompt'], attributes);
  const messages = arrayField(inputs, 'messages');
  if (messages) {
    for (let i = 0; i < messages.length; i++) {
      writeChatInputMessage(messages[i], `${LlmInputMessages}.${i}.`, attributes);
    }
  } else if (typeof inputs.prompt === 'string') {
    attributes[`${LlmInputMessages}.0.${MessageRole}`] = 'user';
    attributes[`${LlmInputMessages}.0.${MessageContent}`] = inputs.prompt;
  }
  writeTools(inputs, attributes);
  return attributes;
}

/**
 * OpenInference attributes of a Workers AI result (the binding's return value, or a REST body's
 * `result`): `response` (text, or JSON in JSON mode) as the assistant message, `tool_calls`, and
 * `usage` when the model reports it; for embeddings each vector of `data`.
 *
 * @example
 * runResultAttributes({ response: 'Hello', usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } });
 */
export function runResultAttributes(result: unknown): Attributes {
  const attributes: Attributes = {};
  if (!isRecord(result)) return attributes;
  const vectors = arrayField(result, 'data');
  if (vectors && Array.isArray(result.shape)) {
    vectors.forEach((vector, i) => {
      if (Array.isArray(vector)) attributes[`${EmbeddingEmbeddings}.${i}.${EmbeddingVector}`] = vector as number[];
    });
    writeChatUsage(result.usage, attributes);
    return attributes;
  }
  attributes[OutputValue] = toJsonString(result);
  attributes[OutputMimeType] = MimeTypes.json;
  const response = result.response;
  const prefix = `${LlmOutputMessages}.0.`;
  attributes[prefix + MessageRole] = 'assistant';
  if (typeof response === 'string') {
    if (response) attributes[prefix + MessageContent] = response;
  } else if (response !== undefined && response !== null) {
    attributes[prefix + MessageContent] = toJsonString(response);
  }
  writeRunToolCalls(arrayField(result, 'tool_calls'), prefix, attributes);
  writeChatUsage(result.usage, attributes);
  return attributes;
}

/**
 * Writes Workers AI tool calls (`{ name, arguments }` with arguments as an object, or OpenAI's
 * `{ id, function: { name, arguments } }`) as `message.tool_calls`.
 *
 * @example
 * writeRunToolCalls([{ name: 'get_weather', arguments: { city: 'Paris' } }], 'llm.output_messages.0.', attributes);
 */
export function writeRunToolCalls(calls: unknown[] | undefined, prefix: string, into: Attributes): void {
  calls?.forEach((call, k) => {
    if (!isRecord(call)) return;
    const fn = isRecord(call.function) ? call.function : call;
    const at = `${prefix}${MessageToolCalls}.${k}.`;
    setDefined(into, at + ToolCallId, stringField(call, 'id'));
    setDefined(into, at + ToolCallFunctionName, stringField(fn, 'name'));
    const args = fn.arguments;
    if (args !== undefined) into[at + ToolCallFunctionArguments] = typeof args === 'string' ? args : toJsonString(args);
  });
}

/**
 * The message of a Workers AI REST error body (`{ success: false, errors: [{ code, message }] }`).
 *
 * @example
 * workersAiErrorMessage({ success: false, errors: [{ code: 7000, message: 'No route for that URI' }] }); // '7000: No route for that URI'
 */
export function workersAiErrorMessage(body: unknown): string | undefined {
  const first = isRecord(body) ? arrayField(body, 'errors')?.[0] : undefined;
  if (!isRecord(first)) return undefined;
  const message = stringField(first, 'message') ?? 'error';
  return typeof first.code === 'number' ? `${first.code}: ${message}` : message;
}
