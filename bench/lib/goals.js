// The goals of issues 7 and 16 (the lightest tracer on the edge), judged from one run's figures. Each returns whether it is met and the
// figures it was judged on, in words the report can print as they are.

const SPAN_RATIO_TO_SIMPLE = 0.15;
const SERIALIZE_RATIO = 0.8;
const LOWER_BOUND_RATIO = 1;
const WORKERD_SHARE_ABOVE_FLOOR = 0.25;
const PEERS = ['otel-cf-workers', 'sdk-trace-base', 'openinference-core', 'langfuse'];

function bundleGoal(bundle) {
  const added = (mode, tool) => bundle[mode][tool].addedGzipBytes;
  const beaten = (mode) => PEERS.filter((peer) => added(mode, 'edge-llmobs') >= added(mode, peer));
  const notBelow = [
    ...beaten('plain').map((peer) => `${peer} (plain)`),
    ...beaten('wrangler').map((peer) => `${peer} (wrangler-like)`),
  ];
  return {
    met: notBelow.length === 0,
    detail:
      `${added('wrangler', 'edge-llmobs')} B added (wrangler-like), ${added('plain', 'edge-llmobs')} B (plain); ` +
      (notBelow.length === 0 ? 'below every peer in both builds' : `not below ${notBelow.join(', ')}`),
  };
}

function spanGoal(span) {
  return {
    met: span.ratioToSimple <= SPAN_RATIO_TO_SIMPLE,
    detail: `${span.nsPerSpan['edge-llmobs']} ns a span, ${span.ratioToSimple}× sdk-trace-base Simple (limit ${SPAN_RATIO_TO_SIMPLE}×)`,
  };
}

function serializeGoal(serialize) {
  const sizes = Object.keys(serialize.ratioToPeer);
  const slower = sizes.filter((size) => serialize.ratioToPeer[size] > SERIALIZE_RATIO);
  const far = sizes.filter((size) => serialize.ratioToLowerBound[size] > LOWER_BOUND_RATIO);
  const list = (key) => sizes.map((size) => `${size}: ${serialize[key][size]}×`).join(', ');
  return {
    met: slower.length === 0 && far.length === 0,
    detail: `to the peer ${list('ratioToPeer')}; to the lower bound ${list('ratioToLowerBound')} (limits ${SERIALIZE_RATIO}× and ${LOWER_BOUND_RATIO}×)`,
  };
}

/**
 * The tracer's own time: what a traced request adds above the export floor (one POST of the same bytes
 * in waitUntil), over the peer's; paired per round where the figure gives it, else from the medians.
 */
export function aboveFloorShare(workerd, tool = 'edge-llmobs') {
  const above = workerd.aboveFloorUs;
  if (above) return above[tool] / above['otel-cf-workers'];
  const floor = workerd.exportFloor.addedUs;
  return (workerd.addedUs[tool] - floor) / (workerd.addedUs['otel-cf-workers'] - floor);
}

function workerdGoal(workerd) {
  const share = aboveFloorShare(workerd);
  return {
    met: share <= WORKERD_SHARE_ABOVE_FLOOR,
    detail:
      `+${workerd.addedUs['edge-llmobs']} µs against the peer's +${workerd.addedUs['otel-cf-workers']} µs and the ` +
      `export floor's +${workerd.exportFloor.addedUs} µs: ${share.toFixed(3)} of the peer's time above the floor ` +
      `(limit ${WORKERD_SHARE_ABOVE_FLOOR}; one export per request, the default)`,
  };
}

function firstChunkGoal(firstChunk) {
  const added = firstChunk.addedMs['edge-llmobs'];
  const arize = firstChunk.addedMs['arize-openai'];
  return { met: added <= arize, detail: `+${added} ms, Arize +${arize} ms (limit: no more than Arize)` };
}

// "Bounded": after 100,000 spans with the collector down, the heap the tracer holds is no more than
// twice what a full default queue (2,048 spans) of such spans weighs.
function memoryGoal(memory) {
  const edge = memory.collectorDown['edge-llmobs'];
  const cap = 2 * 2048 * memory.bufferedSpanBytes['edge-llmobs'];
  return {
    met: edge.peakSettledHeapBytes <= cap,
    detail:
      `${memory.bufferedSpanBytes['edge-llmobs']} B a buffered span; after ${memory.collectorDown.spans} spans ` +
      `with the collector down it holds ${(edge.heapAfterBytes / 1e6).toFixed(1)} MB ` +
      `(peak ${(edge.peakSettledHeapBytes / 1e6).toFixed(1)} MB, bound ${(cap / 1e6).toFixed(1)} MB)`,
  };
}

const JUDGES = [
  ['bundle', 'bundle below every peer in both builds', bundleGoal],
  ['spanPath', 'span path ≤ 0.15× sdk-trace-base Simple', spanGoal],
  [
    'serialize',
    'OTLP JSON ≤ 0.8× the peer at every batch size and never above the JSON.stringify bound',
    serializeGoal,
  ],
  ['workerd', 'workerd: time above the export floor ≤ ¼ of the peer’s', workerdGoal],
  ['firstChunk', 'first streamed chunk: no more added than Arize adds', firstChunkGoal],
  ['memory', 'memory bounded with the collector down', memoryGoal],
];

/** Every goal with `met` (true, false, or null when its figure did not run) and its detail. */
export function judgeGoals(figures) {
  return JUDGES.map(([figure, goal, judge]) => {
    if (!figures[figure]) return { figure, goal, met: null, detail: 'figure not run' };
    try {
      return { figure, goal, ...judge(figures[figure]) };
    } catch (error) {
      return { figure, goal, met: null, detail: `could not judge: ${error.message}` };
    }
  });
}
