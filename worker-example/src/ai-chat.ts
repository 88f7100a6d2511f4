import { createOpenAI } from '@ai-sdk/openai';
import { generateText } from 'ai';
import type { RequestScope } from '../../src/index.js';
import type { Env } from './chat.js';

/**
 * The same turn on the Vercel AI SDK: its telemetry goes to the request's tracer (`llm.tracer`) and
 * its HTTP calls through the request's fetch, so the turn nests under the request span, with the
 * session and user from the headers, with and without `nodejs_compat`. The `aiSdkProcessor()` in
 * the Worker's configuration makes its spans OpenInference (a CHAIN over one LLM span per call).
 */
export async function aiChat(llm: RequestScope, env: Env, message: string): Promise<string> {
  const openai = createOpenAI({
    apiKey: env.OPENAI_API_KEY,
    baseURL: env.OPENAI_BASE_URL || undefined,
    fetch: llm.fetch,
  });
  const { text } = await generateText({
    model: openai.chat('gpt-4o-mini'),
    prompt: message,
    experimental_telemetry: { isEnabled: true, tracer: llm.tracer, functionId: 'chat' },
  });
  return text;
}
