/**
 * `edge-llmobs/providers`: the provider modules, for the `providers` option. Each is imported only
 * where it is named, so a Worker that names `openAiApi` alone (with `edge-llmobs/cloudflare/named`)
 * carries the OpenAI module and no other.
 */
export { anthropicApi } from './anthropic/anthropic-api.js';
export { geminiApi } from './gemini/gemini-api.js';
export { openAiApi } from './openai/openai-api.js';
export type { LlmApi, LlmBinding, LlmRoute } from './provider.js';
export { workersAiApi } from './workers-ai/workers-ai-api.js';
