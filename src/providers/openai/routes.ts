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

function operationFromPath(path: string): OpenAiOperation | undefined {
  // '/chat/completions' first: it also ends with '/completions'.
  if (path.endsWith('/chat/completions')) return 'chat';
  if (path.endsWith('/responses')) return 'responses';
  if (path.endsWith('/embeddings')) return 'embeddings';
  if (path.endsWith('/completions')) return 'completions';
  return undefined;
}

/**
 * Recognizes a request to an OpenAI-compatible endpoint by method and path suffix, whatever the base
 * URL: api.openai.com, Azure deployments, Cloudflare AI Gateway (provider and `/compat` routes),
 * OpenRouter, Groq, Ollama, vLLM. Only `POST` creates a generation; `GET /responses/{id}` and the like
 * are not recognized. Called for every `fetch`, so it only compares strings.
 *
 * @example
 * recognizeOpenAiRequest(new URL('https://api.openai.com/v1/chat/completions'), 'POST');
 * // { operation: 'chat', provider: 'openai' }
 */
export function recognizeOpenAiRequest(url: URL, method: string): OpenAiRoute | undefined {
  if (method !== 'POST' && method.toUpperCase() !== 'POST') return undefined;
  const operation = operationFromPath(url.pathname);
  if (operation === undefined) return undefined;
  return { operation, provider: providerFromHost(url.hostname) };
}
