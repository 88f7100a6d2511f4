// Table rows of the AI SDK figure (bench/figures/ai-sdk.js).

const n = (value) => Math.round(value).toLocaleString('en-US');

/** Rows: the AI SDK Worker's bundle, the mapping's bytes, and the span path through the global API. */
export function aiSdkRows(figure) {
  const { bundle, globalSpanPath } = figure;
  const { sizes } = bundle;
  const ns = globalSpanPath.nsPerSpan;
  return [
    [
      `AI SDK Worker bundle, gzip -9, wrangler-like (untraced: ${n(sizes['ai-sdk-bare'].gzipBytes)} B)`,
      `${n(sizes['ai-sdk-edge-llmobs'].gzipBytes)} B (+${n(bundle.addedGzipBytes)} B; the mapping ${n(bundle.mappingGzipBytes)} B)`,
      '',
      '',
      `mapping absent where unused (${n(bundle.integrationBytesInPlainWorker)} B in the plain Worker)`,
      bundle.integrationBytesInPlainWorker === 0 ? 'met' : '**not met**',
    ],
    [
      'Span path through the global API: trace.getTracer(), 10 attributes, end (ns/span)',
      n(ns['edge-llmobs-global']),
      `sdk-trace-base global Simple ${n(ns['sdk-trace-base-simple-global'])}; Batch ${n(ns['sdk-trace-base-batch-global'])}`,
      `${globalSpanPath.ratioToPeer}×`,
      '≤ 0.3×',
      globalSpanPath.ratioToPeer <= 0.3 ? 'met' : '**not met**',
    ],
  ];
}
