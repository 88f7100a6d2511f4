// The same Worker traced by edge-llmobs through its core API, used until the Cloudflare adapter
// (src/adapters/cloudflare/index.ts, `withLlmObs`) exists. It does by hand what the adapter is specified to
// do: one CHAIN root span per request with method, path and status, session and user from the
// headers, the handler run in that context, and the flush handed to ctx.waitUntil.
import { instrumentFetch, register, usingAttributes } from '../../src/index.ts';
import { handleChat } from './app.js';

const tracedFetch = instrumentFetch();
let obs;

export default {
  fetch(request, env, ctx) {
    obs ??= register({ serviceName: 'bench-worker', env });
    const path = new URL(request.url).pathname;
    const ids = {
      sessionId: request.headers.get('x-session-id') ?? undefined,
      userId: request.headers.get('x-user-id') ?? undefined,
    };
    const attributes = { 'openinference.span.kind': 'CHAIN', 'http.request.method': request.method, 'url.path': path };
    return usingAttributes(ids, () =>
      obs.tracer.startActiveSpan(`${request.method} ${path}`, { attributes }, async (span) => {
        try {
          const response = await handleChat(request, env, tracedFetch);
          span.setAttribute('http.response.status_code', response.status);
          return response;
        } catch (error) {
          span.fail(error);
          throw error;
        } finally {
          span.end();
          ctx.waitUntil(obs.forceFlush());
        }
      }),
    );
  },
};
