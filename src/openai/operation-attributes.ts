import type { Attributes } from '@opentelemetry/api';
import { chatRequestAttributes, chatResponseAttributes } from './chat-attributes.js';
import { createChatStreamAccumulator } from './chat-stream.js';
import {
  completionsRequestAttributes,
  completionsResponseAttributes,
  createCompletionsStreamAccumulator,
} from './completions-attributes.js';
import { embeddingsRequestAttributes, embeddingsResponseAttributes } from './embeddings-attributes.js';
import { responsesRequestAttributes, responsesResponseAttributes } from './responses-attributes.js';
import { createResponsesStreamAccumulator } from './responses-stream.js';
import type { OpenAiOperation } from './routes.js';
import type { StreamAccumulator } from './stream-accumulator.js';

const REQUEST: Readonly<Record<OpenAiOperation, (body: unknown) => Attributes>> = {
  chat: chatRequestAttributes,
  responses: responsesRequestAttributes,
  embeddings: embeddingsRequestAttributes,
  completions: completionsRequestAttributes,
};

const RESPONSE: Readonly<Record<OpenAiOperation, (body: unknown) => Attributes>> = {
  chat: chatResponseAttributes,
  responses: responsesResponseAttributes,
  embeddings: embeddingsResponseAttributes,
  completions: completionsResponseAttributes,
};

/**
 * The OpenInference attributes of a parsed request body, for the route's operation.
 *
 * @example
 * requestAttributes('chat', JSON.parse(await request.clone().text()));
 */
export function requestAttributes(operation: OpenAiOperation, body: unknown): Attributes {
  return REQUEST[operation](body);
}

/**
 * The OpenInference attributes of a parsed (non-streamed) response body, for the route's operation.
 * Merged over the request attributes, the server-reported model replaces the requested one.
 *
 * @example
 * span.setAttributes(responseAttributes('chat', await response.clone().json()));
 */
export function responseAttributes(operation: OpenAiOperation, body: unknown): Attributes {
  return RESPONSE[operation](body);
}

/**
 * A stream accumulator for the route's operation. Embeddings never stream, so they get one that
 * records nothing.
 *
 * @example
 * const accumulator = createStreamAccumulator('responses');
 */
export function createStreamAccumulator(operation: OpenAiOperation): StreamAccumulator {
  switch (operation) {
    case 'chat':
      return createChatStreamAccumulator();
    case 'responses':
      return createResponsesStreamAccumulator();
    case 'completions':
      return createCompletionsStreamAccumulator();
    case 'embeddings':
      return { add: () => false, attributes: () => ({}), error: undefined };
  }
}
