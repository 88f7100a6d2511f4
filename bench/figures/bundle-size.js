// Figure: gzip bytes a tracer adds to a Worker. Each tool's Worker (bench/workers/) runs the same
// app; its minified bundle, gzip -9, minus the untraced Worker's. Built twice: plain esbuild and
// wrangler's options (emulated with esbuild, then cross-checked against `wrangler deploy --dry-run`).
// Builds are deterministic, so each is made once.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { BUILD_MODES, bundleWorker, edgeWorkerVariant, makeBuildDir, ROOT, workerEntry } from '../lib/build.js';
import { runIfMain } from '../lib/figure.js';
import { moduleBytes } from '../lib/module-bytes.js';
import { log } from '../lib/stats.js';

export const TOOLS = ['edge-llmobs', 'otel-cf-workers', 'sdk-trace-base', 'openinference-core', 'langfuse'];
/** The compatibility settings of every bench Worker (otel-cf-workers needs nodejs_compat). */
export const COMPATIBILITY_DATE = '2026-04-01';
export const COMPATIBILITY_FLAGS = ['nodejs_compat'];
/**
 * The adapter Worker with its provider named (`edge-llmobs/cloudflare/named`, `providers:
 * [openAiApi]`): the same app bundling the OpenAI module only. Its sizes are `sizes[OPENAI_ONLY]`.
 */
export const OPENAI_ONLY = 'edge-llmobs-openai-only';

/** Builds every tool's Worker in one mode; returns bytes, gzip bytes and gzip bytes added over bare. */
async function measureMode(mode, variant) {
  const bare = await bundleWorker(workerEntry('bare'), mode);
  const sizes = { bare: { bytes: bare.bytes, gzipBytes: bare.gzipBytes } };
  for (const tool of TOOLS) {
    const bundle = await bundleWorker(workerEntry(tool, variant), mode);
    sizes[tool] = {
      bytes: bundle.bytes,
      gzipBytes: bundle.gzipBytes,
      addedGzipBytes: bundle.gzipBytes - bare.gzipBytes,
    };
  }
  if (variant === 'adapter') {
    const bundle = await bundleWorker(workerEntry(OPENAI_ONLY), mode);
    sizes[OPENAI_ONLY] = {
      bytes: bundle.bytes,
      gzipBytes: bundle.gzipBytes,
      addedGzipBytes: bundle.gzipBytes - bare.gzipBytes,
    };
    log(
      `bundle: ${mode}: edge-llmobs adds ${sizes['edge-llmobs'].addedGzipBytes} B, naming OpenAI only ${sizes[OPENAI_ONLY].addedGzipBytes} B`,
    );
  }
  return { sizes };
}

/**
 * The module (folder of src/) a source-map source belongs to; undefined outside src/ (the app is in
 * the bare Worker too).
 */
function moduleOf(source) {
  const match = source.match(/(?:^|\/)src\/((?:[^/]+\/)*)[^/]+\.ts$/);
  if (!match) return undefined;
  return match[1] ? `src/${match[1]}` : 'src/*.ts';
}

/** The src/ file of a source-map source; undefined outside src/. */
function fileOf(source) {
  const match = source.match(/(?:^|\/)(src\/.+\.ts)$/);
  return match?.[1];
}

/**
 * What the edge-llmobs bundle is made of (wrangler-like build): per module (folder of src/) and per
 * file, the minified bytes it puts in the output and the gzip bytes it costs, measured by removal
 * (bench/lib/module-bytes.js), and the gzip bytes that keepNames alone adds (the same build made
 * again without it).
 */
async function composition(variant) {
  const options = {
    entryPoints: [workerEntry('edge-llmobs', variant)],
    bundle: true,
    write: false,
    format: 'esm',
    minify: true,
    external: ['node:*'],
    logLevel: 'error',
    absWorkingDir: ROOT,
    outfile: join(ROOT, 'bench-worker.js'),
    ...BUILD_MODES.wrangler,
  };
  const mapped = await build({ ...options, sourcemap: 'external' });
  const code = mapped.outputFiles.find((file) => file.path.endsWith('.js')).contents;
  const map = JSON.parse(mapped.outputFiles.find((file) => file.path.endsWith('.map')).text);
  const withoutKeepNames = await build({ ...options, keepNames: false });
  const modules = moduleBytes(code, map, moduleOf);
  return {
    minifiedBytes: modules.reduce((sum, row) => sum + row.bytes, 0),
    modules,
    topFiles: moduleBytes(code, map, fileOf).slice(0, 15),
    keepNamesGzipBytes:
      gzipSync(code, { level: 9 }).length - gzipSync(withoutKeepNames.outputFiles[0].contents, { level: 9 }).length,
  };
}

/** Runs `wrangler deploy --dry-run --minify` for one Worker entry; resolves with its gzip -9 bytes. */
function wranglerDryRun(entry, dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'wrangler.toml'),
    `name = "bench"\nmain = ${JSON.stringify(entry)}\ncompatibility_date = "${COMPATIBILITY_DATE}"\n` +
      `compatibility_flags = ${JSON.stringify(COMPATIBILITY_FLAGS)}\n`,
  );
  const wrangler = join(ROOT, 'node_modules/wrangler/bin/wrangler.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wrangler, 'deploy', '--dry-run', '--minify', '--outdir', 'out'], {
      cwd: dir,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (data) => {
      stderr += data;
    });
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`wrangler exited ${code}: ${stderr.slice(-400)}`));
      const name = entry.split('/').pop();
      resolve(gzipSync(readFileSync(join(dir, 'out', name)), { level: 9 }).length);
    });
  });
}

/** The real wrangler's sizes for every Worker, two builds at a time (one per core). */
async function wranglerCrossCheck(variant) {
  const { dir, remove } = makeBuildDir();
  try {
    const tools = ['bare', ...TOOLS, ...(variant === 'adapter' ? [OPENAI_ONLY] : [])];
    const gzip = {};
    for (let i = 0; i < tools.length; i += 2) {
      await Promise.all(
        tools.slice(i, i + 2).map(async (tool) => {
          gzip[tool] = await wranglerDryRun(workerEntry(tool, variant), join(dir, tool));
        }),
      );
    }
    return Object.fromEntries(tools.map((tool) => [tool, tool === 'bare' ? gzip.bare : gzip[tool] - gzip.bare]));
  } finally {
    remove();
  }
}

/** The figure. */
export async function run() {
  let variant = edgeWorkerVariant();
  let variantNote;
  if (variant === 'adapter') {
    try {
      await bundleWorker(workerEntry('edge-llmobs', 'adapter'), 'plain');
    } catch (error) {
      variantNote = `the withLlmObs Worker did not build (${String(error.message).split('\n')[0]}); the core-API Worker was measured`;
      variant = 'core';
    }
  }
  log(`bundle: building ${TOOLS.length + 1} Workers twice (edge-llmobs Worker: ${variant})`);
  const plain = await measureMode('plain', variant);
  const wrangler = await measureMode('wrangler', variant);
  let wranglerDryRunAdded;
  try {
    wranglerDryRunAdded = await wranglerCrossCheck(variant);
  } catch (error) {
    log(`bundle: wrangler cross-check failed: ${error.message}`);
  }
  return {
    edgeWorker: variant,
    variantNote,
    compatibilityDate: COMPATIBILITY_DATE,
    plain: plain.sizes,
    wrangler: wrangler.sizes,
    wranglerDryRunAdded,
    composition: await composition(variant),
  };
}

await runIfMain(import.meta.url, run);
