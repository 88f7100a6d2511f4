// BENCHMARKS.md from one run's results: the table, the goals, the machine, the versions, the command.
import { aiSdkRows } from './ai-sdk-rows.js';
import { aboveFloorShare } from './goals.js';

const PEERS = ['otel-cf-workers', 'sdk-trace-base', 'openinference-core', 'langfuse'];

function n(value, digits = 0) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function mark(met) {
  if (met === null || met === undefined) return '–';
  return met ? 'met' : '**not met**';
}

function bundleRows(bundle, goal) {
  const rows = [];
  for (const [mode, label] of [
    ['wrangler', 'wrangler-like'],
    ['plain', 'plain esbuild'],
  ]) {
    const sizes = bundle[mode];
    const smallest = Math.min(...PEERS.map((peer) => sizes[peer].addedGzipBytes));
    rows.push([
      `Bundle bytes added, gzip -9, ${label} (bare Worker: ${n(sizes.bare.gzipBytes)} B)`,
      `${n(sizes['edge-llmobs'].addedGzipBytes)} B`,
      PEERS.map((peer) => `${peer} ${n(sizes[peer].addedGzipBytes)}`).join('; '),
      `${n(sizes['edge-llmobs'].addedGzipBytes / smallest, 2)}× the smallest`,
      'below every peer',
      mark(goal.met),
    ]);
    const named = sizes['edge-llmobs-openai-only'];
    if (named) {
      rows.push([
        `Bundle bytes added, ${label}, naming OpenAI only (\`edge-llmobs/cloudflare/named\`)`,
        `${n(named.addedGzipBytes)} B`,
        '–',
        `${n(named.addedGzipBytes / smallest, 2)}× the smallest`,
        '–',
        '',
      ]);
    }
  }
  return rows;
}

function spanRows(span, goal) {
  const ns = span.nsPerSpan;
  return [
    [
      'Span path: start, 10 attributes, end into the buffer (ns/span)',
      n(ns['edge-llmobs'], 0),
      `sdk-trace-base Simple ${n(ns['sdk-trace-base-simple'])}; Batch ${n(ns['sdk-trace-base-batch'])} (no-op API span ${n(ns['otel-api-noop'])})`,
      `${n(span.ratioToSimple, 2)}× / ${n(span.ratioToBatch, 2)}×`,
      '≤ 0.15× Simple',
      mark(goal.met),
    ],
  ];
}

function serializeRows(serialize, goal) {
  return Object.entries(serialize.byBatch).map(([size, tools], index) => [
    `OTLP JSON, batch of ${size}: µs/span (bytes/span, gzip bytes/span)`,
    `${n(tools['edge-llmobs'].usPerSpan, 2)} (${n(tools['edge-llmobs'].bytesPerSpan)}, ${n(tools['edge-llmobs'].gzipBytesPerSpan)})`,
    `JsonTraceSerializer ${n(tools['otlp-transformer'].usPerSpan, 2)} (${n(tools['otlp-transformer'].bytesPerSpan)}, ${n(tools['otlp-transformer'].gzipBytesPerSpan)}); JSON.stringify bound ${n(tools.json_stringify.usPerSpan, 2)}`,
    `${n(serialize.ratioToPeer[size], 2)}× peer; ${n(serialize.ratioToLowerBound[size], 2)}× bound`,
    '≤ 0.8× peer, ≤ 1× bound',
    index === 0 ? mark(goal.met) : '',
  ]);
}

