// The same Worker traced with @arizeai/openinference-core over sdk-trace-base: OITracer, its session
// and user context helpers and getLLMAttributes, exported as OTLP JSON in ctx.waitUntil.
import { getLLMAttributes, OITracer, setSession, setUser } from '@arizeai/openinference-core';
import { context, trace } from '@opentelemetry/api';
import { chatRequest, postChat, replyText } from './app.js';
import { tracerProvider } from './otel-fetch-export.js';

let tracer;

export default {
  async fetch(request, env, ctx) {
    const provider = tracerProvider(env);
    tracer ??= new OITracer({ tracer: provider.getTracer('bench-worker') });
    // Workers without AsyncLocalStorage wiring: the context is passed explicitly.
    const base = setUser(setSession(context.active(), { sessionId: request.headers.get('x-session-id') ?? '' }), {
      userId: request.headers.get('x-user-id') ?? '',
    });
    const root = tracer.startSpan('POST /chat', { attributes: { 'openinference.span.kind': 'CHAIN' } }, base);
    const body = chatRequest((await request.json()).message);
    const llm = tracer.startSpan(
      'ChatCompletion',
      {
        attributes: {
          'openinference.span.kind': 'LLM',
          ...getLLMAttributes({
            provider: 'openai',
            system: 'openai',
            modelName: body.model,
            invocationParameters: { temperature: body.temperature },
            inputMessages: body.messages,
          }),
        },
      },
      trace.setSpan(base, root),
    );
    try {
      const completion = await postChat(env, fetch, body);
      llm.setAttributes(
        getLLMAttributes({
          outputMessages: completion.choices.map((choice) => choice.message),
          tokenCount: {
            prompt: completion.usage.prompt_tokens,
            completion: completion.usage.completion_tokens,
            total: completion.usage.total_tokens,
          },
        }),
      );
      return Response.json({ reply: replyText(completion) });
    } finally {
      llm.end();
      root.end();
      ctx.waitUntil(provider.forceFlush());
    }
  },
};
