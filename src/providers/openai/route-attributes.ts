import type { Attributes } from '@opentelemetry/api';
import { LlmProvider, LlmSystem, SpanKindKey, SpanKinds } from '../../semconv.js';
import { setDefined } from '../recorder/json-shape.js';
import type { OpenAiRoute } from './routes.js';

/**
 * The attributes known from the route alone, before any body is read: the span kind (EMBEDDING for
 * `/embeddings`, LLM otherwise), `llm.system` (always `openai`: the protocol spoken) and
 * `llm.provider` (the vendor, when the host is a known one).
 *
 * @example
 * routeAttributes({ operation: 'chat', provider: 'openai' });
 * // { 'openinference.span.kind': 'LLM', 'llm.system': 'openai', 'llm.provider': 'openai' }
 */
export function routeAttributes(route: OpenAiRoute): Attributes {
  const attributes: Attributes = {
    [SpanKindKey]: route.operation === 'embeddings' ? SpanKinds.embedding : SpanKinds.llm,
    [LlmSystem]: 'openai',
  };
  setDefined(attributes, LlmProvider, route.provider);
  return attributes;
}