function workerdRows(workerd, goal) {
  const us = workerd.medianUs;
  const above = (tool) => (workerd.aboveFloorUs ? `, ${n(workerd.aboveFloorUs[tool])} µs above the floor` : '');
  const rows = [
    [
      `Request in workerd: ${n(workerd.requestsPerWorker)} per Worker, medians paired by round (untraced ${n(us.bare)} µs)`,
      `×${n(workerd.ratio['edge-llmobs'], 3)}, +${n(workerd.addedUs['edge-llmobs'])} µs${above('edge-llmobs')}`,
      `otel-cf-workers ×${n(workerd.ratio['otel-cf-workers'], 3)}, +${n(workerd.addedUs['otel-cf-workers'])} µs${above('otel-cf-workers')} ` +
        `(floor: untraced + one 1.2 KB POST in waitUntil, ×${n(workerd.exportFloor.ratio, 3)}, +${n(workerd.exportFloor.addedUs)} µs)`,
      `${n(aboveFloorShare(workerd), 2)}× the peer's time above the floor`,
      '≤ 0.25× above the floor',
      mark(goal.met),
    ],
  ];
  if (workerd.addedUs['edge-llmobs-batched'] !== undefined) {
    rows.push([
      'Request in workerd, edge-llmobs with `exportSchedule: exportEvery({ requests: 10, ms: 1000 })` (one POST per 10 requests)',
      `×${n(workerd.ratio['edge-llmobs-batched'], 3)}, +${n(workerd.addedUs['edge-llmobs-batched'])} µs${above('edge-llmobs-batched')}`,
      `${n(workerd.exported['edge-llmobs-batched'].requests)} exports for ${n(workerd.requestsPerWorker)} requests`,
      `${n(aboveFloorShare(workerd, 'edge-llmobs-batched'), 2)}× the peer's time above the floor`,
      'an option, measured',
      '',
    ]);
  }
  const cpu = workerd.cpuPerRequestUs;
  if (cpu) {
    const share = workerd.cpuAboveFloorShareOfPeer;
    rows.push([
      "CPU time per request in workerd (user + system of each Worker's workerd process, 10 ms ticks; untraced " +
        `${n(cpu.bare)} µs, floor ${n(cpu['bare-export'])} µs)`,
      `${n(cpu['edge-llmobs'])} µs (batched ${n(cpu['edge-llmobs-batched'])} µs)`,
      `otel-cf-workers ${n(cpu['otel-cf-workers'])} µs`,
      `${n(share['edge-llmobs'], 2)}× (batched ${n(share['edge-llmobs-batched'], 2)}×) the peer's CPU above the floor`,
      'reported',
      '',
    ]);
  }
  return rows;
}

function firstChunkRows(firstChunk, goal) {
  return [
    [
      'First streamed chunk, added (ms, Node, openai SDK)',
      n(firstChunk.addedMs['edge-llmobs'], 3),
      `Arize OpenAI instrumentation ${n(firstChunk.addedMs['arize-openai'], 3)}`,
      `${n(firstChunk.addedMs['edge-llmobs'] - firstChunk.addedMs['arize-openai'], 3)} ms against Arize`,
      '≤ Arize',
      mark(goal.met),
    ],
  ];
}

function memoryRows(memory, goal) {
  const down = memory.collectorDown;
  const mb = (bytes) => `${n(bytes / 1e6, 1)} MB`;
  return [
    [
      `Memory per buffered LLM span (two 2 KB strings alone: ${n(memory.bufferedSpanBytes.strings)} B)`,
      `${n(memory.bufferedSpanBytes['edge-llmobs'])} B`,
      `sdk-trace-base ${n(memory.bufferedSpanBytes['sdk-trace-base'])} B`,
      `${n(memory.ratioToPeer, 2)}×`,
      'bounded, reported',
      mark(goal.met),
    ],
    [
      `Heap held after ${n(down.spans)} spans, collector down`,
      `${mb(down['edge-llmobs'].heapAfterBytes)} (${n(down['edge-llmobs'].droppedSpans)} dropped)`,
      `sdk-trace-base ${mb(down['sdk-trace-base'].heapAfterBytes)}`,
      `${n(down['edge-llmobs'].heapAfterBytes / down['sdk-trace-base'].heapAfterBytes, 1)}×`,
      'bounded',
      '',
    ],
    ...bigPromptRows(memory.bigPromptCollectorDown, mb),
  ];
}

