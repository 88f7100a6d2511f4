// The same Worker under @microlabs/otel-cf-workers: `instrument()` opens the request span, traces the
// global fetch and exports OTLP JSON in ctx.waitUntil. Session and user go on the request span, as
// its users do by hand.
import { instrument } from '@microlabs/otel-cf-workers';
import { trace } from '@opentelemetry/api';
import { handleChat } from './app.js';

const handler = {
  fetch(request, env) {
    trace.getActiveSpan()?.setAttributes({
      'session.id': request.headers.get('x-session-id') ?? '',
      'user.id': request.headers.get('x-user-id') ?? '',
    });
    return handleChat(request, env, fetch);
  },
};

export default instrument(handler, (env) => ({
  exporter: { url: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces` },
  service: { name: 'bench-worker' },
}));
