import type { Attributes } from '@opentelemetry/api';
import {
  InputMimeType,
  InputValue,
  LlmFinishReason,
  LlmModelName,
  MimeTypes,
  OutputMimeType,
  OutputValue,
} from '../../semconv.js';
import { writeInvocationParameters } from '../recorder/invocation-parameters.js';
import { arrayField, isRecord, numberField, setDefined, stringField } from '../recorder/json-shape.js';
import type { StreamAccumulator } from '../recorder/stream-accumulator.js';
import { openAiErrorMessage } from './stream-error.js';
import { writeChatUsage } from './usage-attributes.js';

/**
 * OpenInference attributes of a legacy `POST /completions` request body, as Arize records them:
 * `llm.model_name` (requested), `llm.invocation_parameters` (the body without `prompt`) and
 * `input.value` as plain text: the prompt, or the first prompt of a list (token-id prompts have no
 * text and are left out).
 *
 * @example
 * completionsRequestAttributes({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say hi' });
 * // { 'input.value': 'Say hi', 'input.mime_type': 'text/plain', ... }
 */
export function completionsRequestAttributes(body: unknown): Attributes {
  const attributes: Attributes = {};
  if (!isRecord(body)) return attributes;
  setDefined(attributes, LlmModelName, stringField(body, 'model'));
  writeInvocationParameters(body, 'prompt', attributes);
  const prompt = body.prompt;
  const text =
    typeof prompt === 'string'
      ? prompt
      : Array.isArray(prompt) && prompt.every((p) => typeof p === 'string')
        ? (prompt[0] as string | undefined)
        : undefined;
  if (text !== undefined) {
    attributes[InputValue] = text;
    attributes[InputMimeType] = MimeTypes.text;
  }
  return attributes;
}

/**
 * OpenInference attributes of a legacy `text_completion` response body: served `llm.model_name`,
 * `output.value` as the first choice's text, `llm.finish_reason` and `llm.token_count.*`.
 *
 * @example
 * completionsResponseAttributes({ model: 'gpt-3.5-turbo-instruct', choices: [{ text: 'Hi', finish_reason: 'stop' }] });
 * // { 'output.value': 'Hi', 'output.mime_type': 'text/plain', 'llm.finish_reason': 'stop', ... }
 */
export function completionsResponseAttributes(body: unknown): Attributes {
  const attributes: Attributes = {};
  if (!isRecord(body)) return attributes;
  const model = stringField(body, 'model');
  setDefined(attributes, LlmModelName, model);
  const choice = arrayField(body, 'choices')?.[0];
  if (isRecord(choice)) {
    attributes[OutputValue] = String(choice.text);
    attributes[OutputMimeType] = MimeTypes.text;
    // Arize leaves the finish reason out for legacy completions; it is as useful here as for chat.
    const finishReason = stringField(choice, 'finish_reason');
    if (finishReason) attributes[LlmFinishReason] = finishReason;
  }
  writeChatUsage(body.usage, attributes);
  return attributes;
}

export class CompletionsStreamAccumulator implements StreamAccumulator {
  error: string | undefined;
  #model: string | undefined;
  readonly #text: string[] = [];
  #finishReason: string | undefined;
  #usage: unknown;
  #sawChoice = false;
  #sawOutput = false;

  add(chunk: unknown): boolean {
    if (!isRecord(chunk)) return false;
    const error = openAiErrorMessage(chunk);
    if (error !== undefined) this.error = error;
    const model = stringField(chunk, 'model');
    if (model) this.#model = model;
    if (isRecord(chunk.usage)) this.#usage = chunk.usage;
    let output = false;
    for (const choice of arrayField(chunk, 'choices') ?? []) {
      if (!isRecord(choice) || (numberField(choice, 'index') ?? 0) !== 0) continue;
      this.#sawChoice = true;
      const text = stringField(choice, 'text');
      if (text) {
        this.#text.push(text);
        output = true;
      }
      const finishReason = stringField(choice, 'finish_reason');
      if (finishReason) this.#finishReason = finishReason;
    }
    if (!output || this.#sawOutput) return false;
    this.#sawOutput = true;
    return true;
  }

  attributes(): Attributes {
    const attributes: Attributes = {};
    setDefined(attributes, LlmModelName, this.#model);
    if (this.#sawChoice) {
      attributes[OutputValue] = this.#text.join('');
      attributes[OutputMimeType] = MimeTypes.text;
    }
    setDefined(attributes, LlmFinishReason, this.#finishReason);
    writeChatUsage(this.#usage, attributes);
    return attributes;
  }
}

/**
 * Accumulates a streamed legacy completion (`text_completion` chunks): the first choice's text,
 * finish reason, served model and the usage chunk sent with `stream_options.include_usage`.
 *
 * @example
 * const accumulator = createCompletionsStreamAccumulator();
 * accumulator.add({ model: 'gpt-3.5-turbo-instruct', choices: [{ index: 0, text: 'Hi' }] });
 *
 * The instrumented fetch constructs the class directly; this factory is for callers outside it.
 */
export function createCompletionsStreamAccumulator(): StreamAccumulator {
  return new CompletionsStreamAccumulator();
}