/** Heap held after RAG-sized calls (100 KB prompt, 20 KB reply), collector down; absent in older results. */
function bigPromptRows(big, mb) {
  if (!big) return [];
  return [
    [
      `Heap held after ${n(big.calls)} calls with ${n(big.promptChars / 1000)} KB prompts, ${n(big.replyChars / 1000)} KB replies, collector down`,
      `${mb(big['edge-llmobs'].heapAfterBytes)} (${n(big['edge-llmobs'].droppedSpans)} dropped)`,
      `sdk-trace-base ${mb(big['sdk-trace-base'].heapAfterBytes)}`,
      `${n(big['edge-llmobs'].heapAfterBytes / big['sdk-trace-base'].heapAfterBytes, 2)}×`,
      'bounded (maxQueueBytes 16 MiB)',
      '',
    ],
  ];
}

/** One row per provider module: the gzip bytes its folder adds to the withLlmObs Worker. */
function providerRows(providers) {
  return Object.entries(providers.addedGzipBytes).map(([name, bytes]) => [
    `Provider module ${name} (src/providers/${name}/), gzip -9, wrangler-like`,
    `${n(bytes)} B`,
    '–',
    '–',
    name === 'openai' ? '–' : '≤ 1,500 B',
    name === 'openai' ? '' : bytes <= 1500 ? 'met' : '**not met**',
  ]);
}

function viewerRows(viewer) {
  return [
    [
      `Viewer ingest, ${n(viewer.clients)} clients posting ${n(viewer.spansPerBatch)}-span OTLP JSON batches`,
      `${n(viewer.spansPerSecond)} spans/s`,
      '',
      '',
      '',
      '',
    ],
    [
      `Viewer cost at ${n(viewer.storedSpans)} spans vs ${n(viewer.smallStoreSpans)} (100-span batch, every page and API read)`,
      `worst ×${n(viewer.worstRatio, 2)}`,
      Object.entries(viewer.ratios)
        .map(([key, ratio]) => `${key} ×${n(ratio, 2)}`)
        .join(', '),
      '',
      '≤ 2×',
      '',
    ],
  ];
}

const ROWS = {
  bundle: bundleRows,
  providers: providerRows,
  spanPath: spanRows,
  serialize: serializeRows,
  workerd: workerdRows,
  firstChunk: firstChunkRows,
  memory: memoryRows,
  viewer: viewerRows,
  aiSdk: aiSdkRows,
};

/** The results table as Markdown. */
export function resultsTable(figures, goals) {
  const lines = ['| figure | edge-llmobs | peers (same run) | ratio | goal | |', '|---|---|---|---|---|---|'];
  for (const [figure, rows] of Object.entries(ROWS)) {
    if (!figures[figure]) continue;
    const goal = goals.find((entry) => entry.figure === figure);
    for (const row of rows(figures[figure], goal)) lines.push(`| ${row.join(' | ')} |`);
  }
  return lines.join('\n');
}

// What the rows above are for, and what was tried to make them smaller (issue 16, measured with
// `node bench/run.js --quick --only bundle,providers`; builds are deterministic, so these stay true
// until the code changes).
const BYTES_NOTES = [
  'What the modules are for: `src/providers/openai/` is the OpenAI coverage (Chat Completions with streamed tool ' +
    'calls, Responses, embeddings with base64 vectors, legacy completions, prices); `anthropic/`, `gemini/`, ' +
    '`workers-ai/` one provider each (Workers AI also wraps the `env.AI` binding); `recorder/` the shared span ' +
    'lifecycle, pass-through body, SSE reader, cost and error status; `pipeline/` the buffer, retry, pause and ' +
    'exporter, `prepare/` masking, limits and the credential scrub, `budget/` the byte budget, `otlp/` the JSON ' +
    'encoder, `sampling/` head ratio and error-trace selection; `propagation/` W3C traceparent, tracestate and ' +
    'baggage; `otel/` the `@opentelemetry/api` global bridge; `adapters/cloudflare/` withLlmObs, bindings ' +
    'propagation and queues; `src/*.ts` settings, register, the attribute keys (semconv) and request scopes. ' +
    'Opt-in entries are not in the Worker: `edge-llmobs/protobuf`, `edge-llmobs/gen-ai`, `edge-llmobs/ai-sdk`.',
  '',
  'Levers measured for issue 16 (gzip bytes added, wrangler-like / plain): start 33,596 / 30,404; GenAI conventions ' +
    'behind `edge-llmobs/gen-ai` −593 / −561 (pulled); the three copies of `isPromiseLike`, two header readers and two ' +
    'clocks the merge left made one −65 / −40 (pulled); price tables as compact text instead of object literals +29 ' +
    '(gzip already folds the repeated `"name":b(` shape; not pulled); measured, not pulled because the default would ' +
    'record less: Responses API parsing 1,005, sampling 450, the console exporter 210, all built-in prices 568.',
];

