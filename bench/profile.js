// Where a figure's time goes: runs one tool's part of a figure under the V8 profiler and prints the
// functions with the most self time. Not part of `npm run bench`; for the goals it reports as not met.
//   node bench/profile.js span-path [--tool edge-llmobs] [--top 25]
//   node bench/profile.js serialize [--tool edge-llmobs] [--batch 1]
//   node bench/profile.js workerd   [--tool edge-llmobs] [--requests 2000]
// The .cpuprofile is kept (its path is printed) for Chrome DevTools' Performance panel.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Miniflare } from 'miniflare';
import WebSocket from 'ws';
import { COMPATIBILITY_DATE, COMPATIBILITY_FLAGS } from './figures/bundle-size.js';
import { buildEdgeModule, makeBuildDir, ROOT, workerEntry, writeWorker } from './lib/build.js';
import { argValue } from './lib/child.js';
import { startServers } from './lib/servers.js';

/** Self time per function (name and place), largest first, as percentages of the profile. */
export function topFunctions(profile, count) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    total += delta;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const byFunction = new Map();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const key = `${functionName || '(anonymous)'}  ${url ? `${basename(url)}:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  return [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ share: us / total, ms: us / 1000, name }));
}

/**
 * Self time per source file of an un-minified esbuild bundle (esbuild marks each module with a
 * `// path` line); time outside the bundle (workerd's built-ins, idle) is grouped by function name.
 */
export function selfTimeBySource(profile, bundleText, bundleName) {
  const starts = [];
  bundleText.split('\n').forEach((line, index) => {
    const match = line.match(/^\/\/ ((?:src|bench|node_modules)\/\S+)$/);
    if (match) starts.push([index, match[1].replace(/^node_modules\/((?:@[^/]+\/)?[^/]+).*/, '$1')]);
  });
  const sourceOf = (line) => {
    let found = '(bundle prelude)';
    for (const [start, file] of starts) {
      if (start > line) break;
      found = file;
    }
    return found;
  };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const bySource = new Map();
  profile.samples.forEach((id, index) => {
    const { url, functionName, lineNumber } = byId.get(id).callFrame;
    const key = url.endsWith(bundleName) ? sourceOf(lineNumber) : `(runtime) ${functionName || '(anonymous)'}`;
    bySource.set(key, (bySource.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  return [...bySource].sort((a, b) => b[1] - a[1]);
}

/** Runs a figure script's single-tool mode under `node --cpu-prof`; returns the profile. */
function profileNode(script, args, dir) {
  const run = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, script, ...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: process.env,
  });
  if (run.status !== 0) throw new Error(`${script} exited ${run.status}`);
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  return { path: join(dir, file), profile: JSON.parse(readFileSync(join(dir, file), 'utf8')) };
}

/** Sends one DevTools protocol command and waits for its answer. */
function command(socket, id, method, params = {}) {
  return new Promise((resolve, reject) => {
    const onMessage = (data) => {
      const message = JSON.parse(data);
      if (message.id !== id) return;
      socket.off('message', onMessage);
      if (message.error) reject(new Error(message.error.message));
      else resolve(message.result);
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ id, method, params }));
  });
}

