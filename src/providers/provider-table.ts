import { anthropicApi } from './anthropic/anthropic-api.js';
import { geminiApi } from './gemini/gemini-api.js';
import { openAiApi } from './openai/openai-api.js';
import type { LlmApi, LlmRoute } from './provider.js';
import { workersAiApi } from './workers-ai/workers-ai-api.js';

/**
 * The provider modules, asked in order. OpenAI comes last: its paths are suffixes any
 * OpenAI-compatible server shares, while the others match paths only their APIs use.
 */
const PROVIDERS: readonly LlmApi[] = [anthropicApi, geminiApi, workersAiApi, openAiApi];

/** A request a provider module claims: the module and what it read from the URL. */
export interface RecognizedCall {
  readonly api: LlmApi;
  readonly route: LlmRoute;
}

/**
 * The provider module and route of a request, or `undefined` when no module claims it (then the
 * request goes through untouched). Only `POST` creates a generation. Called for every fetch, so
 * the modules only compare strings.
 *
 * @example
 * recognizeLlmCall(new URL('https://api.openai.com/v1/chat/completions'), 'POST')?.api.name; // 'openai'
 */
export function recognizeLlmCall(url: URL, method: string): RecognizedCall | undefined {
  if (method !== 'POST' && method.toUpperCase() !== 'POST') return undefined;
  for (const api of PROVIDERS) {
    const route = api.recognize(url);
    if (route !== undefined) return { api, route };
  }
  return undefined;
}
