// workerd with nodejs_compat, through the Cloudflare adapter: inside the request span the adapter
// opens, @opentelemetry/api sees that span, and a library's span nests under it.
import { context, propagation, trace } from '@opentelemetry/api';
import { withLlmObs } from '../../src/adapters/cloudflare/index.js';

export default withLlmObs(
  {
    async fetch() {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const headers: Record<string, string> = {};
      propagation.inject(context.active(), headers);
      trace.getTracer('library').startSpan('library span').end();
      return Response.json({ spanId: trace.getActiveSpan()?.spanContext().spanId, headers });
    },
  },
  (env: { OTLP_ENDPOINT: string }) => ({ serviceName: 'adapter-otel', endpoint: env.OTLP_ENDPOINT }),
);
