import type { Attributes } from '@opentelemetry/api';
import { toJsonString } from '../../json-string.js';
import {
  LlmInputMessages,
  LlmModelName,
  LlmOutputMessages,
  MimeTypes,
  OutputMimeType,
  OutputValue,
} from '../../semconv.js';
import { writeInvocationParameters, writeJsonInput, writeTools } from '../recorder/invocation-parameters.js';
import { arrayField, isRecord, setDefined, stringField } from '../recorder/json-shape.js';
import { writeResponsesItem } from './responses-items.js';
import { writeResponsesUsage } from './usage-attributes.js';

/**
 * OpenInference attributes of a `POST /responses` request body: `llm.model_name` (requested),
 * `llm.invocation_parameters` (the body without `input`), `input.value`, `llm.tools.*`, and
 * `llm.input_messages.*` with `instructions` first as a system message, then `input` (a string
 * is one user message; a list gives one message per item).
 *
 * @example
 * responsesRequestAttributes({ model: 'gpt-4.1', instructions: 'Be brief', input: 'Hi' });
 * // llm.input_messages.0 is the system message, llm.input_messages.1 the user message
 */
export function responsesRequestAttributes(body: unknown): Attributes {
  const attributes: Attributes = {};
  if (!isRecord(body)) return attributes;
  setDefined(attributes, LlmModelName, stringField(body, 'model'));
  writeJsonInput(body, attributes);
  writeInvocationParameters(body, 'input', attributes);
  let index = 0;
  const instructions = stringField(body, 'instructions');
  if (instructions) {
    writeResponsesItem({ role: 'system', content: instructions }, `${LlmInputMessages}.${index++}.`, attributes);
  }
  const input = body.input;
  const items = typeof input === 'string' ? [input] : Array.isArray(input) ? input : [];
  for (const item of items) writeResponsesItem(item, `${LlmInputMessages}.${index++}.`, attributes);
  writeTools(body, attributes);
  return attributes;
}

/**
 * OpenInference attributes of a Responses API `response` object (a `POST /responses` body, or the
 * `response` of a streamed `response.completed`): served `llm.model_name`, `output.value` (JSON),
 * one `llm.output_messages.{i}` per output item, and `llm.token_count.*`.
 *
 * @example
 * responsesResponseAttributes({ object: 'response', model: 'gpt-4.1-2025-04-14', output: [], usage: { input_tokens: 5, output_tokens: 2, total_tokens: 7 } });
 */
export function responsesResponseAttributes(body: unknown): Attributes {
  const attributes: Attributes = {};
  if (!isRecord(body)) return attributes;
  attributes[OutputValue] = toJsonString(body);
  attributes[OutputMimeType] = MimeTypes.json;
  setDefined(attributes, LlmModelName, stringField(body, 'model'));
  const output = arrayField(body, 'output') ?? [];
  for (let i = 0; i < output.length; i++) writeResponsesItem(output[i], `${LlmOutputMessages}.${i}.`, attributes);
  writeResponsesUsage(body.usage, attributes);
  return attributes;
}
