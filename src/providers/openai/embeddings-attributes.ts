import type { Attributes } from '@opentelemetry/api';
import { toJsonString } from '../../json-string.js';
import {
  EmbeddingEmbeddings,
  EmbeddingModelName,
  EmbeddingText,
  EmbeddingVector,
  InputMimeType,
  InputValue,
  LlmTokenCountPrompt,
  LlmTokenCountTotal,
  MimeTypes,
} from '../../semconv.js';
import { arrayField, isRecord, numberField, recordField, setDefined, stringField } from '../recorder/json-shape.js';
import { decodeFloat32Base64 } from './float32-base64.js';

/**
 * OpenInference attributes of a `POST /embeddings` request body: `embedding.model_name` (requested),
 * `input.value` (the text, or the JSON of a list) and `embedding.embeddings.{i}.embedding.text` for
 * text inputs. Token-id inputs have no text and give no text attributes.
 *
 * @example
 * embeddingsRequestAttributes({ model: 'text-embedding-3-small', input: ['a', 'b'] });
 * // { 'embedding.embeddings.0.embedding.text': 'a', 'embedding.embeddings.1.embedding.text': 'b', ... }
 */
export function embeddingsRequestAttributes(body: unknown): Attributes {
  const attributes: Attributes = {};
  if (!isRecord(body)) return attributes;
  setDefined(attributes, EmbeddingModelName, stringField(body, 'model'));
  const input = body.input;
  if (typeof input === 'string') {
    attributes[InputValue] = input;
    attributes[InputMimeType] = MimeTypes.text;
    attributes[`${EmbeddingEmbeddings}.0.${EmbeddingText}`] = input;
  } else if (input !== undefined) {
    attributes[InputValue] = toJsonString(input);
    attributes[InputMimeType] = MimeTypes.json;
    if (Array.isArray(input)) {
      for (let i = 0; i < input.length; i++) {
        const text = input[i];
        if (typeof text === 'string') attributes[`${EmbeddingEmbeddings}.${i}.${EmbeddingText}`] = text;
      }
    }
  }
  return attributes;
}

/**
 * OpenInference attributes of an embeddings response body: the served `embedding.model_name`,
 * `embedding.embeddings.{i}.embedding.vector` (float arrays as sent, or decoded from base64) at each
 * item's `index`, and `llm.token_count.prompt|total` from `usage`.
 *
 * @example
 * embeddingsResponseAttributes({ model: 'text-embedding-3-small', data: [{ index: 0, embedding: [0.1, 0.2] }] });
 * // { 'embedding.embeddings.0.embedding.vector': [0.1, 0.2], ... }
 */
export function embeddingsResponseAttributes(body: unknown): Attributes {
  const attributes: Attributes = {};
  if (!isRecord(body)) return attributes;
  setDefined(attributes, EmbeddingModelName, stringField(body, 'model'));
  const data = arrayField(body, 'data') ?? [];
  for (let position = 0; position < data.length; position++) {
    const item = data[position];
    if (!isRecord(item)) continue;
    const vector = toVector(item.embedding);
    if (vector === undefined) continue;
    const index = numberField(item, 'index') ?? position;
    attributes[`${EmbeddingEmbeddings}.${index}.${EmbeddingVector}`] = vector;
  }
  const usage = recordField(body, 'usage');
  setDefined(attributes, LlmTokenCountPrompt, numberField(usage, 'prompt_tokens'));
  setDefined(attributes, LlmTokenCountTotal, numberField(usage, 'total_tokens'));
  return attributes;
}

function toVector(embedding: unknown): number[] | undefined {
  if (typeof embedding === 'string') return decodeFloat32Base64(embedding);
  if (!Array.isArray(embedding)) return undefined;
  for (const value of embedding) if (typeof value !== 'number') return undefined;
  return embedding as number[];
}
