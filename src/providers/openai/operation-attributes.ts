import type { Attributes } from '@opentelemetry/api';
import type { StreamAccumulator } from '../recorder/stream-accumulator.js';
import { chatRequestAttributes, chatResponseAttributes } from './chat-attributes.js';
import { ChatStreamAccumulator } from './chat-stream.js';
import {
  CompletionsStreamAccumulator,
  completionsRequestAttributes,
  completionsResponseAttributes,
} from './completions-attributes.js';
import { embeddingsRequestAttributes, embeddingsResponseAttributes } from './embeddings-attributes.js';
import { responsesRequestAttributes, responsesResponseAttributes } from './responses-attributes.js';
import { ResponsesStreamAccumulator } from './responses-stream.js';
import type { OpenAiOperation } from './routes.js';

/** Per operation: request attributes, response attributes, stream accumulator (one table, one key set). */
type Handlers = readonly [
  request: (body: unknown) => Attributes,
  response: (body: unknown) => Attributes,
  stream: new () => StreamAccumulator,
];

/** What an embeddings "stream" records: nothing (embeddings never stream). */
class NoStreamAccumulator implements StreamAccumulator {
  readonly error = undefined;
  add(): boolean {
    return false;
  }
  attributes(): Attributes {
    return {};
  }
}

const OPERATIONS: Readonly<Record<OpenAiOperation, Handlers>> = {
  chat: [chatRequestAttributes, chatResponseAttributes, ChatStreamAccumulator],
  responses: [responsesRequestAttributes, responsesResponseAttributes, ResponsesStreamAccumulator],
  embeddings: [embeddingsRequestAttributes, embeddingsResponseAttributes, NoStreamAccumulator],
  completions: [completionsRequestAttributes, completionsResponseAttributes, CompletionsStreamAccumulator],
};

/**
 * The OpenInference attributes of a parsed request body, for the route's operation.
 *
 * @example
 * requestAttributes('chat', JSON.parse(await request.clone().text()));
 */
export function requestAttributes(operation: OpenAiOperation, body: unknown): Attributes {
  return OPERATIONS[operation][0](body);
}

/**
 * The OpenInference attributes of a parsed (non-streamed) response body, for the route's operation.
 * Merged over the request attributes, the server-reported model replaces the requested one.
 *
 * @example
 * span.setAttributes(responseAttributes('chat', await response.clone().json()));
 */
export function responseAttributes(operation: OpenAiOperation, body: unknown): Attributes {
  return OPERATIONS[operation][1](body);
}

/**
 * A stream accumulator for the route's operation. Embeddings never stream, so they get one that
 * records nothing.
 *
 * @example
 * const accumulator = createStreamAccumulator('responses');
 */
export function createStreamAccumulator(operation: OpenAiOperation): StreamAccumulator {
  return new OPERATIONS[operation][2]();
}
