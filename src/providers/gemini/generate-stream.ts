import type { Attributes } from '@opentelemetry/api';
import { toJsonString } from '../../json-string.js';
import {
  LlmFinishReason,
  LlmModelName,
  LlmOutputMessages,
  MimeTypes,
  OutputMimeType,
  OutputValue,
} from '../../semconv.js';
import { arrayField, isRecord, type JsonRecord, recordField, setDefined, stringField } from '../recorder/json-shape.js';
import type { StreamAccumulator } from '../recorder/stream-accumulator.js';
import { writeGeminiContent } from './content-attributes.js';
import { firstCandidate, geminiErrorMessage } from './response-shape.js';
import { writeGeminiUsage } from './usage.js';

/**
 * Accumulates a streamed Gemini response (`streamGenerateContent?alt=sse`), whose every event is a
 * partial `GenerateContentResponse`: text parts are joined (thoughts apart from the answer),
 * function calls kept whole, the last `finishReason`, `modelVersion` and `usageMetadata` win (usage
 * is cumulative), and an `error` payload fails the span.
 *
 * @example
 * const accumulator = new GeminiStreamAccumulator();
 * accumulator.add({ candidates: [{ content: { role: 'model', parts: [{ text: 'Hi' }] } }] });
 * accumulator.attributes()['output.value']; // 'Hi'
 */
export class GeminiStreamAccumulator implements StreamAccumulator {
  error: string | undefined;
  #model: string | undefined;
  #role = 'model';
  readonly #parts: JsonRecord[] = [];
  #finishReason: string | undefined;
  #usage: unknown;
  #sawOutput = false;

  add(chunk: unknown): boolean {
    if (!isRecord(chunk)) return false;
    const error = geminiErrorMessage(chunk);
    if (error !== undefined) this.error = error;
    this.#model = stringField(chunk, 'modelVersion') ?? this.#model;
    if (isRecord(chunk.usageMetadata)) this.#usage = chunk.usageMetadata;
    const candidate = firstCandidate(chunk);
    if (candidate === undefined) return false;
    this.#finishReason = stringField(candidate, 'finishReason') ?? this.#finishReason;
    const content = recordField(candidate, 'content');
    this.#role = stringField(content, 'role') ?? this.#role;
    let output = false;
    for (const part of arrayField(content, 'parts') ?? []) {
      if (isRecord(part)) output = this.#addPart(part) || output;
    }
    if (!output || this.#sawOutput) return false;
    this.#sawOutput = true;
    return true;
  }

  #addPart(part: JsonRecord): boolean {
    const text = stringField(part, 'text');
    const last = this.#parts.at(-1);
    if (text !== undefined && last !== undefined && typeof last.text === 'string' && last.thought === part.thought) {
      last.text += text;
      return text.length > 0;
    }
    this.#parts.push({ ...part });
    return text === undefined ? isRecord(part.functionCall) : text.length > 0;
  }

  attributes(): Attributes {
    const attributes: Attributes = {};
    setDefined(attributes, LlmModelName, this.#model);
    const textOnly = this.#parts.every((part) => typeof part.text === 'string' && part.thought !== true);
    if (textOnly) {
      attributes[OutputValue] = this.#parts.map((part) => part.text).join('');
      attributes[OutputMimeType] = MimeTypes.text;
    } else {
      attributes[OutputValue] = toJsonString({ role: this.#role, parts: this.#parts });
      attributes[OutputMimeType] = MimeTypes.json;
    }
    writeGeminiContent({ role: this.#role, parts: this.#parts }, `${LlmOutputMessages}.0.`, attributes, true);
    setDefined(attributes, LlmFinishReason, this.#finishReason);
    writeGeminiUsage(this.#usage, attributes);
    return attributes;
  }
}