function compositionSection(bundle) {
  const { composition } = bundle;
  const total = bundle.wrangler['edge-llmobs'].gzipBytes;
  const lines = [
    `### Where every byte goes (wrangler-like, ${bundle.edgeWorker} Worker)`,
    '',
    `Per module (folder of src/): the minified bytes its files put in the Worker (from the esbuild ` +
      `source map) and the gzip -9 bytes it costs, measured by removal: the Worker's ${n(total)} gzip bytes ` +
      `minus the gzip bytes of the same output with that module's bytes cut out. What modules share ` +
      `compresses across them, so the column sums to less than the ${n(bundle.wrangler['edge-llmobs'].addedGzipBytes)} ` +
      `bytes added. keepNames (each function's name kept as a string, as wrangler builds) is inside ` +
      `every row; alone it adds ${n(composition.keepNamesGzipBytes)} gzip bytes.`,
    '',
    '| module | minified bytes | gzip bytes (by removal) |',
    '|---|---|---|',
    ...composition.modules.map((row) => `| ${row.module} | ${n(row.bytes)} | ${n(row.gzipBytes)} |`),
    `| sum of the rows | ${n(composition.minifiedBytes)} | ${n(composition.modules.reduce((sum, row) => sum + row.gzipBytes, 0))} |`,
    '',
    `Largest files (gzip bytes by removal): ${composition.topFiles.map((file) => `${file.module} ${n(file.gzipBytes)}`).join(', ')}.`,
  ];
  lines.push('', ...BYTES_NOTES);
  if (bundle.wranglerDryRunAdded) {
    const tools = Object.entries(bundle.wranglerDryRunAdded).filter(([tool]) => tool !== 'bare');
    lines.push(
      '',
      `Cross-check with \`wrangler deploy --dry-run --minify\` (gzip bytes added): ` +
        `${tools.map(([tool, bytes]) => `${tool} ${n(bytes)}`).join(', ')}.`,
    );
  }
  return lines.join('\n');
}

