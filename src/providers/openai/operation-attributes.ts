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

/** What the OpenAI module does for one operation (one table, one key set). */
export interface OpenAiOperationHandlers {
  readonly request: (body: unknown) => Attributes;
  readonly response: (body: unknown) => Attributes;
  readonly Stream: new () => StreamAccumulator;
  /** The span name Arize's OpenAI instrumentation uses, so dashboards built on it keep working. */
  readonly spanName: string;
  /** The OpenTelemetry GenAI `gen_ai.operation.name`. */
  readonly genAiOperation: string;
}

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

/**
 * The handlers of each OpenAI operation.
 *
 * @example
 * OPENAI_OPERATIONS.chat.spanName; // 'OpenAI Chat Completions'
 */
export const OPENAI_OPERATIONS: Readonly<Record<OpenAiOperation, OpenAiOperationHandlers>> = {
  chat: {
    request: chatRequestAttributes,
    response: chatResponseAttributes,
    Stream: ChatStreamAccumulator,
    spanName: 'OpenAI Chat Completions',
    genAiOperation: 'chat',
  },
  responses: {
    request: responsesRequestAttributes,
    response: responsesResponseAttributes,
    Stream: ResponsesStreamAccumulator,
    spanName: 'OpenAI Responses',
    genAiOperation: 'chat',
  },
  embeddings: {
    request: embeddingsRequestAttributes,
    response: embeddingsResponseAttributes,
    Stream: NoStreamAccumulator,
    spanName: 'OpenAI Embeddings',
    genAiOperation: 'embeddings',
  },
  completions: {
    request: completionsRequestAttributes,
    response: completionsResponseAttributes,
    Stream: CompletionsStreamAccumulator,
    spanName: 'OpenAI Completions',
    genAiOperation: 'text_completion',
  },
};

/**
 * The OpenInference attributes of a parsed request body, for the route's operation.
 *
 * @example
 * requestAttributes('chat', JSON.parse(await request.clone().text()));
 */
export function requestAttributes(operation: OpenAiOperation, body: unknown): Attributes {
  return OPENAI_OPERATIONS[operation].request(body);
}

/**
 * The OpenInference attributes of a parsed (non-streamed) response body, for the route's operation.
 * Merged over the request attributes, the server-reported model replaces the requested one.
 *
 * @example
 * span.setAttributes(responseAttributes('chat', await response.clone().json()));
 */
export function responseAttributes(operation: OpenAiOperation, body: unknown): Attributes {
  return OPENAI_OPERATIONS[operation].response(body);
}

/**
 * A stream accumulator for the route's operation. Embeddings never stream, so they get one that
 * records nothing.
 *
 * @example
 * const accumulator = createStreamAccumulator('responses');
 */
export function createStreamAccumulator(operation: OpenAiOperation): StreamAccumulator {
  return new OPENAI_OPERATIONS[operation].Stream();
}
