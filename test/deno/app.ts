// A Deno.serve chat app traced by edge-llmobs/deno, bundled by the test and run with the deno binary.
// The OpenAI client uses the global fetch that `autoInstrument` patches, so its LLM spans find their
// parent ("chat") only through Deno's AsyncLocalStorage, across the SDK's awaits.
import OpenAI from 'openai';
import { withLlmObs } from '../../src/adapters/deno/index.js';
import type { RequestScope } from '../../src/index.js';

declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(
    options: { hostname: string; port: number; onListen(address: { port: number }): void },
    handler: (request: Request, info: unknown) => Promise<Response>,
  ): unknown;
};

function chatFor(llm: RequestScope, client: OpenAI) {
  return llm.tracer.chain(async function chat(message: string): Promise<string> {
    const response = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: message }],
    });
    return response.choices[0]?.message.content ?? '';
  });
}

async function handle(request: Request, _info: unknown, llm: RequestScope): Promise<Response> {
  const { message } = (await request.json()) as { message: string };
  const client = new OpenAI({ apiKey: Deno.env.get('OPENAI_API_KEY'), baseURL: Deno.env.get('OPENAI_BASE_URL') });
  await new Promise((resolve) => setTimeout(resolve, 1));
  return Response.json({ reply: await chatFor(llm, client)(message) });
}

Deno.serve(
  { hostname: '127.0.0.1', port: 0, onListen: ({ port }) => console.log(JSON.stringify({ port })) },
  // The buffer's own timer would send spans only after 10 minutes: what arrives, the per-request flush sent.
  withLlmObs(handle, {
    serviceName: 'chat-app',
    autoInstrument: true,
    metadata: { channel: 'web' },
    scheduledDelayMs: 600_000,
  }),
);
