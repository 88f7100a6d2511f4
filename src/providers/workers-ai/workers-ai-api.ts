import type { LlmApi, LlmRoute } from '../provider.js';
import { isRecord } from '../recorder/json-shape.js';
import { tracedEnv } from './env-bindings.js';
import {
  runRequestAttributes,
  runResultAttributes,
  WORKERS_AI_ROUTE_ATTRIBUTES,
  workersAiErrorMessage,
} from './run-attributes.js';
import { WorkersAiStreamAccumulator } from './run-stream.js';
import { createTracedAi } from './traced-ai.js';

// Workers AI model names start with '@cf/' or '@hf/'; the marker before them says the API.
const MARKERS = ['/ai/run/', '/workers-ai/'] as const;

/**
 * The route of a Workers AI REST call: `.../accounts/{id}/ai/run/@cf/{model}` on api.cloudflare.com,
 * or `.../workers-ai/@cf/{model}` through AI Gateway. (The OpenAI-compatible `/ai/v1/...` endpoints
 * belong to the OpenAI module, with `llm.provider` `cloudflare`.)
 *
 * @example
 * recognizeWorkersAiRequest(new URL('https://api.cloudflare.com/client/v4/accounts/abc/ai/run/@cf/meta/llama-3.1-8b-instruct'));
 * // { operation: 'run', provider: 'cloudflare', model: '@cf/meta/llama-3.1-8b-instruct' }
 */
export function recognizeWorkersAiRequest(url: URL): LlmRoute | undefined {
  const path = url.pathname;
  for (const marker of MARKERS) {
    const at = path.indexOf(marker);
    if (at === -1) continue;
    const model = decodeURIComponent(path.slice(at + marker.length));
    if (model.startsWith('@')) return { operation: 'run', provider: 'cloudflare', model };
  }
  return undefined;
}

/**
 * Cloudflare Workers AI over REST (and AI Gateway), plain and streamed. No built-in prices: Workers
 * AI bills in neurons, so a cost appears only for models given a price in `priceTable`.
 *
 * @example
 * register({ priceTable: { '@cf/meta/llama-3.1-8b-instruct': { input: 0.28, output: 0.83 } } });
 */
export const workersAiApi: LlmApi = {
  name: 'workers-ai',
  recognize: recognizeWorkersAiRequest,
  spanName() {
    return 'Workers AI';
  },
  routeAttributes() {
    return { ...WORKERS_AI_ROUTE_ATTRIBUTES };
  },
  requestAttributes(route, body) {
    return runRequestAttributes(route.model, body);
  },
  // A REST body wraps the binding's result in `{ result, success, errors, messages }`.
  responseAttributes(_route, body) {
    return runResultAttributes(isRecord(body) && isRecord(body.result) ? body.result : body);
  },
  streamAccumulator() {
    return new WorkersAiStreamAccumulator();
  },
  errorMessage: workersAiErrorMessage,
  genAiOperation() {
    return 'chat';
  },
  prices: /* @__PURE__ */ Object.freeze({}),
  // The `env.AI` binding: its `run()` calls never go through fetch.
  binding: {
    tracedEnv,
    trace(ai, target) {
      return createTracedAi(ai, target, workersAiApi);
    },
  },
};
