import { LlmProvider, LlmSystem, SpanKindKey, SpanKinds } from '../../semconv.js';
import type { LlmApi, LlmRoute } from '../provider.js';
import { anthropicErrorMessage, messagesRequestAttributes, messagesResponseAttributes } from './messages-attributes.js';
import { AnthropicStreamAccumulator } from './messages-stream.js';
import { ANTHROPIC_PRICES } from './prices.js';

const ROUTE: LlmRoute = /* @__PURE__ */ Object.freeze({ operation: 'messages', provider: 'anthropic' });

/**
 * Anthropic's Messages API: `POST .../v1/messages` on api.anthropic.com, Cloudflare AI Gateway
 * (`.../anthropic/v1/messages`) or any base URL, plain and streamed. `llm.system` and
 * `llm.provider` are both `anthropic`.
 *
 * @example
 * anthropicApi.recognize(new URL('https://api.anthropic.com/v1/messages')); // { operation: 'messages', provider: 'anthropic' }
 */
export const anthropicApi: LlmApi = {
  name: 'anthropic',
  recognize(url) {
    return url.pathname.endsWith('/v1/messages') ? ROUTE : undefined;
  },
  spanName() {
    return 'Anthropic Messages';
  },
  routeAttributes() {
    return { [SpanKindKey]: SpanKinds.llm, [LlmSystem]: 'anthropic', [LlmProvider]: 'anthropic' };
  },
  requestAttributes(_route, body) {
    return messagesRequestAttributes(body);
  },
  responseAttributes(_route, body) {
    return messagesResponseAttributes(body);
  },
  streamAccumulator() {
    return new AnthropicStreamAccumulator();
  },
  errorMessage: anthropicErrorMessage,
  genAiOperation() {
    return 'chat';
  },
  prices: ANTHROPIC_PRICES,
};
