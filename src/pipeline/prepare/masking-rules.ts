import type { AttributeValue } from '@opentelemetry/api';
import {
  EmbeddingEmbeddings,
  EmbeddingVector,
  InputMimeType,
  InputValue,
  LlmInputMessages,
  LlmOutputMessages,
  LlmTools,
  MessageContent,
  MessageContents,
  MessageContentText,
  OutputMimeType,
  OutputValue,
} from '../../semconv.js';
import { MASK_BY_VALUE, MASK_KEEP, MASK_REDACT, MASK_REMOVE, type MaskOutcome } from './key-flags.js';
import { REDACTED_VALUE, type TraceConfig } from './trace-config.js';

// OpenInference's key fragments (those the writers use come from semconv, so a bundle holds each
// once). The rules match with `includes` exactly as openinference-core does, so an attribute masked
// there is masked here.
const CONTENT_IMAGE = 'message_content.image';
const INPUT_IMAGES = 'input.images';
const OUTPUT_IMAGES = 'output.images';
const IMAGE_URL = 'image.url';
const LLM_PROMPTS = 'llm.prompts';

function within(key: string, namespace: string): boolean {
  return key === namespace || key.startsWith(`${namespace}.`);
}

function isImageUrlKey(key: string): boolean {
  return (
    key.endsWith(IMAGE_URL) &&
    ((key.includes(LlmInputMessages) && key.includes(CONTENT_IMAGE)) ||
      within(key, INPUT_IMAGES) ||
      within(key, OUTPUT_IMAGES))
  );
}

/**
 * One attribute after OpenInference's masking rules, in their order: the value, `__REDACTED__`, or
 * `undefined` for "remove the attribute". `imageLimit` is the base64 image limit in effect (the
 * configured one, or less when the value-length limit already cut the URL, which leaves it useless).
 *
 * @example
 * maskAttribute(config, 'llm.input_messages.0.message.content', 'hi'); // '__REDACTED__' with hideInputText
 */
export function maskAttribute(
  config: TraceConfig,
  key: string,
  value: AttributeValue,
  imageLimit = config.base64ImageMaxLength,
): AttributeValue | undefined {
  const { hideInputs, hideOutputs } = config;
  if (hideInputs && key === InputValue) return REDACTED_VALUE;
  if (hideInputs && key === InputMimeType) return undefined;
  if (hideOutputs && key === OutputValue) return REDACTED_VALUE;
  if (hideOutputs && key === OutputMimeType) return undefined;
  const inputMessage = key.includes(LlmInputMessages);
  const outputMessage = key.includes(LlmOutputMessages);
  if ((hideInputs || config.hideInputMessages) && inputMessage) return undefined;
  if ((hideOutputs || config.hideOutputMessages) && outputMessage) return undefined;
  const plainText = key.includes(MessageContent) && !key.includes(MessageContents);
  if (config.hideInputText && inputMessage && plainText) return REDACTED_VALUE;
  if (config.hideOutputText && outputMessage && plainText) return REDACTED_VALUE;
  if (config.hideInputText && inputMessage && key.includes(MessageContentText)) return REDACTED_VALUE;
  if (config.hideOutputText && outputMessage && key.includes(MessageContentText)) return REDACTED_VALUE;
  if (config.hideInputImages && inputMessage && key.includes(CONTENT_IMAGE)) return undefined;
  if ((hideInputs || config.hideInputImages) && within(key, INPUT_IMAGES)) return undefined;
  if (hideOutputs && within(key, OUTPUT_IMAGES)) return undefined;
  if (
    typeof value === 'string' &&
    value.startsWith('data:image/') &&
    value.includes('base64') &&
    value.length > imageLimit &&
    isImageUrlKey(key)
  )
    return REDACTED_VALUE;
  if (config.hideEmbeddingVectors && key.includes(EmbeddingEmbeddings) && key.includes(EmbeddingVector))
    return undefined;
  if (config.hidePrompts && key === LLM_PROMPTS) return REDACTED_VALUE;
  if ((hideInputs || config.hideLLMTools) && key.includes(LlmTools)) return undefined;
  return value;
}

/**
 * What {@link maskAttribute} does to any value of `key` under `config`, decided from the key alone:
 * every rule but the base64 image one reads only the key, so the answer can be cached per key.
 *
 * @example
 * classifyMaskedKey(resolveTraceConfig({ hideInputs: true }), 'input.value'); // MASK_REDACT
 * classifyMaskedKey(resolveTraceConfig(), 'llm.model_name'); // MASK_KEEP
 */
export function classifyMaskedKey(config: TraceConfig, key: string): MaskOutcome {
  if (isImageUrlKey(key)) return MASK_BY_VALUE;
  // Not an image key, so the value is never looked at: a stand-in shows what happens to every value.
  const masked = maskAttribute(config, key, 0);
  if (masked === undefined) return MASK_REMOVE;
  return masked === REDACTED_VALUE ? MASK_REDACT : MASK_KEEP;
}
