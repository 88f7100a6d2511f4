import { LlmProvider, LlmSystem, SpanKindKey, SpanKinds } from '../../semconv.js';
import type { LlmApi, LlmRoute } from '../provider.js';
import { generateRequestAttributes, generateResponseAttributes } from './generate-attributes.js';
import { GeminiStreamAccumulator } from './generate-stream.js';
import { GEMINI_PRICES } from './prices.js';
import { geminiErrorMessage } from './response-shape.js';

const METHODS = [':generateContent', ':streamGenerateContent'] as const;

/**
 * The route of a Gemini call: `.../models/{model}:generateContent` or `:streamGenerateContent`,
 * on generativelanguage.googleapis.com, Vertex AI (`.../publishers/google/models/{model}:...`),
 * Cloudflare AI Gateway (`.../google-ai-studio/...`, `.../google-vertex-ai/...`) or any base URL.
 * The model is read from the path; the query (with a `?key=`) is never looked at.
 *
 * @example
 * recognizeGeminiRequest(new URL('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent'));
 * // { operation: 'generateContent', provider: 'google', model: 'gemini-2.5-flash' }
 */
export function recognizeGeminiRequest(url: URL): LlmRoute | undefined {
  const path = url.pathname;
  for (const method of METHODS) {
    if (!path.endsWith(method)) continue;
    const at = path.lastIndexOf('/models/');
    if (at === -1) return undefined;
    const model = decodeURIComponent(path.slice(at + 8, path.length - method.length));
    return { operation: method.slice(1), provider: 'google', model };
  }
  return undefined;
}

/**
 * Google's Gemini API (`generateContent` and `streamGenerateContent`, SSE or a JSON array), also
 * through Vertex AI and AI Gateway. `llm.system` is `vertexai`, the OpenInference name for Google's
 * models; `llm.provider` is `google`.
 *
 * @example
 * geminiApi.recognize(new URL('https://aiplatform.googleapis.com/v1/projects/p/locations/global/publishers/google/models/gemini-2.5-pro:streamGenerateContent?alt=sse'));
 */
export const geminiApi: LlmApi = {
  name: 'gemini',
  recognize: recognizeGeminiRequest,
  spanName() {
    return 'Gemini Generate Content';
  },
  routeAttributes() {
    return { [SpanKindKey]: SpanKinds.llm, [LlmSystem]: 'vertexai', [LlmProvider]: 'google' };
  },
  requestAttributes(route, body) {
    return generateRequestAttributes(route.model, body);
  },
  responseAttributes(_route, body) {
    return generateResponseAttributes(body);
  },
  streamAccumulator() {
    return new GeminiStreamAccumulator();
  },
  errorMessage: geminiErrorMessage,
  genAiOperation() {
    return 'generate_content';
  },
  prices: GEMINI_PRICES,
};
