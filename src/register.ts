import { createLlmObs } from './create-llm-obs.js';
import type { LlmObs } from './llm-obs.js';
import { ALL_PROVIDERS } from './providers/all-providers.js';
import type { RegisterOptions } from './register-options.js';

export type { RegisterOptions } from './register-options.js';

/**
 * Sets up tracing and returns the handle to it: `tracer`, a traced `fetch`, `forceFlush()`,
 * `shutdown()`, and `scope()` for runtimes without `AsyncLocalStorage`. The newest instance receives
 * the spans of the `using*` helpers' fetches and of `autoInstrument`. Never throws.
 *
 * @example
 * import OpenAI from 'openai';
 * import { register, usingSession } from 'edge-llmobs';
 *
 * const obs = register({ serviceName: 'chat-app', autoInstrument: true });
 * const client = new OpenAI();
 * const chat = obs.tracer.chain(async function chat(message: string) {
 *   const response = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: message }] });
 *   return response.choices[0].message.content;
 * });
 * await usingSession('sess-abc', () => chat('Hello'));
 * await obs.forceFlush();
 */
export function register(options: RegisterOptions = {}): LlmObs {
  return createLlmObs(options, options.providers ?? ALL_PROVIDERS);
}
