// A Vercel Edge handler traced by edge-llmobs/vercel, bundled as a script and evaluated in an
// edge-runtime sandbox (the runtime `next dev` uses for Edge routes). Two routes: /chat uses the request
// scope (works with or without AsyncLocalStorage); /chat/ambient uses only the ambient API, which
// keeps its parent across `await` only when AsyncLocalStorage is there.
import OpenAI from 'openai';
import { withLlmObs } from '../../src/adapters/vercel/index.js';
import { instrumentFetch } from '../../src/index.js';
import { chatFor } from '../../worker-example/src/chat.js';

declare const process: { env: Record<string, string | undefined> };
interface FetchEventLike {
  request: Request;
  respondWith(response: Promise<Response>): void;
  waitUntil(promise: Promise<unknown>): void;
}
declare function addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;

const handler = withLlmObs(
  async (request, _context, llm) => {
    const { message } = (await request.json()) as { message: string };
    const ambient = new URL(request.url).pathname === '/chat/ambient';
    const client = new OpenAI({
      apiKey: process.env.OPENAI_API_KEY,
      baseURL: process.env.OPENAI_BASE_URL,
      fetch: ambient ? instrumentFetch() : llm.fetch,
    });
    return Response.json({ reply: await chatFor(llm, client)(message) });
  },
  { serviceName: 'chat-app', metadata: { channel: 'web' } },
);

const REQUEST_CONTEXT = Symbol.for('@vercel/request-context');

addEventListener('fetch', (event) => {
  if (event.request.headers.get('x-wait-until-via') === 'request-context') {
    // What Vercel provides to route handlers, whose second argument is `{ params }`.
    (globalThis as Record<symbol, unknown>)[REQUEST_CONTEXT] = {
      get: () => ({ waitUntil: (promise: Promise<unknown>) => event.waitUntil(promise) }),
    };
    event.respondWith(handler(event.request, { params: {} }));
  } else {
    event.respondWith(handler(event.request, { waitUntil: (promise: Promise<unknown>) => event.waitUntil(promise) }));
  }
});
