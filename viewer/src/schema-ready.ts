import type { MiddlewareHandler } from 'hono';
import type { D1Database } from './d1.js';
import type { AppEnv } from './env.js';
import { RpcCode, statusResponse } from './otlp/status.js';

/**
 * The newest file in viewer/migrations. Nothing is answered until the store has it applied, so a
 * request never meets a missing table (test/viewer/schema.test.ts keeps this in step with the folder).
 */
export const LATEST_MIGRATION = '0002_totals.sql';

const LOCAL_HINT = 'restart `npm run viewer`, which applies viewer/migrations before it listens';
const DEPLOYED_HINT =
  'apply viewer/migrations: npx wrangler d1 migrations apply edge-llmobs-viewer --remote --config viewer/wrangler.toml';

/** The command that creates the tables where this viewer runs. */
export function migrationHint(local: boolean): string {
  return local ? LOCAL_HINT : DEPLOYED_HINT;
}

// Once an isolate has seen the schema it stays ready; tables are never dropped under a running viewer.
const readyStores = new WeakSet<D1Database>();

async function hasLatestMigration(db: D1Database): Promise<boolean> {
  try {
    const row = await db.prepare('SELECT 1 AS ok FROM d1_migrations WHERE name = ?1').bind(LATEST_MIGRATION).first();
    return row !== null;
  } catch {
    // No d1_migrations table: nothing was ever applied.
    return false;
  }
}

/**
 * Answers 503 (which OTLP exporters retry) until the latest migration is applied, with the command
 * that applies it: `npm run viewer` locally, `wrangler d1 migrations apply --remote` when deployed.
 */
export function requireSchema(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const db = c.env.DB;
    if (readyStores.has(db) || (await hasLatestMigration(db))) {
      readyStores.add(db);
      return next();
    }
    const message = `the viewer's tables do not exist yet (${migrationHint(c.env.VIEWER_LOCAL === 'true')})`;
    const headers = { 'retry-after': '5' };
    if (c.req.path.startsWith('/v1/')) {
      const response = statusResponse(503, { code: RpcCode.unavailable, message }, c.req.header('content-type'));
      response.headers.set('retry-after', '5');
      return response;
    }
    return c.json({ error: message }, 503, headers);
  };
}
