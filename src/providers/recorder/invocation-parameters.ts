import type { Attributes } from '@opentelemetry/api';
import { toJsonString } from '../../json-string.js';
import {
  InputMimeType,
  InputValue,
  LlmInvocationParameters,
  LlmTools,
  MimeTypes,
  ToolJsonSchema,
} from '../../semconv.js';
import { arrayField, type JsonRecord } from './json-shape.js';

/**
 * Writes `llm.invocation_parameters`: the JSON of the request body without the given keys (the
 * conversation), as Arize does: chat drops `messages`, responses `input`, completions `prompt`;
 * `model`, `tools` and `stream` stay.
 *
 * @example
 * writeInvocationParameters({ model: 'gpt-4o', messages: [], temperature: 0 }, 'messages', attributes);
 * // attributes['llm.invocation_parameters'] === '{"model":"gpt-4o","temperature":0}'
 */
export function writeInvocationParameters(body: JsonRecord, omit: string | readonly string[], into: Attributes): void {
  const parameters: JsonRecord = {};
  for (const key in body) {
    if (key !== omit && !(typeof omit !== 'string' && omit.includes(key))) parameters[key] = body[key];
  }
  into[LlmInvocationParameters] = toJsonString(parameters);
}

/**
 * Writes `input.value` as the JSON of the whole request body and `input.mime_type` as JSON.
 *
 * @example
 * writeJsonInput({ model: 'gpt-4o', messages: [] }, attributes);
 */
export function writeJsonInput(body: JsonRecord, into: Attributes): void {
  into[InputValue] = toJsonString(body);
  into[InputMimeType] = MimeTypes.json;
}

/**
 * Writes `llm.tools.{i}.tool.json_schema`, the JSON of each tool definition as sent.
 *
 * @example
 * writeTools({ tools: [{ type: 'function', function: { name: 'f' } }] }, attributes);
 */
export function writeTools(body: JsonRecord, into: Attributes): void {
  const tools = arrayField(body, 'tools');
  if (tools === undefined) return;
  for (let i = 0; i < tools.length; i++) {
    into[`${LlmTools}.${i}.${ToolJsonSchema}`] = toJsonString(tools[i]);
  }
}
