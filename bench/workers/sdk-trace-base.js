// The same Worker traced with @opentelemetry/sdk-trace-base directly: a CHAIN root span and an LLM
// span with the OpenInference keys a user sets by hand, exported as OTLP JSON in ctx.waitUntil.
import { context, trace } from '@opentelemetry/api';
import { chatRequest, postChat, replyText } from './app.js';
import { tracerProvider } from './otel-fetch-export.js';

export default {
  async fetch(request, env, ctx) {
    const provider = tracerProvider(env);
    const tracer = provider.getTracer('bench-worker');
    const ids = {
      'session.id': request.headers.get('x-session-id') ?? '',
      'user.id': request.headers.get('x-user-id') ?? '',
    };
    const root = tracer.startSpan('POST /chat', { attributes: { ...ids, 'openinference.span.kind': 'CHAIN' } });
    const body = chatRequest((await request.json()).message);
    const llm = tracer.startSpan(
      'ChatCompletion',
      {
        attributes: {
          ...ids,
          'openinference.span.kind': 'LLM',
          'llm.system': 'openai',
          'llm.model_name': body.model,
          'input.value': JSON.stringify(body),
          'input.mime_type': 'application/json',
        },
      },
      trace.setSpan(context.active(), root),
    );
    try {
      const completion = await postChat(env, fetch, body);
      llm.setAttributes({
        'output.value': JSON.stringify(completion),
        'output.mime_type': 'application/json',
        'llm.token_count.prompt': completion.usage.prompt_tokens,
        'llm.token_count.completion': completion.usage.completion_tokens,
        'llm.token_count.total': completion.usage.total_tokens,
      });
      return Response.json({ reply: replyText(completion) });
    } finally {
      llm.end();
      root.end();
      ctx.waitUntil(provider.forceFlush());
    }
  },
};
