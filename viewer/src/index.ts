import { Hono } from 'hono';
import { requireToken } from './auth.js';
import { refuseCrossSiteWrites } from './cross-site.js';
import type { AppEnv } from './env.js';
import { RpcCode, statusResponse } from './otlp/status.js';
import { api } from './routes/api.js';
import { ingest } from './routes/ingest.js';
import { pages } from './routes/pages.js';
import { migrationHint, requireSchema } from './schema-ready.js';

/** The viewer: OTLP ingest, JSON API and pages; closed off loopback without a token. */
export const app = new Hono<AppEnv>();

app.use(refuseCrossSiteWrites());
app.use(requireToken());
app.use(requireSchema());
app.get('/healthz', (c) => c.text('ok'));
app.route('/', ingest);
app.route('/', api);
app.route('/', pages);

app.onError((error, c) => {
  // A store without tables means the migrations were never applied (a fresh deployment).
  const hint = /no such table/i.test(error.message) ? ` (${migrationHint(c.env.VIEWER_LOCAL === 'true')})` : '';
  console.error(error);
  if (c.req.path.startsWith('/v1/')) {
    // 503 is one of the statuses OTLP clients retry; the batch is not lost to a passing D1 failure.
    return statusResponse(
      503,
      { code: RpcCode.unavailable, message: `could not store spans${hint}` },
      c.req.header('content-type'),
    );
  }
  return c.json({ error: `internal error${hint}` }, 500);
});

export default app;
