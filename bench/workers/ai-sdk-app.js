// The AI SDK Worker every AI SDK bundle runs: one generateText call through @ai-sdk/openai, its
// telemetry on `tracer` (none: the AI SDK's own no-op). Only bytes are measured from these Workers.
import { createOpenAI } from '@ai-sdk/openai';
import { generateText } from 'ai';

/** Handles `POST /chat` with `{ "message" }` on the AI SDK and answers `{ "reply" }`. */
export async function handleAiChat(request, env, send, tracer) {
  const { message } = await request.json();
  const openai = createOpenAI({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, fetch: send });
  const { text } = await generateText({
    model: openai.chat('gpt-4o-mini'),
    prompt: message,
    experimental_telemetry: { isEnabled: tracer !== undefined, tracer },
  });
  return Response.json({ reply: text });
}
