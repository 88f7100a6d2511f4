/**
 * OpenInference attribute keys, in one place so every module and test spells them the same way.
 * See https://github.com/Arize-ai/openinference/blob/main/spec/semantic_conventions.md
 */
export const SpanKindKey = 'openinference.span.kind';

export const SessionId = 'session.id';
export const UserId = 'user.id';
export const Metadata = 'metadata';
export const TagTags = 'tag.tags';
export const PromptTemplate = 'llm.prompt_template.template';
export const PromptTemplateVariables = 'llm.prompt_template.variables';
export const PromptTemplateVersion = 'llm.prompt_template.version';

export const InputValue = 'input.value';
export const InputMimeType = 'input.mime_type';
export const OutputValue = 'output.value';
export const OutputMimeType = 'output.mime_type';

export const LlmSystem = 'llm.system';
export const LlmProvider = 'llm.provider';
export const LlmModelName = 'llm.model_name';
export const LlmInvocationParameters = 'llm.invocation_parameters';
export const LlmInputMessages = 'llm.input_messages';
export const LlmOutputMessages = 'llm.output_messages';
export const LlmTools = 'llm.tools';
export const LlmFinishReason = 'llm.finish_reason';
export const LlmTokenCountPrompt = 'llm.token_count.prompt';
export const LlmTokenCountCompletion = 'llm.token_count.completion';
export const LlmTokenCountTotal = 'llm.token_count.total';
export const LlmTokenCountPromptCacheRead = 'llm.token_count.prompt_details.cache_read';
export const LlmTokenCountPromptCacheWrite = 'llm.token_count.prompt_details.cache_write';
export const LlmTokenCountPromptAudio = 'llm.token_count.prompt_details.audio';
export const LlmTokenCountCompletionReasoning = 'llm.token_count.completion_details.reasoning';
export const LlmTokenCountCompletionAudio = 'llm.token_count.completion_details.audio';
export const LlmCostPrompt = 'llm.cost.prompt';
export const LlmCostCompletion = 'llm.cost.completion';
export const LlmCostTotal = 'llm.cost.total';

export const EmbeddingModelName = 'embedding.model_name';
export const EmbeddingEmbeddings = 'embedding.embeddings';

/** The OpenInference span kinds, as the values of `openinference.span.kind`. */
export const SpanKinds = {
  chain: 'CHAIN',
  llm: 'LLM',
  embedding: 'EMBEDDING',
  tool: 'TOOL',
  agent: 'AGENT',
  retriever: 'RETRIEVER',
  reranker: 'RERANKER',
  guardrail: 'GUARDRAIL',
  evaluator: 'EVALUATOR',
} as const;

/** One of the OpenInference span kinds. */
export type OpenInferenceSpanKind = (typeof SpanKinds)[keyof typeof SpanKinds];

// Keys below were added for the OpenAI parsing layer (src/openai/): the nested message, tool and
// embedding keys are suffixes under the indexed prefixes above, as the OpenInference spec nests them.

export const MessageRole = 'message.role';
export const MessageContent = 'message.content';
export const MessageContents = 'message.contents';
export const MessageName = 'message.name';
export const MessageToolCalls = 'message.tool_calls';
export const MessageToolCallId = 'message.tool_call_id';
export const MessageFunctionCallName = 'message.function_call_name';
export const MessageFunctionCallArguments = 'message.function_call_arguments_json';
export const MessageContentType = 'message_content.type';
export const MessageContentText = 'message_content.text';
export const MessageContentImageUrl = 'message_content.image.image.url';
export const MessageContentEncryptedContent = 'message_content.encrypted_content';
export const ToolCallId = 'tool_call.id';
export const ToolCallFunctionName = 'tool_call.function.name';
export const ToolCallFunctionArguments = 'tool_call.function.arguments';
export const ToolJsonSchema = 'tool.json_schema';
export const EmbeddingText = 'embedding.text';
export const EmbeddingVector = 'embedding.vector';
export const LlmCostPromptCacheRead = 'llm.cost.prompt_details.cache_read';
export const LlmCostPromptCacheWrite = 'llm.cost.prompt_details.cache_write';

/** The values of `input.mime_type` and `output.mime_type`. */
export const MimeTypes = { json: 'application/json', text: 'text/plain' } as const;

// OpenTelemetry GenAI semantic conventions (semantic-conventions 1.37+, now kept in the
// semantic-conventions-genai repository), for backends that read those instead of OpenInference.
export const GenAiProviderName = 'gen_ai.provider.name';
/** Deprecated by `gen_ai.provider.name`; still read by backends on older conventions. */
export const GenAiSystem = 'gen_ai.system';
export const GenAiOperationName = 'gen_ai.operation.name';
export const GenAiConversationId = 'gen_ai.conversation.id';
export const GenAiRequestModel = 'gen_ai.request.model';
export const GenAiRequestTemperature = 'gen_ai.request.temperature';
export const GenAiRequestTopP = 'gen_ai.request.top_p';
export const GenAiRequestMaxTokens = 'gen_ai.request.max_tokens';
export const GenAiRequestFrequencyPenalty = 'gen_ai.request.frequency_penalty';
export const GenAiRequestPresencePenalty = 'gen_ai.request.presence_penalty';
export const GenAiRequestStopSequences = 'gen_ai.request.stop_sequences';
export const GenAiRequestSeed = 'gen_ai.request.seed';
export const GenAiRequestChoiceCount = 'gen_ai.request.choice.count';
export const GenAiRequestStream = 'gen_ai.request.stream';
export const GenAiRequestEncodingFormats = 'gen_ai.request.encoding_formats';
export const GenAiResponseModel = 'gen_ai.response.model';
export const GenAiResponseFinishReasons = 'gen_ai.response.finish_reasons';
/** Seconds from sending the request to the first streamed chunk. */
export const GenAiResponseTimeToFirstChunk = 'gen_ai.response.time_to_first_chunk';
export const GenAiUsageInputTokens = 'gen_ai.usage.input_tokens';
export const GenAiUsageOutputTokens = 'gen_ai.usage.output_tokens';
export const GenAiUsageCacheReadInputTokens = 'gen_ai.usage.cache_read.input_tokens';
export const GenAiUsageReasoningOutputTokens = 'gen_ai.usage.reasoning.output_tokens';
export const GenAiEmbeddingsDimensionCount = 'gen_ai.embeddings.dimension.count';

// edge-llmobs's own keys, for what OpenInference has no name for yet.
/** Milliseconds from sending a streamed request to the first chunk that carried output. */
export const TimeToFirstTokenMs = 'edge_llmobs.time_to_first_token_ms';
/** Set when the consumer cancelled a response body before it ended. */
export const BodyCancelled = 'edge_llmobs.body_cancelled';
/** Set when a JSON response was larger than `maxResponseBytes` and its output was not recorded. */
export const ResponseNotRecorded = 'edge_llmobs.response_not_recorded';
/** The HTTP status of a failed call (OpenTelemetry HTTP semantic conventions). */
export const HttpResponseStatusCode = 'http.response.status_code';
/** The name of the event added when the first output chunk of a stream arrives. */
export const FirstTokenEvent = 'First Token Stream Event';
