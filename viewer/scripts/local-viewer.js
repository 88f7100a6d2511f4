// Runs the viewer Worker on this machine: bundles viewer/src with esbuild, starts it in Miniflare
// (workerd) with the bindings viewer/wrangler.toml declares, keeps D1 on disk, and applies
// viewer/migrations the way `wrangler d1 migrations apply --local` does (same `d1_migrations`
// table, same on-disk layout as `--persist-to`), so wrangler's own D1 commands work on the same data.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions, unstable_readConfig, unstable_splitSqlQuery } from 'wrangler';

const viewerDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The viewer's wrangler.toml: one description of the Worker for local runs and deploys. */
export const wranglerConfigPath = join(viewerDir, 'wrangler.toml');
/** Where local state lives unless told otherwise (gitignored). */
export const defaultPersistTo = join(viewerDir, '.data');

/** @typedef {import('./local-viewer.d.ts').LocalViewerOptions} LocalViewerOptions */
/** @typedef {import('./local-viewer.d.ts').LocalViewer} LocalViewer */

async function bundle(entry) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/**
 * Applies the migrations not yet recorded in `d1_migrations`, each in one batch with its record,
 * so a failing migration leaves neither half its statements nor a record behind.
 * @param {import('miniflare').D1Database} db
 * @param {string} migrationsDir
 */
export async function applyMigrations(db, migrationsDir) {
  await db
    .prepare(
      `CREATE TABLE IF NOT EXISTS d1_migrations(
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT UNIQUE,
        applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
      )`,
    )
    .run();
  const applied = new Set((await db.prepare('SELECT name FROM d1_migrations').all()).results.map((row) => row.name));
  const files = (await readdir(migrationsDir)).filter((name) => name.endsWith('.sql')).sort();
  const done = [];
  for (const name of files) {
    if (applied.has(name)) continue;
    const sql = await readFile(join(migrationsDir, name), 'utf8');
    const statements = unstable_splitSqlQuery(sql).map((statement) => db.prepare(statement));
    await db.batch([...statements, db.prepare('INSERT INTO d1_migrations (name) VALUES (?1)').bind(name)]);
    done.push(name);
  }
  return done;
}

/**
 * Starts the viewer.
 * @param {LocalViewerOptions} [options]
 * @returns {Promise<LocalViewer>}
 */
export async function startLocalViewer(options = {}) {
  const persistTo = resolve(options.persistTo ?? defaultPersistTo);
  const config = unstable_readConfig({ config: wranglerConfigPath });
  const { workerOptions, main } = unstable_getMiniflareWorkerOptions(wranglerConfigPath);
  const d1 = config.d1_databases.find((database) => database.binding === 'DB');
  if (!d1) throw new Error(`${wranglerConfigPath} declares no D1 database bound to DB`);

  const mfOptions = {
    ...workerOptions,
    name: config.name,
    modules: [{ type: 'ESModule', path: join(viewerDir, 'index.js'), contents: await bundle(main) }],
    modulesRules: undefined,
    bindings: {
      ...workerOptions.bindings,
      VIEWER_LOCAL: 'true',
      ...(options.token ? { VIEWER_TOKEN: options.token } : {}),
      ...(options.maxBodyBytes ? { MAX_BODY_BYTES: String(options.maxBodyBytes) } : {}),
      ...options.bindings,
    },
    ...(options.ratelimits ? { ratelimits: options.ratelimits } : {}),
    host: '127.0.0.1',
    // Ready means ready: the first runtime listens on a private ephemeral port only while the
    // migrations are applied; the requested address opens once every table exists.
    port: 0,
    // wrangler dev --persist-to <dir> keeps D1 under <dir>/v3/d1.
    d1Persist: join(persistTo, 'v3', 'd1'),
    // The viewer never reads request.cf; without this Miniflare downloads it from cloudflare.com.
    cf: false,
  };
  const mf = new Miniflare(mfOptions);
  try {
    await mf.ready;
    const migrations = options.skipMigrations
      ? []
      : await applyMigrations(await mf.getD1Database('DB'), resolve(viewerDir, d1.migrations_dir ?? 'migrations'));
    // Retention, as the deployed cron trigger runs it.
    if (!options.skipMigrations) await (await mf.getWorker()).scheduled({ cron: 'start' });
    await mf.setOptions({ ...mfOptions, host: options.host ?? '127.0.0.1', port: options.port ?? 4318 });
    const url = await mf.ready;
    return { url: url.origin, persistTo, migrations, mf, dispose: () => mf.dispose() };
  } catch (error) {
    await mf.dispose().catch(() => {});
    throw error;
  }
}
