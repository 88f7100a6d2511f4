// The application every bench Worker runs, traced or not: one chat call with a 4 KB prompt to an
// OpenAI-compatible endpoint over fetch. Each Worker imports this same module, so the bytes and the
// work it adds are identical in every bundle and the differences are the tracer's alone.

const PARAGRAPH =
  'You are a support assistant for a bicycle shop. Answer briefly, cite the order number when the customer gives one, ' +
  'and never invent stock levels. Opening hours are 9:00 to 18:00, Monday to Saturday; repairs take two days. ';

/** A system prompt of about 4 KB, built once per isolate. */
export const SYSTEM_PROMPT = PARAGRAPH.repeat(Math.ceil(4096 / PARAGRAPH.length)).slice(0, 4096);

/** The model the bench asks for. */
export const MODEL = 'gpt-4o-mini';

/** The chat request body the Worker sends, as an object (tracers that record input read it). */
export function chatRequest(message) {
  return {
    model: MODEL,
    temperature: 0.2,
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: message },
    ],
  };
}

/** POSTs a chat request with `send` (the runtime's fetch, or a traced one) and returns the completion. */
export async function postChat(env, send, body) {
  const response = await send(`${env.OPENAI_BASE_URL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${env.OPENAI_API_KEY}` },
    body: JSON.stringify(body),
  });
  return response.json();
}

/** The reply text of a chat completion. */
export function replyText(completion) {
  return completion.choices[0].message.content;
}

/** Handles `POST /chat` with `{ "message" }` and answers `{ "reply" }`. */
export async function handleChat(request, env, send) {
  const { message } = await request.json();
  const completion = await postChat(env, send, chatRequest(message));
  return Response.json({ reply: replyText(completion) });
}
