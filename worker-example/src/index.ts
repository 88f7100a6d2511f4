import { Hono } from 'hono';
import { streamText } from 'hono/streaming';
// In your own Worker: import { getRequestScope, withLlmObs } from 'edge-llmobs/cloudflare';
import { getRequestScope, withLlmObs } from '../../src/adapters/cloudflare/index.js';
// In your own Worker: import { aiSdkProcessor } from 'edge-llmobs/ai-sdk';
import { aiSdkProcessor } from '../../src/integrations/ai-sdk/index.js';
import { aiChat } from './ai-chat.js';
import { anthropicChatFor } from './anthropic.js';
import { chatFor, type Env, openAiFor, streamingChatFor } from './chat.js';

// The seed recipe as a Worker: POST /chat { "message" } answers { "reply" }; POST /chat/stream streams
// the reply as text. Session and user come from the x-session-id and x-user-id headers, and every
// span of a turn (the request, the "chat" CHAIN span, the LLM call) carries them and { channel: "web" }.
const app = new Hono<{ Bindings: Env }>();

async function readMessage(request: Request): Promise<string | undefined> {
  const body = (await request.json().catch(() => undefined)) as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : undefined;
}

app.post('/chat', async (c) => {
  const message = await readMessage(c.req.raw);
  if (message === undefined) return c.json({ error: 'send {"message": "..."}' }, 400);
  // The request scope works with and without nodejs_compat; with it, plain `await` keeps context too.
  const llm = getRequestScope(c.executionCtx)!;
  const chat = chatFor(llm, openAiFor(llm, c.env));
  return c.json({ reply: await chat(message) });
});

app.post('/chat/stream', async (c) => {
  const message = await readMessage(c.req.raw);
  if (message === undefined) return c.json({ error: 'send {"message": "..."}' }, 400);
  const llm = getRequestScope(c.executionCtx)!;
  const client = openAiFor(llm, c.env);
  return streamText(c, async (stream) => {
    await streamingChatFor(llm, client, (text) => stream.write(text))(message);
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

export default withLlmObs(app, {
  serviceName: 'chat-app',
  metadata: { channel: 'web' },
  spanProcessors: [aiSdkProcessor()],
});
