import type { LlmApi, LlmRoute } from '../provider.js';
import { createStreamAccumulator, requestAttributes, responseAttributes } from './operation-attributes.js';
import { OPENAI_PRICES } from './prices.js';
import { routeAttributes } from './route-attributes.js';
import { type OpenAiOperation, type OpenAiRoute, recognizeOpenAiRequest } from './routes.js';
import { openAiErrorMessage } from './stream-error.js';

// The span names Arize's OpenAI instrumentation uses, so dashboards built on it keep working.
const SPAN_NAMES: Readonly<Record<OpenAiOperation, string>> = {
  chat: 'OpenAI Chat Completions',
  responses: 'OpenAI Responses',
  embeddings: 'OpenAI Embeddings',
  completions: 'OpenAI Completions',
};

const GEN_AI_OPERATIONS: Readonly<Record<OpenAiOperation, string>> = {
  chat: 'chat',
  responses: 'chat',
  completions: 'text_completion',
  embeddings: 'embeddings',
};

// Routes reach these methods only from `recognize` below, so their operation is an OpenAI one.
const operationOf = (route: LlmRoute) => route.operation as OpenAiOperation;

/**
 * The OpenAI protocol (Chat Completions, Responses, Embeddings, legacy Completions) on any
 * OpenAI-compatible base URL.
 *
 * @example
 * openAiApi.recognize(new URL('https://api.openai.com/v1/chat/completions')); // { operation: 'chat', provider: 'openai' }
 */
export const openAiApi: LlmApi = {
  name: 'openai',
  recognize(url) {
    return recognizeOpenAiRequest(url, 'POST');
  },
  spanName(route) {
    return SPAN_NAMES[operationOf(route)];
  },
  routeAttributes(route) {
    return routeAttributes(route as OpenAiRoute);
  },
  requestAttributes(route, body) {
    return requestAttributes(operationOf(route), body);
  },
  responseAttributes(route, body) {
    return responseAttributes(operationOf(route), body);
  },
  streamAccumulator(route) {
    return createStreamAccumulator(operationOf(route));
  },
  errorMessage: openAiErrorMessage,
  genAiOperation(route) {
    return GEN_AI_OPERATIONS[operationOf(route)];
  },
  prices: OPENAI_PRICES,
};
