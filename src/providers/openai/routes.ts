/** The OpenAI API operations this library records. */
export type OpenAiOperation = 'chat' | 'responses' | 'embeddings' | 'completions';

/** What an instrumented `fetch` learns from a request's URL before it reads any body. */
export interface OpenAiRoute {
  readonly operation: OpenAiOperation;
  /**
   * The `llm.provider` value for the host, or `undefined` for a host not in the table (a local
   * Ollama, vLLM, a company proxy): like Arize's instrumentation, it is then left out rather than
   * invented, because `llm.provider` is meant to hold well-known vendor names and
   * `server.address` already names the host.
   */
  readonly provider: string | undefined;
}

// Host suffixes, matched at a label boundary. Arize's HOST_SUFFIX_TO_PROVIDER plus the gateways
// and routers that speak the OpenAI protocol (openrouter, cloudflare).
const HOST_PROVIDERS: ReadonlyArray<readonly [suffix: string, provider: string]> = [
  ['api.openai.com', 'openai'],
  ['openai.azure.com', 'azure'],
  ['services.ai.azure.com', 'azure'],
  ['cognitiveservices.azure.com', 'azure'],
  ['openrouter.ai', 'openrouter'],
  ['gateway.ai.cloudflare.com', 'cloudflare'],
  // Workers AI's OpenAI-compatible endpoints (/client/v4/accounts/{id}/ai/v1/...).
  ['api.cloudflare.com', 'cloudflare'],
  ['api.groq.com', 'groq'],
  ['api.together.xyz', 'together'],
  ['api.together.ai', 'together'],
  ['api.deepseek.com', 'deepseek'],
  ['api.mistral.ai', 'mistralai'],
  ['api.x.ai', 'xai'],
  ['generativelanguage.googleapis.com', 'google'],
  ['aiplatform.googleapis.com', 'google'],
  ['api.anthropic.com', 'anthropic'],
  ['api.cohere.com', 'cohere'],
  ['api.cohere.ai', 'cohere'],
  ['api.fireworks.ai', 'fireworks'],
  ['api.cerebras.ai', 'cerebras'],
  ['api.perplexity.ai', 'perplexity'],
  ['api.moonshot.cn', 'moonshot'],
  ['ollama.com', 'ollama'],
  ['amazonaws.com', 'aws'],
];

/**
 * The `llm.provider` value for an API hostname, or `undefined` when the host is not a known vendor.
 * Subdomains match (`my-resource.openai.azure.com` is azure); look-alikes do not (`smollama.com`).
 *
 * @example
 * providerFromHost('my-resource.openai.azure.com'); // 'azure'
 * providerFromHost('127.0.0.1'); // undefined
 */
export function providerFromHost(hostname: string): string | undefined {
  const host = hostname.toLowerCase();
  // No suffix in the table ends another at a label boundary, so the first match is the only one.
  for (const [suffix, provider] of HOST_PROVIDERS) {
    if (host === suffix || host.endsWith(`.${suffix}`)) return provider;
  }
  return undefined;
}

/**
 * The route of a `POST` to `url` when its path ends like an OpenAI operation, whatever the base URL:
 * api.openai.com, Azure deployments, Cloudflare AI Gateway (provider and `/compat` routes),
 * OpenRouter, Groq, Ollama, vLLM. Called for every `fetch` (the method is checked before), so it
 * only compares strings.
 *
 * @example
 * openAiRoute(new URL('https://api.openai.com/v1/chat/completions')); // { operation: 'chat', provider: 'openai' }
 */
export function openAiRoute(url: URL): OpenAiRoute | undefined {
  const path = url.pathname;
  // '/chat/completions' first: it also ends with '/completions'.
  const operation: OpenAiOperation | undefined = path.endsWith('/chat/completions')
    ? 'chat'
    : path.endsWith('/responses')
      ? 'responses'
      : path.endsWith('/embeddings')
        ? 'embeddings'
        : path.endsWith('/completions')
          ? 'completions'
          : undefined;
  return operation && { operation, provider: providerFromHost(url.hostname) };
}

/**
 * {@link openAiRoute} for a request of any method: only `POST` creates a generation, so
 * `GET /responses/{id}` and the like are not recognized.
 *
 * @example
 * recognizeOpenAiRequest(new URL('https://api.openai.com/v1/chat/completions'), 'POST');
 * // { operation: 'chat', provider: 'openai' }
 */
export function recognizeOpenAiRequest(url: URL, method: string): OpenAiRoute | undefined {
  return method === 'POST' || method.toUpperCase() === 'POST' ? openAiRoute(url) : undefined;
}
