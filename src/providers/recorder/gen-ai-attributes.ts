import type { Attributes } from '@opentelemetry/api';
import {
  EmbeddingEmbeddings,
  EmbeddingModelName,
  EmbeddingVector,
  GenAiConversationId,
  GenAiEmbeddingsDimensionCount,
  GenAiOperationName,
  GenAiProviderName,
  GenAiRequestChoiceCount,
  GenAiRequestEncodingFormats,
  GenAiRequestFrequencyPenalty,
  GenAiRequestMaxTokens,
  GenAiRequestModel,
  GenAiRequestPresencePenalty,
  GenAiRequestSeed,
  GenAiRequestStopSequences,
  GenAiRequestStream,
  GenAiRequestTemperature,
  GenAiRequestTopP,
  GenAiResponseFinishReasons,
  GenAiResponseModel,
  GenAiSystem,
  GenAiUsageCacheReadInputTokens,
  GenAiUsageInputTokens,
  GenAiUsageOutputTokens,
  GenAiUsageReasoningOutputTokens,
  LlmFinishReason,
  LlmInvocationParameters,
  LlmModelName,
  LlmProvider,
  LlmTokenCountCompletion,
  LlmTokenCountCompletionReasoning,
  LlmTokenCountPrompt,
  LlmTokenCountPromptCacheRead,
  OutputMimeType,
  SessionId,
} from '../../semconv.js';
import { isRecord, type JsonRecord, numberField, parseJson, setDefined, stringField } from './json-shape.js';

// OpenInference provider names whose GenAI `gen_ai.provider.name` is spelled differently.
const GEN_AI_PROVIDERS: Readonly<Record<string, string>> = {
  azure: 'azure.ai.openai',
  mistralai: 'mistral_ai',
  xai: 'x_ai',
  google: 'gcp.gemini',
  aws: 'aws.bedrock',
};

// OpenAI operation names whose GenAI name differs; a provider's own GenAI name passes as it is.
const OPERATION_NAMES: Readonly<Record<string, string>> = {
  responses: 'chat',
  completions: 'text_completion',
};

// OpenInference keys copied as they are to their GenAI names.
const COPIED: ReadonlyArray<readonly [from: string, to: string]> = [
  [SessionId, GenAiConversationId],
  [LlmTokenCountPrompt, GenAiUsageInputTokens],
  [LlmTokenCountCompletion, GenAiUsageOutputTokens],
  [LlmTokenCountPromptCacheRead, GenAiUsageCacheReadInputTokens],
  [LlmTokenCountCompletionReasoning, GenAiUsageReasoningOutputTokens],
];

/**
 * The OpenTelemetry GenAI semantic-convention attributes equivalent to a span's OpenInference
 * attributes, for backends that read `gen_ai.*`. `request` is the parsed request body; without it
 * the request parameters are read back from `llm.invocation_parameters`. `gen_ai.response.model` is
 * set only once a response was recorded (output or token counts), so a failed call does not claim
 * the requested model was served. With no known provider the protocol's, `openai`, is used, as the
 * GenAI conventions ask of OpenAI-compatible clients.
 *
 * @example
 * genAiAttributes({ 'llm.provider': 'azure', 'llm.token_count.prompt': 9 }, 'chat', { model: 'gpt-4o' });
 * // { 'gen_ai.provider.name': 'azure.ai.openai', 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 9, ... }
 */
export function genAiAttributes(openInference: Attributes, operation: string, request?: unknown): Attributes {
  const provider = openInference[LlmProvider];
  const providerName = typeof provider === 'string' ? (GEN_AI_PROVIDERS[provider] ?? provider) : 'openai';
  const attributes: Attributes = {
    [GenAiOperationName]: OPERATION_NAMES[operation] ?? operation,
    [GenAiProviderName]: providerName,
    [GenAiSystem]: providerName,
  };
  for (const [from, to] of COPIED) {
    setDefined(attributes, to, openInference[from]);
  }
  const finishReason = openInference[LlmFinishReason];
  if (typeof finishReason === 'string') attributes[GenAiResponseFinishReasons] = [finishReason];
  const model = openInference[LlmModelName] ?? openInference[EmbeddingModelName];
  // The served model, once there is a response (an output or token counts).
  const hasResponse = openInference[OutputMimeType] !== undefined || openInference[LlmTokenCountPrompt] !== undefined;
  if (model !== undefined && hasResponse) attributes[GenAiResponseModel] = model;
  // The request body, else the invocation parameters recorded from it.
  const json = openInference[LlmInvocationParameters];
  const parsed = isRecord(request) ? request : typeof json === 'string' ? parseJson(json) : undefined;
  const body = isRecord(parsed) ? parsed : undefined;
  if (body) writeRequestParameters(body, attributes);
  const vector = openInference[`${EmbeddingEmbeddings}.0.${EmbeddingVector}`];
  if (Array.isArray(vector)) attributes[GenAiEmbeddingsDimensionCount] = vector.length;
  return attributes;
}

function writeRequestParameters(body: JsonRecord, into: Attributes): void {
  setDefined(into, GenAiRequestModel, stringField(body, 'model'));
  setDefined(into, GenAiRequestTemperature, numberField(body, 'temperature'));
  setDefined(into, GenAiRequestTopP, numberField(body, 'top_p'));
  setDefined(
    into,
    GenAiRequestMaxTokens,
    numberField(body, 'max_completion_tokens') ??
      numberField(body, 'max_tokens') ??
      numberField(body, 'max_output_tokens'),
  );
  setDefined(into, GenAiRequestFrequencyPenalty, numberField(body, 'frequency_penalty'));
  setDefined(into, GenAiRequestPresencePenalty, numberField(body, 'presence_penalty'));
  setDefined(into, GenAiRequestSeed, numberField(body, 'seed'));
  const stop = body.stop;
  if (typeof stop === 'string') into[GenAiRequestStopSequences] = [stop];
  else if (Array.isArray(stop) && stop.every((s) => typeof s === 'string')) into[GenAiRequestStopSequences] = stop;
  const n = numberField(body, 'n');
  // The conventions ask for the choice count only when it is not 1.
  if (n !== undefined && n !== 1) into[GenAiRequestChoiceCount] = n;
  if (typeof body.stream === 'boolean') into[GenAiRequestStream] = body.stream;
  const encoding = stringField(body, 'encoding_format');
  if (encoding !== undefined) into[GenAiRequestEncodingFormats] = [encoding];
}
