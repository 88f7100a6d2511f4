// A Hono chat app traced by the edge-llmobs/hono middleware, served by Bun.serve; bundled by the
// test and run with the bun binary. `instrumentFetch()` reads the ambient context, so the LLM span
// lands under "chat" only through Bun's AsyncLocalStorage.
import { Hono } from 'hono';
import { streamText } from 'hono/streaming';
import OpenAI from 'openai';
import { type LlmObsVariables, llmObs } from '../../src/adapters/hono/index.js';
import { instrumentFetch } from '../../src/index.js';
import { chatFor, streamingChatFor } from '../../worker-example/src/chat.js';

declare const Bun: {
  serve(options: { hostname: string; port: number; fetch: (request: Request) => Response | Promise<Response> }): {
    port: number;
  };
};

const client = new OpenAI({
  apiKey: process.env.OPENAI_API_KEY,
  baseURL: process.env.OPENAI_BASE_URL,
  fetch: instrumentFetch(),
});
const app = new Hono<{ Variables: LlmObsVariables }>();
// The buffer's own timer would send spans only after 10 minutes: what arrives, the per-request flush sent.
app.use(llmObs({ serviceName: 'chat-app', metadata: { channel: 'web' }, scheduledDelayMs: 600_000 }));
app.post('/chat', async (c) => {
  const { message } = await c.req.json<{ message: string }>();
  return c.json({ reply: await chatFor(c.get('llmobs'), client)(message) });
});
app.post('/chat/stream', async (c) => {
  const { message } = await c.req.json<{ message: string }>();
  const llm = c.get('llmobs');
  return streamText(c, async (stream) => {
    await streamingChatFor(llm, client, (text) => stream.write(text))(message);
  });
});

const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: app.fetch });
console.log(JSON.stringify({ port: server.port }));
