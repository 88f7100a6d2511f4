import { Hono } from 'hono';
import { requireToken } from './auth.js';
import { refuseCrossSiteWrites } from './cross-site.js';
import type { AppEnv, Bindings } from './env.js';
import { RpcCode, statusResponse } from './otlp/status.js';
import { limitWrites } from './rate-limit.js';
import { api } from './routes/api.js';
import { feedback } from './routes/feedback.js';
import { ingest } from './routes/ingest.js';
import { pages } from './routes/pages.js';
import { migrationHint, requireSchema } from './schema-ready.js';
import { CursorError } from './store/cursor.js';
import { FilterError } from './store/read-sessions.js';
import { deleteExpired, retentionDays } from './store/retention.js';

/** The viewer: OTLP ingest, JSON API and pages; closed off loopback without a token. */
export const app = new Hono<AppEnv>();

app.use(refuseCrossSiteWrites());
app.use(requireToken());
app.use(limitWrites());
app.use(requireSchema());
app.get('/healthz', (c) => c.text('ok'));
app.route('/', ingest);
app.route('/', feedback);
app.route('/', api);
app.route('/', pages);

app.onError((error, c) => {
  if (error instanceof CursorError || error instanceof FilterError) return c.json({ error: error.message }, 400);
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

/** The cron trigger of viewer/wrangler.toml (and `npm run viewer` at start): retention. */
export async function scheduled(_controller: unknown, env: Bindings): Promise<void> {
  const deleted = await deleteExpired(env.DB, retentionDays(env.VIEWER_RETENTION_DAYS));
  if (deleted > 0) console.log(`edge-llmobs viewer: deleted ${deleted} turns older than the retention`);
}

export default { fetch: app.fetch, scheduled };
