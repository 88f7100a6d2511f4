import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const WRANGLER = join(ROOT, 'node_modules/wrangler/bin/wrangler.js');

/** Environment for wrangler with no login and no network: no metrics, no update check, no cf.json. */
export const OFFLINE_WRANGLER_ENV = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  NO_COLOR: '1',
};

/** A fresh temporary directory. */
export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `edge-llmobs-${prefix}-`));
}

/**
 * Builds the example Worker the way `npx wrangler deploy --dry-run --outdir <dir>` does (offline) and
 * returns the bundle's path. `config` replaces the root wrangler.toml.
 */
export async function buildWithWrangler(outdir: string, config?: string): Promise<string> {
  const args = [WRANGLER, 'deploy', '--dry-run', '--outdir', outdir];
  if (config) args.push('--config', config);
  await promisify(execFile)(process.execPath, args, { cwd: ROOT, env: OFFLINE_WRANGLER_ENV, timeout: 60_000 });
  return join(outdir, 'index.js');
}

/** The example Worker's wrangler config with no compatibility flag (and its Durable Object), written to `dir`. */
export async function writeNoFlagConfig(dir: string): Promise<string> {
  const path = join(dir, 'wrangler.toml');
  const main = join(ROOT, 'worker-example/src/index.ts');
  await writeFile(
    path,
    [
      'name = "edge-llmobs-chat-noflag"',
      `main = ${JSON.stringify(main)}`,
      'compatibility_date = "2026-03-01"',
      '[[durable_objects.bindings]]',
      'name = "CHAT_HISTORY"',
      'class_name = "ChatHistory"',
      '[[migrations]]',
      'tag = "v1"',
      'new_sqlite_classes = ["ChatHistory"]',
      '',
    ].join('\n'),
  );
  return path;
}

/** Bundles a test entry for a runtime with esbuild, resolving packages with that runtime's conditions. */
export async function bundle(
  entry: string,
  outfile: string,
  options: { conditions: string[]; format?: 'esm' | 'iife'; external?: string[] },
): Promise<string> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: options.format ?? 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: options.conditions,
    mainFields: ['browser', 'module', 'main'],
    external: options.external ?? [],
    logLevel: 'silent',
  });
  return outfile;
}