/** Profiles one Worker (un-minified, so names survive) in workerd across `requests` requests. */
async function profileWorkerd(tool, requests, dir) {
  const servers = await startServers();
  const build = makeBuildDir();
  const inspectorPort = 9000 + Math.floor(Math.random() * 1000);
  const scriptPath = await writeWorker(workerEntry(tool), 'wrangler', build.dir, tool, { minify: false });
  const bundleText = readFileSync(scriptPath, 'utf8');
  const mf = new Miniflare({
    name: 'bench',
    modules: true,
    scriptPath,
    modulesRoot: build.dir,
    compatibilityDate: COMPATIBILITY_DATE,
    compatibilityFlags: COMPATIBILITY_FLAGS,
    inspectorPort,
    bindings: {
      OPENAI_BASE_URL: servers.openAiUrl,
      OPENAI_API_KEY: 'sk-bench',
      OTEL_EXPORTER_OTLP_ENDPOINT: `${servers.collectorUrl}/${tool}`,
    },
  });
  try {
    await mf.ready;
    const send = async () => {
      const response = await mf.dispatchFetch('http://bench.local/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-session-id': 'sess-bench', 'x-user-id': 'user-bench' },
        body: JSON.stringify({ message: 'Where is my order #48213?' }),
      });
      await response.text();
    };
    for (let i = 0; i < 50; i++) await send();
    const socket = new WebSocket(`ws://127.0.0.1:${inspectorPort}/core:user:bench`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    await command(socket, 1, 'Profiler.enable');
    await command(socket, 2, 'Profiler.setSamplingInterval', { interval: 100 });
    await command(socket, 3, 'Profiler.start');
    for (let i = 0; i < requests; i++) await send();
    const { profile } = await command(socket, 4, 'Profiler.stop');
    socket.close();
    const path = join(dir, `workerd-${tool}.cpuprofile`);
    writeFileSync(path, JSON.stringify(profile));
    return { path, profile, bySource: selfTimeBySource(profile, bundleText, `${tool}.js`), requests };
  } finally {
    await mf.dispose();
    await servers.close();
    build.remove();
  }
}

async function main() {
  const target = process.argv[2];
  const tool = argValue('tool') ?? 'edge-llmobs';
  const top = Number(argValue('top') ?? 25);
  const dir = mkdtempSync(join(tmpdir(), 'edge-llmobs-profile-'));
  // The edge-llmobs module, built un-minified into the profile's directory so names survive.
  process.env.BENCH_EDGE_MODULE = await buildEdgeModule(dir);
  let result;
  if (target === 'span-path') {
    result = profileNode(
      join(ROOT, 'bench/figures/span-path.js'),
      ['--tool', tool, '--batches', '400', '--warmup', '50'],
      dir,
    );
  } else if (target === 'serialize') {
    const batch = argValue('batch') ?? '100';
    const iterations = String(Math.ceil(40_000 / Number(batch)));
    result = profileNode(
      join(ROOT, 'bench/figures/serialize.js'),
      ['--tool', tool, '--batch', batch, '--iterations', iterations],
      dir,
    );
  } else if (target === 'workerd') {
    result = await profileWorkerd(tool, Number(argValue('requests') ?? 1000), dir);
  } else {
    throw new Error('usage: node bench/profile.js span-path|serialize|workerd [--tool name] [--top n]');
  }
  process.stdout.write(`${result.path}\n`);
  if (result.bySource) {
    // The isolate's busy time per request (idle excluded), then where it went by source file.
    const idle = new Set(['(runtime) (idle)']);
    const busyUs = result.bySource.filter(([key]) => !idle.has(key)).reduce((sum, [, us]) => sum + us, 0);
    process.stdout.write(
      `isolate busy ${(busyUs / result.requests).toFixed(1)} µs a request (${result.requests} requests)\n`,
    );
    for (const [key, us] of result.bySource.slice(0, top)) {
      process.stdout.write(`${(us / result.requests).toFixed(1).padStart(8)} µs/request  ${key}\n`);
    }
    // The tracer's own JavaScript by directory (src/...), beside everything else.
    const groups = new Map();
    for (const [key, us] of result.bySource) {
      const group = key.startsWith('src/') ? key.replace(/^(src\/[^/]+\/|src\/)[^/]*$/, '$1') : 'not src/';
      groups.set(group, (groups.get(group) ?? 0) + us);
    }
    process.stdout.write('by directory:\n');
    for (const [group, us] of [...groups].sort((a, b) => b[1] - a[1])) {
      process.stdout.write(`${(us / result.requests).toFixed(1).padStart(8)} µs/request  ${group}\n`);
    }
    return;
  }
  for (const row of topFunctions(result.profile, top)) {
    process.stdout.write(
      `${(row.share * 100).toFixed(1).padStart(5)}%  ${row.ms.toFixed(1).padStart(8)} ms  ${row.name}\n`,
    );
  }
}

await main();
