// `npm run bench` (full, under 10 minutes) and `npm run bench -- --quick` (every figure briefly, under a
// minute). Builds src/ once with esbuild into a temp dir, runs each figure in its own Node process,
// then writes bench/results.json and BENCHMARKS.md (a quick run writes them to a temp dir instead, so
// it never replaces the full figures) and prints the table.
//   --only bundle,spanPath,...   run some figures (their keys are below)
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { buildEdgeModule, makeBuildDir, ROOT } from './lib/build.js';
import { judgeGoals } from './lib/goals.js';
import { benchmarksMarkdown, resultsTable } from './lib/report.js';
import { isQuick } from './lib/stats.js';

/** Figure key → file in bench/figures, in the order they run (cheap ones first). */
const FIGURES = {
  bundle: 'bundle-size.js',
  providers: 'provider-size.js',
  spanPath: 'span-path.js',
  serialize: 'serialize.js',
  memory: 'memory.js',
  firstChunk: 'stream-first-chunk.js',
  workerd: 'workerd-request.js',
  viewer: 'viewer-ingest.js',
  aiSdk: 'ai-sdk.js',
};

const PACKAGES = [
  '@microlabs/otel-cf-workers',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/otlp-transformer',
  '@arizeai/openinference-core',
  '@arizeai/openinference-instrumentation-openai',
  'langfuse',
  'openai',
  'miniflare',
  'workerd',
  'wrangler',
  'esbuild',
];

function selectedFigures(argv) {
  const index = argv.indexOf('--only');
  if (index < 0) return Object.keys(FIGURES);
  const wanted = argv[index + 1].split(',');
  const unknown = wanted.filter((key) => !FIGURES[key]);
  if (unknown.length > 0)
    throw new Error(`unknown figure(s) ${unknown.join(', ')}; known: ${Object.keys(FIGURES).join(', ')}`);
  return wanted;
}

function packageVersion(name) {
  return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/** The commit, and whether src/ differs from it (figures of a dirty tree say so). */
function gitDescription() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${commit} with uncommitted changes in src/ (${dirty.split('\n').length} files)` : commit;
  } catch {
    return 'not a git checkout';
  }
}

function machine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpus: cpus.length,
    memoryGB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** Runs one figure in a child process; resolves with its result (or an error) and its duration. */
function runFigure(file, quick, outFile) {
  const started = performance.now();
  const args = [join(ROOT, 'bench/figures', file), ...(quick ? ['--quick'] : []), '--out', outFile];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
    child.once('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return resolve({ error: `${file} exited ${code}`, seconds });
      resolve({ result: JSON.parse(readFileSync(outFile, 'utf8')), seconds });
    });
  });
}

/** The stable keys of results.json (issue 7), then the goals, the run's facts and every detail. */
function composeResults(figures, goals, meta) {
  const { bundle, providers, spanPath, serialize, workerd, firstChunk, memory, viewer } = figures;
  const added = (mode) =>
    bundle && {
      bare: bundle[mode].bare.gzipBytes,
      ...Object.fromEntries(
        Object.entries(bundle[mode])
          .filter(([tool]) => tool !== 'bare')
          .map(([tool, size]) => [tool, size.addedGzipBytes]),
      ),
    };
  return {
    bundle_gzip_bytes: added('wrangler'),
    bundle_gzip_bytes_plain: added('plain'),
    provider_module_gzip_bytes: providers?.addedGzipBytes,
    span_ns: spanPath?.nsPerSpan,
    serialize_us_per_span: serialize?.usPerSpan,
    workerd_request_ratio: workerd?.ratio,
    workerd_request_added_us: workerd?.addedUs,
    stream_first_chunk_added_ms: firstChunk?.addedMs,
    buffered_span_bytes: memory?.bufferedSpanBytes,
    viewer_ingest_spans_per_second: viewer?.spansPerSecond,
    viewer_full_store_worst_ratio: viewer?.worstRatio,
    heap_after_collector_down_bytes:
      memory &&
      Object.fromEntries(
        Object.entries(memory.collectorDown)
          .filter(([key]) => key !== 'spans')
          .map(([tool, down]) => [tool, down.heapAfterBytes]),
      ),
    goals,
    meta,
    figures,
  };
}

async function main() {
  const argv = process.argv.slice(2);
  const quick = isQuick(argv);
  const selected = selectedFigures(argv);
  const started = performance.now();
  const loadBefore = os.loadavg()[0];
  const build = makeBuildDir();
  const figures = {};
  const durationsSeconds = {};
  const failures = [];
  try {
    process.env.BENCH_EDGE_MODULE = await buildEdgeModule(build.dir);
    for (const key of selected) {
      const { result, error, seconds } = await runFigure(FIGURES[key], quick, join(build.dir, `${key}.json`));
      durationsSeconds[key] = Math.round(seconds * 10) / 10;
      if (error) failures.push(error);
      else figures[key] = result;
    }
  } finally {
    build.remove();
  }
  const totalSeconds = (performance.now() - started) / 1000;
  const meta = {
    date: new Date().toISOString(),
    command: `npm run bench${quick ? ' -- --quick' : ''}${argv.includes('--only') ? ` -- --only ${selected.join(',')}` : ''}`,
    quick,
    node: process.versions.node,
    machine: machine(),
    // Other work on the machine skews every figure; the report says how busy it was.
    loadAverage: { start: Math.round(loadBefore * 100) / 100, end: Math.round(os.loadavg()[0] * 100) / 100 },
    versions: {
      'edge-llmobs': packageVersion('..'),
      ...Object.fromEntries(PACKAGES.map((name) => [name, packageVersion(name)])),
    },
    git: gitDescription(),
    durationsSeconds,
    totalSeconds: Math.round(totalSeconds),
    failures,
  };
  const goals = judgeGoals(figures);
  const results = composeResults(figures, goals, meta);
  // A quick or partial run must not replace the full run's files.
  const partial = quick || argv.includes('--only');
  const outDir = partial ? join(os.tmpdir(), 'edge-llmobs-bench') : ROOT;
  mkdirSync(join(outDir, 'bench'), { recursive: true });
  writeFileSync(join(outDir, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(outDir, 'BENCHMARKS.md'), benchmarksMarkdown(results));
  process.stdout.write(`\n${resultsTable(figures, goals)}\n\n`);
  for (const goal of goals)
    process.stdout.write(`${goal.met === null ? '–' : goal.met ? 'met' : 'NOT MET'}: ${goal.goal}. ${goal.detail}\n`);
  process.stdout.write(
    `\nWrote ${join(outDir, 'bench/results.json')} and ${join(outDir, 'BENCHMARKS.md')} in ${Math.round(totalSeconds)} s.\n`,
  );
  if (failures.length > 0) {
    process.stderr.write(`Failed: ${failures.join('; ')}\n`);
    process.exitCode = 1;
  }
}

await main();
