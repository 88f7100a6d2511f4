// A Worker traced by withLlmObs with `exportSchedule: exportEvery({ requests: 10, ms: WINDOW_MS })`:
// each request ends two spans (its root span and an `answer` CHAIN span) tagged with the request's
// `x-session-id`. `/flush` calls `forceFlush()` of `edge-llmobs/cloudflare`, which sends what the
// isolate's withLlmObs instance holds. test/miniflare/export-schedule.test.ts bundles it with esbuild
// and runs it in Miniflare.

import { forceFlush, withLlmObs } from '../../src/adapters/cloudflare/index.js';
import { exportEvery } from '../../src/index.js';

interface Env {
  readonly [binding: string]: unknown;
  OTEL_EXPORTER_OTLP_ENDPOINT: string;
  /** The schedule's window in ms. */
  WINDOW_MS: string;
}

const config = (env: Env) => ({
  serviceName: 'export-schedule-worker',
  env,
  exportSchedule: exportEvery({ requests: 10, ms: Number(env.WINDOW_MS) }),
});

export default withLlmObs<Env>(
  {
    async fetch(request, _env, _ctx, llm) {
      if (new URL(request.url).pathname === '/flush') {
        return Response.json(await forceFlush());
      }
      const answer = llm.tracer.chain(async function answer() {
        return 'ok';
      });
      return new Response(await answer());
    },
  },
  config,
);