/** The whole BENCHMARKS.md. */
export function benchmarksMarkdown(results) {
  const { meta, goals, figures } = results;
  const versions = Object.entries(meta.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  const durations = Object.entries(meta.durationsSeconds)
    .map(([figure, seconds]) => `${figure} ${n(seconds, 1)} s`)
    .join(', ');
  const sections = [
    '# Benchmarks',
    '',
    `Measured ${meta.date} with \`${meta.command}\` (${meta.quick ? 'quick run' : 'full run'}, ${n(meta.totalSeconds, 0)} s: ${durations}).`,
    '',
    `Machine: ${meta.machine.cpus} × ${meta.machine.cpuModel}, ${n(meta.machine.memoryGB, 0)} GB, ${meta.machine.os}; ` +
      `load average ${meta.loadAverage.start} at the start, ${meta.loadAverage.end} at the end` +
      `${Math.max(meta.loadAverage.start, meta.loadAverage.end) > meta.machine.cpus / 2 ? ' (a busy machine: other work shared the cores, so the figures are noisier than usual)' : ''}. ` +
      `Node ${meta.node}. Source: ${meta.git}.`,
    '',
    `Versions: ${versions}.`,
    '',
    '## Results',
    '',
    'Medians of alternating repetitions; each peer ran in the same run as edge-llmobs. The Worker figures ' +
      `use the ${figures.bundle?.edgeWorker ?? figures.workerd?.edgeWorker ?? 'core'} edge-llmobs Worker ` +
      '(`bench/workers/`); `bench/results.json` holds every number.',
    '',
    resultsTable(figures, goals),
    '',
    '## Goals',
    '',
    ...goals.map(
      (goal) => `- ${goal.met === null ? '–' : goal.met ? 'met' : '**not met**'}: ${goal.goal}. ${goal.detail}.`,
    ),
    '',
    '## How each figure is taken',
    '',
    '- **Bundle**: each tool’s Worker runs the same app (one chat call over fetch); minified esbuild bundle, gzip -9, ' +
      'minus the untraced Worker. Plain esbuild: `--bundle --minify --format=esm`, browser platform. Wrangler-like: ' +
      'conditions `workerd, worker, browser`, `keepNames`, es2024, `NODE_ENV` defined (wrangler 4’s own options), ' +
      `checked against \`wrangler deploy --dry-run\`; compatibility date ${figures.bundle?.compatibilityDate ?? ''}, \`nodejs_compat\`.`,
    '- **Span path**: one process per tool and repetition, the processes alternating; process CPU time over ' +
      '1,000-span batches (GC included; CPU time, not wall time, so other work on a shared machine does not count), ' +
      'buffer drained between batches off the clock; counting no-op exporters; every span is a root span.',
    '- **OTLP JSON**: LLM-shaped spans (20 attributes, two 2 KB strings of varied text), CPU time; every tool ends at ' +
      `UTF-8 bytes; edge-llmobs via ${figures.serialize?.encoder ?? 'its encoder'}; the bound stringifies an OTLP object ` +
      'built beforehand; gzip at zlib’s default level (what CompressionStream sends).',
    `- **workerd**: Miniflare, one workerd per Worker, wrangler-like bundles, ${n(figures.workerd?.requestsPerWorker)} ` +
      'sequential requests per Worker in rotating blocks of 20, each timed from dispatch to the last byte; ratio and ' +
      'added µs are medians over rounds of each block against the untraced block of the same round; spans ' +
      'exported in `ctx.waitUntil` to a local collector, whose counts confirm it: ' +
      `${Object.entries(figures.workerd?.exported ?? {})
        .map(([tool, sent]) => `${tool} ${n(sent.requests)} exports, ${n(sent.bytes)} B`)
        .join('; ')}.`,
    '- **First chunk**: official openai SDK, streamed chat from the local stand-in; traced and untraced calls alternate ' +
      'call by call inside each process; for Arize the CommonJS build is the untraced copy and the builds’ own ' +
      `difference (${n(figures.firstChunk?.arizeBuildControlMs, 3)} ms, measured before patching) is subtracted.`,
    '- **Memory**: heap growth after full GCs (`--expose-gc`), one process per measurement. Collector down: ' +
      `${n((figures.memory?.collectorDown.spans ?? 0) / 100)} requests of 100 spans, each followed by the un-awaited ` +
      'flush a Worker hands to `ctx.waitUntil`, against a closed port; heap held once the last request is done.',
  ];
  if (figures.bundle) sections.push('', compositionSection(figures.bundle));
  const notes = [figures.bundle?.variantNote, figures.workerd?.variantNote].filter(Boolean);
  if (notes.length > 0) sections.push('', '## Notes', '', ...notes.map((note) => `- ${note}`));
  sections.push(
    '',
    `Reproduce: \`${meta.command}\` (about ${n(meta.totalSeconds / 60, 0)} min; \`--quick\` under one).`,
    '',
  );
  return sections.join('\n');
}
