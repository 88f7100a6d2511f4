import type { AttributeValue } from '@opentelemetry/api';
import { REDACTED_VALUE, type TraceConfig } from './trace-config.js';

// OpenInference's key fragments. The rules match with `includes` exactly as openinference-core does,
// so an attribute masked there is masked here.
const INPUT_VALUE = 'input.value';
const INPUT_MIME_TYPE = 'input.mime_type';
const OUTPUT_VALUE = 'output.value';
const OUTPUT_MIME_TYPE = 'output.mime_type';
const INPUT_MESSAGES = 'llm.input_messages';
const OUTPUT_MESSAGES = 'llm.output_messages';
const MESSAGE_CONTENT = 'message.content';
const MESSAGE_CONTENTS = 'message.contents';
const CONTENT_TEXT = 'message_content.text';
const CONTENT_IMAGE = 'message_content.image';
const INPUT_IMAGES = 'input.images';
const OUTPUT_IMAGES = 'output.images';
const IMAGE_URL = 'image.url';
const EMBEDDINGS = 'embedding.embeddings';
const EMBEDDING_VECTOR = 'embedding.vector';
const LLM_PROMPTS = 'llm.prompts';
const LLM_TOOLS = 'llm.tools';

function within(key: string, namespace: string): boolean {
  return key === namespace || key.startsWith(`${namespace}.`);
}

function isBase64Image(value: AttributeValue): value is string {
  return typeof value === 'string' && value.startsWith('data:image/') && value.includes('base64');
}

function isImageUrlKey(key: string): boolean {
  return (
    key.endsWith(IMAGE_URL) &&
    ((key.includes(INPUT_MESSAGES) && key.includes(CONTENT_IMAGE)) ||
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
  if (hideInputs && key === INPUT_VALUE) return REDACTED_VALUE;
  if (hideInputs && key === INPUT_MIME_TYPE) return undefined;
  if (hideOutputs && key === OUTPUT_VALUE) return REDACTED_VALUE;
  if (hideOutputs && key === OUTPUT_MIME_TYPE) return undefined;
  const inputMessage = key.includes(INPUT_MESSAGES);
  const outputMessage = key.includes(OUTPUT_MESSAGES);
  if ((hideInputs || config.hideInputMessages) && inputMessage) return undefined;
  if ((hideOutputs || config.hideOutputMessages) && outputMessage) return undefined;
  const plainText = key.includes(MESSAGE_CONTENT) && !key.includes(MESSAGE_CONTENTS);
  if (config.hideInputText && inputMessage && plainText) return REDACTED_VALUE;
  if (config.hideOutputText && outputMessage && plainText) return REDACTED_VALUE;
  if (config.hideInputText && inputMessage && key.includes(CONTENT_TEXT)) return REDACTED_VALUE;
  if (config.hideOutputText && outputMessage && key.includes(CONTENT_TEXT)) return REDACTED_VALUE;
  if (config.hideInputImages && inputMessage && key.includes(CONTENT_IMAGE)) return undefined;
  if ((hideInputs || config.hideInputImages) && within(key, INPUT_IMAGES)) return undefined;
  if (hideOutputs && within(key, OUTPUT_IMAGES)) return undefined;
  if (isBase64Image(value) && value.length > imageLimit && isImageUrlKey(key)) return REDACTED_VALUE;
  if (config.hideEmbeddingVectors && key.includes(EMBEDDINGS) && key.includes(EMBEDDING_VECTOR)) return undefined;
  if (config.hidePrompts && key === LLM_PROMPTS) return REDACTED_VALUE;
  if ((hideInputs || config.hideLLMTools) && key.includes(LLM_TOOLS)) return undefined;
  return value;
}

/** What {@link maskAttribute} does to every value of a key, as {@link classifyMaskedKey} finds it. */
export const MASK_KEEP = 0;
/** Every value of the key is removed. */
export const MASK_REMOVE = 1;
/** Every value of the key becomes `__REDACTED__`. */
export const MASK_REDACT = 2;
/** An image URL key: the outcome depends on the value (an oversized base64 image), so ask {@link maskAttribute}. */
export const MASK_BY_VALUE = 3;

/** One of {@link MASK_KEEP}, {@link MASK_REMOVE}, {@link MASK_REDACT}, {@link MASK_BY_VALUE}. */
export type MaskOutcome = 0 | 1 | 2 | 3;

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
