// The same Worker traced with Langfuse v3 (`langfuse`, the fetch-based SDK): a trace with session and
// user, one generation for the chat call, flushed in ctx.waitUntil.
import { Langfuse } from 'langfuse';
import { chatRequest, postChat, replyText } from './app.js';

let langfuse;

export default {
  async fetch(request, env, ctx) {
    langfuse ??= new Langfuse({
      publicKey: env.LANGFUSE_PUBLIC_KEY,
      secretKey: env.LANGFUSE_SECRET_KEY,
      baseUrl: env.LANGFUSE_BASE_URL,
    });
    const body = chatRequest((await request.json()).message);
    const traceClient = langfuse.trace({
      name: 'POST /chat',
      sessionId: request.headers.get('x-session-id') ?? undefined,
      userId: request.headers.get('x-user-id') ?? undefined,
    });
    const generation = traceClient.generation({
      name: 'ChatCompletion',
      model: body.model,
      modelParameters: { temperature: body.temperature },
      input: body.messages,
    });
    try {
      const completion = await postChat(env, fetch, body);
      generation.end({
        output: completion.choices[0].message,
        usage: { input: completion.usage.prompt_tokens, output: completion.usage.completion_tokens },
      });
      return Response.json({ reply: replyText(completion) });
    } finally {
      ctx.waitUntil(langfuse.flushAsync());
    }
  },
};
