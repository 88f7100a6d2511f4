import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { isRecord } from '../../providers/recorder/json-shape.js';
import {
  EmbeddingEmbeddings,
  EmbeddingModelName,
  EmbeddingText,
  EmbeddingVector,
  InputMimeType,
  InputValue,
  OutputMimeType,
  OutputValue,
  ToolCallId,
} from '../../semconv.js';
import { asText, json, mimeTypeOf, text } from './ai-sdk-values.js';

type SpanAttributes = Readonly<Record<string, AttributeValue>>;

/** `tool.name` of a TOOL span (OpenInference). */
export const ToolName = 'tool.name';

/** `input.value` and `input.mime_type` (JSON when the text parses to an object or array). */
export function inputValue(into: Attributes, value: string | undefined): void {
  if (value === undefined) return;
  into[InputValue] = value;
  into[InputMimeType] = mimeTypeOf(value);
}

/** `output.value` and `output.mime_type`. */
export function outputValue(into: Attributes, value: string | undefined): void {
  if (value === undefined) return;
  into[OutputValue] = value;
  into[OutputMimeType] = mimeTypeOf(value);
}

/**
 * Input and output of a call (`ai.generateText` and the others) or a provider call: the prompt
 * (`ai.prompt`, or the provider-level `ai.prompt.messages`) in; the text, else the object, else the
 * tool calls out.
 */
export function callIoAttributes(attributes: SpanAttributes): Attributes {
  const result: Attributes = {};
  inputValue(result, text(attributes['ai.prompt']) ?? text(attributes['ai.prompt.messages']));
  outputValue(
    result,
    text(attributes['ai.response.text']) ||
      text(attributes['ai.response.object']) ||
      text(attributes['ai.response.toolCalls']) ||
      undefined,
  );
  return result;
}

/** A TOOL span (`ai.toolCall`): its name and call id, the arguments in, the result out. */
export function toolCallAttributes(attributes: SpanAttributes): Attributes {
  const result: Attributes = {};
  const name = text(attributes['ai.toolCall.name']);
  if (name !== undefined) result[ToolName] = name;
  const id = text(attributes['ai.toolCall.id']);
  if (id !== undefined) result[ToolCallId] = id;
  inputValue(result, text(attributes['ai.toolCall.args']));
  outputValue(result, text(attributes['ai.toolCall.result']));
  return result;
}

/**
 * An EMBEDDING span (`ai.embed`, `ai.embedMany`, `*.doEmbed`): the model and each input text with
 * its vector. The AI SDK writes each value and vector as JSON text; a value that is not a string
 * (an object embedded as JSON) is kept as that JSON.
 */
export function embeddingAttributes(attributes: SpanAttributes): Attributes {
  const result: Attributes = {};
  const model = text(attributes['ai.model.id']);
  if (model !== undefined) result[EmbeddingModelName] = model;
  const values = listOf(attributes['ai.values'], attributes['ai.value']);
  const vectors = listOf(attributes['ai.embeddings'], attributes['ai.embedding']);
  values.forEach((value, i) => {
    const parsed = json(value);
    const textValue = typeof parsed === 'string' ? parsed : isRecord(parsed) ? asText(parsed) : value;
    if (typeof textValue === 'string') result[`${EmbeddingEmbeddings}.${i}.${EmbeddingText}`] = textValue;
  });
  vectors.forEach((vector, i) => {
    const parsed = json(vector);
    if (Array.isArray(parsed) && parsed.every((n) => typeof n === 'number')) {
      result[`${EmbeddingEmbeddings}.${i}.${EmbeddingVector}`] = parsed as number[];
    }
  });
  return result;
}

function listOf(many: AttributeValue | undefined, one: AttributeValue | undefined): AttributeValue[] {
  if (Array.isArray(many)) return many as AttributeValue[];
  return one === undefined ? [] : [one];
}
