import type { LlmApi } from '../provider.js';
import { OPENAI_OPERATIONS } from './operation-attributes.js';
import { OPENAI_PRICES } from './prices.js';
import { routeAttributes } from './route-attributes.js';
import { type OpenAiRoute, openAiRoute } from './routes.js';
import { openAiErrorMessage } from './stream-error.js';

// Routes reach these methods only from `recognize` below: they are OpenAI routes.

/**
 * The OpenAI protocol (Chat Completions, Responses, Embeddings, legacy Completions) on any
 * OpenAI-compatible base URL.
 *
 * @example
 * openAiApi.recognize(new URL('https://api.openai.com/v1/chat/completions')); // { operation: 'chat', provider: 'openai' }
 */
export const openAiApi: LlmApi = {
  name: 'openai',
  recognize: openAiRoute,
  spanName(route) {
    return OPENAI_OPERATIONS[(route as OpenAiRoute).operation].spanName;
  },
  routeAttributes(route) {
    return routeAttributes(route as OpenAiRoute);
  },
  requestAttributes(route, body) {
    return OPENAI_OPERATIONS[(route as OpenAiRoute).operation].request(body);
  },
  responseAttributes(route, body) {
    return OPENAI_OPERATIONS[(route as OpenAiRoute).operation].response(body);
  },
  streamAccumulator(route) {
    return new OPENAI_OPERATIONS[(route as OpenAiRoute).operation].Stream();
  },
  errorMessage: openAiErrorMessage,
  genAiOperation(route) {
    return OPENAI_OPERATIONS[(route as OpenAiRoute).operation].genAiOperation;
  },
  prices: OPENAI_PRICES,
};
