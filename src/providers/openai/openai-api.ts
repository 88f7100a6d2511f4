import type { LlmApi, LlmRoute } from '../provider.js';
import { OPENAI_OPERATIONS } from './operation-attributes.js';
import { OPENAI_PRICES } from './prices.js';
import { routeAttributes } from './route-attributes.js';
import { type OpenAiOperation, type OpenAiRoute, openAiRoute } from './routes.js';
import { openAiErrorMessage } from './stream-error.js';

// Routes reach these methods only from `recognize` below, so their operation is an OpenAI one.
const operationOf = (route: LlmRoute) => OPENAI_OPERATIONS[route.operation as OpenAiOperation];

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
    return operationOf(route).spanName;
  },
  routeAttributes(route) {
    return routeAttributes(route as OpenAiRoute);
  },
  requestAttributes(route, body) {
    return operationOf(route).request(body);
  },
  responseAttributes(route, body) {
    return operationOf(route).response(body);
  },
  streamAccumulator(route) {
    return new (operationOf(route).Stream)();
  },
  errorMessage: openAiErrorMessage,
  genAiOperation(route) {
    return operationOf(route).genAiOperation;
  },
  prices: OPENAI_PRICES,
};
