import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { repoRoot } from './viewer-process.js';

// The viewer is also a self-hosted collector: its own wrangler.toml must bundle for Cloudflare, offline.
it('bundles for deployment with `wrangler deploy --dry-run --config viewer/wrangler.toml`', async () => {
  const outdir = await mkdtemp(join(tmpdir(), 'edge-llmobs-viewer-dist-'));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      'node_modules/wrangler/bin/wrangler.js',
      'deploy',
      '--dry-run',
      '--config',
      'viewer/wrangler.toml',
      '--outdir',
      outdir,
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
      timeout: 60_000,
    },
  );
  expect(stdout).toMatch(/env\.DB \(edge-llmobs-viewer\)\s+D1 Database/);
  const bundle = await readFile(join(outdir, 'index.js'), 'utf8');
  expect(bundle).toContain('/v1/traces');
  // The Worker needs no Node compatibility flag: nothing in it imports a node: module.
  expect(bundle).not.toMatch(/from\s*["']node:/);
}, 60_000);
