import Anthropic from '@anthropic-ai/sdk';
import type { RequestScope } from '../../src/index.js';
import type { Env } from './chat.js';

const MODEL = 'claude-haiku-4-5';

/**
 * One chat turn with Claude: a CHAIN span named "chat" with the Anthropic Messages LLM span under it
 * (`llm.fetch` records it in this request's context). The real API when ANTHROPIC_API_KEY is set,
 * else the local stand-in `npm start` runs (ANTHROPIC_BASE_URL).
 */
export function anthropicChatFor(llm: RequestScope, env: Env): (message: string) => Promise<string> {
  const client = new Anthropic({
    apiKey: env.ANTHROPIC_API_KEY,
    baseURL: env.ANTHROPIC_BASE_URL || undefined,
    fetch: llm.fetch,
  });
  return llm.tracer.chain(async function chat(message: string): Promise<string> {
    const response = await client.messages.create({
      model: MODEL,
      max_tokens: 512,
      system: 'You are a helpful hiking assistant.',
      messages: [{ role: 'user', content: message }],
    });
    return response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  });
}
