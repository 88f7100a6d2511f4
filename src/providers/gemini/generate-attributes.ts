import type { Attributes } from '@opentelemetry/api';
import { toJsonString } from '../../json-string.js';
import {
  LlmFinishReason,
  LlmInputMessages,
  LlmInvocationParameters,
  LlmModelName,
  LlmOutputMessages,
  LlmTools,
  MimeTypes,
  OutputMimeType,
  OutputValue,
  ToolJsonSchema,
} from '../../semconv.js';
import { writeJsonInput } from '../recorder/invocation-parameters.js';
import { arrayField, isRecord, recordField, setDefined, stringField } from '../recorder/json-shape.js';
import { writeGeminiContent } from './content-attributes.js';
import { GeminiStreamAccumulator } from './generate-stream.js';
import { firstCandidate } from './response-shape.js';
import { writeGeminiUsage } from './usage.js';

/**
 * OpenInference attributes of a `generateContent` / `streamGenerateContent` request body: the model
 * (named by the URL; a body's `model`, as Vertex proxies send it, wins), `input.value`,
 * `generationConfig` as `llm.invocation_parameters`, `systemInstruction` as a first `system`
 * message, `contents` as the messages, and each function declaration (or other tool, such as
 * `googleSearch`) as `llm.tools`.
 *
 * @example
 * generateRequestAttributes('gemini-2.5-flash', { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] });
 */
export function generateRequestAttributes(model: string | undefined, body: unknown): Attributes {
  const attributes: Attributes = {};
  if (!isRecord(body)) return attributes;
  setDefined(attributes, LlmModelName, stringField(body, 'model')?.replace(/^models\//, '') ?? model);
  writeJsonInput(body, attributes);
  attributes[LlmInvocationParameters] = toJsonString(recordField(body, 'generationConfig') ?? {});
  let index = 0;
  const system = body.systemInstruction;
  if (system !== undefined) {
    const content = typeof system === 'string' ? { parts: [{ text: system }] } : system;
    writeGeminiContent(
      { ...(isRecord(content) ? content : {}), role: 'system' },
      `${LlmInputMessages}.0.`,
      attributes,
      true,
    );
    index = 1;
  }
  for (const content of arrayField(body, 'contents') ?? []) {
    writeGeminiContent(content, `${LlmInputMessages}.${index++}.`, attributes);
  }
  let tool = 0;
  for (const entry of arrayField(body, 'tools') ?? []) {
    const declarations = isRecord(entry) ? arrayField(entry, 'functionDeclarations') : undefined;
    for (const declaration of declarations ?? [entry]) {
      attributes[`${LlmTools}.${tool++}.${ToolJsonSchema}`] = toJsonString(declaration);
    }
  }
  return attributes;
}

/**
 * OpenInference attributes of a `GenerateContentResponse`: `output.value` (the body as JSON), the
 * served model (`modelVersion`), the first candidate's content as the output message, its
 * `finishReason`, and `usageMetadata`. A JSON array (`streamGenerateContent` without `alt=sse`)
 * is read as the stream it is.
 *
 * @example
 * generateResponseAttributes({ modelVersion: 'gemini-2.5-flash', candidates: [{ content: { role: 'model', parts: [{ text: 'Hi' }] }, finishReason: 'STOP' }] });
 */
export function generateResponseAttributes(body: unknown): Attributes {
  if (Array.isArray(body)) {
    const accumulator = new GeminiStreamAccumulator();
    for (const chunk of body) accumulator.add(chunk);
    return { ...accumulator.attributes(), [OutputValue]: toJsonString(body), [OutputMimeType]: MimeTypes.json };
  }
  const attributes: Attributes = {};
  if (!isRecord(body)) return attributes;
  attributes[OutputValue] = toJsonString(body);
  attributes[OutputMimeType] = MimeTypes.json;
  setDefined(attributes, LlmModelName, stringField(body, 'modelVersion'));
  const candidate = firstCandidate(body);
  if (candidate) {
    writeGeminiContent(candidate.content, `${LlmOutputMessages}.0.`, attributes, true);
    setDefined(attributes, LlmFinishReason, stringField(candidate, 'finishReason'));
  }
  writeGeminiUsage(body.usageMetadata, attributes);
  return attributes;
}
