import { anthropicApi } from './anthropic/anthropic-api.js';
import { geminiApi } from './gemini/gemini-api.js';
import { openAiApi } from './openai/openai-api.js';
import type { LlmApi } from './provider.js';
import { workersAiApi } from './workers-ai/workers-ai-api.js';

/**
 * Every provider module, the default of the `providers` option. Only the default entries import
 * this module, so a Worker that names its providers does not carry the others. No two of them
 * claim the same path: OpenAI's are suffixes any OpenAI-compatible server shares, the others' are
 * paths only their APIs use.
 *
 * @example
 * register({ providers: ALL_PROVIDERS.filter((api) => api.name !== 'gemini') });
 */
export const ALL_PROVIDERS: readonly LlmApi[] = [anthropicApi, geminiApi, workersAiApi, openAiApi];
