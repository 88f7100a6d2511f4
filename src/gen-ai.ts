/**
 * `edge-llmobs/gen-ai`: the OpenTelemetry GenAI semantic conventions (`gen_ai.*`) written beside the
 * OpenInference attributes of every LLM span. A separate entry point so Workers that do not want
 * `gen_ai.*` keys do not bundle the mapping.
 *
 * @example
 * import { register } from 'edge-llmobs';
 * import { genAiAttributes } from 'edge-llmobs/gen-ai';
 * const obs = register({ serviceName: 'chat-app', genAiAttributes });
 */
export { genAiAttributes } from './providers/recorder/gen-ai-attributes.js';
export type { GenAiAttributeWriter } from './providers/recorder/llm-fetch-options.js';
