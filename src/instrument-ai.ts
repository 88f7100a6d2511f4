import { currentObsTarget } from './llm-obs.js';
import type { AiBindingLike } from './providers/provider.js';
import { createTracedAi } from './providers/workers-ai/traced-ai.js';
import { workersAiApi } from './providers/workers-ai/workers-ai-api.js';

export type { AiBindingLike } from './providers/provider.js';

/**
 * Returns the Workers AI binding with its `run()` traced: each call becomes an LLM span (an
 * EMBEDDING span for `{ text }` inputs) of the registered instance, in the current context, with
 * the model, messages or prompt, output, tool calls, usage when the model returns it, time to first
 * token for `stream: true` (whose stream yields the binding's own chunks, unchanged), and
 * `llm.provider` `cloudflare`. No cost unless `priceTable` prices the model. Other members of the
 * binding are untouched; wrapping twice wraps once.
 *
 * @example
 * import { instrumentAi, register } from 'edge-llmobs';
 *
 * register({ serviceName: 'chat-app' });
 * export default {
 *   async fetch(request: Request, env: { AI: Ai }) {
 *     const ai = instrumentAi(env.AI);
 *     const { response } = await ai.run('@cf/meta/llama-3.1-8b-instruct', { prompt: 'Hello' });
 *     return new Response(response);
 *   },
 * };
 */
export function instrumentAi<T extends AiBindingLike>(ai: T): T {
  return createTracedAi(ai, currentObsTarget, workersAiApi);
}
