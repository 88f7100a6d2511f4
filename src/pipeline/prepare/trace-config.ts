/**
 * OpenInference's TraceConfig switches, with the same names, defaults, environment variables and
 * meaning as `@arizeai/openinference-core`, so settings carry over from Arize's instrumentations.
 */
export interface TraceConfigOptions {
  /** `input.value` becomes `__REDACTED__`; input mime type, input messages, input images and tool definitions are removed. `OPENINFERENCE_HIDE_INPUTS`. */
  readonly hideInputs?: boolean;
  /** `output.value` becomes `__REDACTED__`; output mime type, output messages and output images are removed. `OPENINFERENCE_HIDE_OUTPUTS`. */
  readonly hideOutputs?: boolean;
  /** Every `llm.input_messages.*` attribute is removed. `OPENINFERENCE_HIDE_INPUT_MESSAGES`. */
  readonly hideInputMessages?: boolean;
  /** Every `llm.output_messages.*` attribute is removed. `OPENINFERENCE_HIDE_OUTPUT_MESSAGES`. */
  readonly hideOutputMessages?: boolean;
  /** Images in input messages (and `input.images.*`) are removed. `OPENINFERENCE_HIDE_INPUT_IMAGES`. */
  readonly hideInputImages?: boolean;
  /** Text in input messages becomes `__REDACTED__`. `OPENINFERENCE_HIDE_INPUT_TEXT`. */
  readonly hideInputText?: boolean;
  /** Text in output messages becomes `__REDACTED__`. `OPENINFERENCE_HIDE_OUTPUT_TEXT`. */
  readonly hideOutputText?: boolean;
  /** `embedding.embeddings.*.embedding.vector` is removed. `OPENINFERENCE_HIDE_EMBEDDING_VECTORS`. */
  readonly hideEmbeddingVectors?: boolean;
  /** `llm.tools.*` is removed. `OPENINFERENCE_HIDE_LLM_TOOLS`. */
  readonly hideLLMTools?: boolean;
  /** `llm.prompts` becomes `__REDACTED__`. `OPENINFERENCE_HIDE_PROMPTS`. */
  readonly hidePrompts?: boolean;
  /** A base64 `data:image/` URL longer than this becomes `__REDACTED__`. Default 32 000. `OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH`. */
  readonly base64ImageMaxLength?: number;
}

/** A resolved {@link TraceConfigOptions}: every switch decided. */
export type TraceConfig = Required<TraceConfigOptions>;

/** What a hidden value is replaced with, as in OpenInference. */
export const REDACTED_VALUE = '__REDACTED__';

/** OpenInference's default image limit. */
export const DEFAULT_BASE64_IMAGE_MAX_LENGTH = 32_000;
