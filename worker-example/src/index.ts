import { Hono } from 'hono';
import { streamText } from 'hono/streaming';
// In your own Worker: import { getRequestScope, withLlmObs } from 'edge-llmobs/cloudflare';
import { getRequestScope, withLlmObs } from '../../src/adapters/cloudflare/index.js';
import { aiChat } from './ai-chat.js';
import { anthropicChatFor } from './anthropic.js';
import { type ChatTurn, chatFor, type Env, openAiFor, streamingChatFor } from './chat.js';
import { config } from './config.js';

export { ChatHistory } from './chat-history.js';

// The seed recipe as a Worker: POST /chat { "message" } answers { "reply" }; POST /chat/stream streams
// the reply as text. Session and user come from the x-session-id and x-user-id headers, and every
// span of a turn (the request, the "chat" CHAIN span, the LLM call, the Durable Object's calls)
// carries them and { channel: "web" }. With a session id, the session's Durable Object keeps the
// conversation, so the model sees the earlier turns.
const app = new Hono<{ Bindings: Env }>();

/** The session's history object, or none without a session id (or without the binding). */
function historyOf(env: Env, sessionId: string | undefined) {
  return sessionId && env.CHAT_HISTORY ? env.CHAT_HISTORY.getByName(sessionId) : undefined;
}

/** The earlier turns, then `talk(turns)`, then the new turn saved: each history call a span of the turn. */
async function withHistory(
  env: Env,
  sessionId: string | undefined,
  message: string,
  talk: (history: ChatTurn[]) => Promise<string>,
): Promise<string> {
  const history = historyOf(env, sessionId);
  const reply = await talk((await history?.turns()) ?? []);
  await history?.append({ role: 'user', content: message }, { role: 'assistant', content: reply });
  return reply;
}

async function readMessage(request: Request): Promise<string | undefined> {
  const body = (await request.json().catch(() => undefined)) as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : undefined;
}

app.post('/chat', async (c) => {
  const message = await readMessage(c.req.raw);
  if (message === undefined) return c.json({ error: 'send {"message": "..."}' }, 400);
  // The request scope works with and without nodejs_compat; with it, plain `await` keeps context too.
  const llm = getRequestScope(c.executionCtx)!;
  const client = openAiFor(llm, c.env);
  const reply = await withHistory(c.env, c.req.header('x-session-id'), message, (history) =>
    chatFor(llm, client, history)(message),
  );
  return c.json({ reply });
});

app.post('/chat/stream', async (c) => {
  const message = await readMessage(c.req.raw);
  if (message === undefined) return c.json({ error: 'send {"message": "..."}' }, 400);
  const llm = getRequestScope(c.executionCtx)!;
  const client = openAiFor(llm, c.env);
  return streamText(c, async (stream) => {
    await withHistory(c.env, c.req.header('x-session-id'), message, (history) =>
      streamingChatFor(llm, client, (text) => stream.write(text), history)(message),
    );
  });
});

// The same turn with Claude through the official Anthropic SDK: an "Anthropic Messages" LLM span.
app.post('/chat/anthropic', async (c) => {
  const message = await readMessage(c.req.raw);
  if (message === undefined) return c.json({ error: 'send {"message": "..."}' }, 400);
  const llm = getRequestScope(c.executionCtx)!;
  return c.json({ reply: await anthropicChatFor(llm, c.env)(message) });
});

// The same turn on the Vercel AI SDK: POST /chat/ai { "message" } answers { "reply" }.
app.post('/chat/ai', async (c) => {
  const message = await readMessage(c.req.raw);
  if (message === undefined) return c.json({ error: 'send {"message": "..."}' }, 400);
  return c.json({ reply: await aiChat(getRequestScope(c.executionCtx)!, c.env, message) });
});

export default withLlmObs(app, config);
