// esbuild builds for the bench: the edge-llmobs sources as one ESM module for Node (the figures load
// it), and Worker bundles the two ways users build them (plain esbuild, and wrangler's options).
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The repository root (bench/lib/../..). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WORKERS = join(ROOT, 'bench/workers');

/**
 * A fresh temp directory for build output, with a `node_modules` link back to the repository's, so
 * bundles that keep packages external still resolve them.
 */
export function makeBuildDir() {
  const dir = mkdtempSync(join(tmpdir(), 'edge-llmobs-bench-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// Internals the figures measure directly, re-exported when the file exists (src is still growing:
// a figure uses what is there and says what it measured).
const OPTIONAL_EXPORTS = [
  ['src/pipeline/otlp/otlp-json.ts', 'toOtlpTraceRequest'],
  ['src/pipeline/otlp/otlp-encoding.ts', 'httpJson'],
  ['src/pipeline/span-buffer.ts', 'SpanBuffer'],
  ['src/version.ts', 'LIBRARY_NAME'],
];

/** The entry module: src/index.ts plus the internals present in this checkout. */
function edgeEntrySource() {
  const lines = ["export * from './src/index.ts';"];
  for (const [file, name] of OPTIONAL_EXPORTS) {
    const path = join(ROOT, file);
    if (existsSync(path) && new RegExp(`export (const|function|class) ${name}\\b`).test(readFileSync(path, 'utf8'))) {
      lines.push(`export { ${name} } from './${file}';`);
    }
  }
  return lines.join('\n');
}

/**
 * Bundles src/ (the public API and the internals above) for Node into `outDir`, returning the file
 * path. Packages stay external: src has no runtime dependency, and peers load as installed.
 */
export async function buildEdgeModule(outDir) {
  const outfile = join(outDir, 'edge-llmobs.js');
  await build({
    stdin: { contents: edgeEntrySource(), resolveDir: ROOT, sourcefile: 'edge-llmobs-entry.js', loader: 'js' },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return outfile;
}

/** Loads the edge-llmobs module: the one run.js built (BENCH_EDGE_MODULE), or builds it now. */
export async function loadEdgeLlmobs() {
  let file = process.env.BENCH_EDGE_MODULE;
  if (!file) {
    const { dir } = makeBuildDir();
    file = await buildEdgeModule(dir);
    process.env.BENCH_EDGE_MODULE = file;
  }
  return import(file);
}

// Node built-ins stay imports: workerd provides them under nodejs_compat (wrangler does the same for
// the ones workerd implements natively, such as async_hooks, events and buffer).
const NODE_BUILTINS = ['node:*', 'async_hooks', 'events', 'buffer', 'crypto', 'stream', 'util'];

/** esbuild options per build mode. */
export const BUILD_MODES = {
  // What `esbuild --bundle --minify --format=esm` gives a Worker author with no framework.
  plain: { platform: 'browser', target: 'es2022' },
  // What wrangler 4 passes (bundleWorker in wrangler-dist/cli.js): its export conditions, keepNames,
  // es2024, the browser platform (esbuild's default, as WRANGLER_BUILD_PLATFORM is unset) and
  // NODE_ENV defined. The custom conditions drop esbuild's implicit `module` condition, so packages
  // such as @opentelemetry/api resolve to their CommonJS build.
  wrangler: {
    platform: 'browser',
    target: 'es2024',
    conditions: ['workerd', 'worker', 'browser'],
    keepNames: true,
    define: { 'process.env.NODE_ENV': '"production"', 'navigator.userAgent': '"Cloudflare-Workers"' },
  },
};

/** The Worker entry for edge-llmobs: the adapter once src/adapters/cloudflare/index.ts exports withLlmObs, else the core API. */
export function edgeWorkerVariant() {
  const adapter = join(ROOT, 'src/adapters/cloudflare/index.ts');
  const hasAdapter =
    existsSync(adapter) &&
    /export\s+(async\s+)?(function|const|let)\s+withLlmObs\b/.test(readFileSync(adapter, 'utf8'));
  return hasAdapter ? 'adapter' : 'core';
}

/** The Worker entry file of a tool (`bare`, `edge-llmobs`, a peer); `variant` picks edge-llmobs's. */
export function workerEntry(tool, variant = edgeWorkerVariant()) {
  return join(WORKERS, tool === 'edge-llmobs' ? `edge-llmobs-${variant}.js` : `${tool}.js`);
}

/**
 * Bundles a Worker entry, minified, in memory (with esbuild `plugins`, if any). Returns the code, its
 * raw and gzip -9 sizes, and the esbuild metafile (for bundle composition).
 */
export async function bundleWorker(entry, mode, plugins = []) {
  const result = await build({
    plugins,
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    minify: true,
    metafile: true,
    external: NODE_BUILTINS,
    logLevel: 'error',
    absWorkingDir: ROOT,
    ...BUILD_MODES[mode],
  });
  const code = result.outputFiles[0].contents;
  return {
    code,
    bytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    metafile: result.metafile,
  };
}

/**
 * Writes a Worker bundle to `outDir/name.js` for Miniflare: minified as deployed, or not (`minify:
 * false`) so a CPU profile shows the source's function names.
 */
export async function writeWorker(entry, mode, outDir, name, { minify = true } = {}) {
  const outfile = join(outDir, `${name}.js`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    minify,
    external: NODE_BUILTINS,
    logLevel: 'error',
    absWorkingDir: ROOT,
    ...BUILD_MODES[mode],
  });
  return outfile;
}
