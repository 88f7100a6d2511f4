// The goals of issue 7, judged from one run's figures. Each returns whether it is met and the
// figures it was judged on, in words the report can print as they are.

const BUNDLE_LIMIT = 15_000;
const SPAN_RATIO = 0.3;
const LOWER_BOUND_RATIO = 1.2;
const WORKERD_RATIO = 1.1;
const WORKERD_SHARE_OF_PEER = 0.25;
const FIRST_CHUNK_MS = 1;
const PEERS = ['otel-cf-workers', 'sdk-trace-base', 'openinference-core', 'langfuse'];

function bundleGoal(bundle) {
  const added = (mode, tool) => bundle[mode][tool].addedGzipBytes;
  const edge = added('wrangler', 'edge-llmobs');
  const beaten = (mode) => PEERS.filter((peer) => added(mode, 'edge-llmobs') >= added(mode, peer));
  const notBelow = [
    ...beaten('plain').map((peer) => `${peer} (plain)`),
    ...beaten('wrangler').map((peer) => `${peer} (wrangler-like)`),
  ];
  return {
    met: edge <= BUNDLE_LIMIT && notBelow.length === 0,
    detail:
      `${edge} B added (wrangler-like), limit ${BUNDLE_LIMIT}; ` +
      (notBelow.length === 0 ? 'below every peer in both builds' : `not below ${notBelow.join(', ')}`),
  };
}

function spanGoal(span) {
  return {
    met: span.ratioToPeer <= SPAN_RATIO,
    detail: `${span.nsPerSpan['edge-llmobs']} ns a span, ${span.ratioToPeer}× the faster peer processor (limit ${SPAN_RATIO}×)`,
  };
}

function serializeGoal(serialize) {
  const sizes = Object.keys(serialize.ratioToPeer);
  const slower = sizes.filter((size) => serialize.ratioToPeer[size] > 1);
  const far = sizes.filter((size) => serialize.ratioToLowerBound[size] > LOWER_BOUND_RATIO);
  const list = (key) => sizes.map((size) => `${size}: ${serialize[key][size]}×`).join(', ');
  return {
    met: slower.length === 0 && far.length === 0,
    detail: `to the peer ${list('ratioToPeer')}; to the lower bound ${list('ratioToLowerBound')} (limits 1× and ${LOWER_BOUND_RATIO}×)`,
  };
}

function workerdGoal(workerd) {
  const ratio = workerd.ratio['edge-llmobs'];
  const share = workerd.addedShareOfPeer;
  return {
    met: ratio <= WORKERD_RATIO && share <= WORKERD_SHARE_OF_PEER,
    detail:
      `×${ratio} (limit ×${WORKERD_RATIO}); +${workerd.addedUs['edge-llmobs']} µs = ${share} of the peer's ` +
      `+${workerd.addedUs['otel-cf-workers']} µs (limit ${WORKERD_SHARE_OF_PEER})`,
  };
}

function firstChunkGoal(firstChunk) {
  const added = firstChunk.addedMs['edge-llmobs'];
  return { met: added <= FIRST_CHUNK_MS, detail: `+${added} ms (limit ${FIRST_CHUNK_MS} ms)` };
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
  ['bundle', 'bundle ≤ 15,000 B gzip (wrangler-like) and below every peer in both builds', bundleGoal],
  ['spanPath', 'span path ≤ 0.3× the peer', spanGoal],
  ['serialize', 'OTLP JSON no slower than the peer and within 1.2× of the lower bound', serializeGoal],
  ['workerd', 'workerd request ≤ ×1.10 and ≤ ¼ of the peer’s added µs', workerdGoal],
  ['firstChunk', 'first streamed chunk ≤ 1 ms added', firstChunkGoal],
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
