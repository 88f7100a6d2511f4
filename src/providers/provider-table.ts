import type { LlmApi, LlmRoute } from './provider.js';

/** A request a provider module claims: the module and what it read from the URL. */
export interface RecognizedCall {
  readonly api: LlmApi;
  readonly route: LlmRoute;
}

/**
 * The provider module of `providers` (asked in order) and route of a request, or `undefined` when
 * none claims it (then the request goes through untouched). Only `POST` creates a generation. Called
 * for every fetch, so the modules only compare strings.
 *
 * @example
 * recognizeLlmCall(ALL_PROVIDERS, new URL('https://api.openai.com/v1/chat/completions'), 'POST')?.api.name; // 'openai'
 */
export function recognizeLlmCall(providers: readonly LlmApi[], url: URL, method: string): RecognizedCall | undefined {
  if (method !== 'POST' && method.toUpperCase() !== 'POST') return undefined;
  for (const api of providers) {
    const route = api.recognize(url);
    if (route !== undefined) return { api, route };
  }
  return undefined;
}
