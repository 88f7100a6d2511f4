import type { SpanData } from '../../trace/span-data.js';
import { STATUS_ERROR } from '../../trace/span-status.js';
import { BoundedMap } from './bounded-map.js';
import { ratioSampler, type TraceIdSampler } from './ratio-sampler.js';

/** What a flush does with the spans it took: send now, keep for a later flush, or discard. */
export interface TraceSelection<S extends SpanData> {
  readonly send: S[];
  readonly hold: S[];
  readonly discarded: number;
}

/**
 * The flush-time half of sampling: given the queued spans and the traces that still have open spans,
 * chooses what to send. `final` (shutdown) decides every trace now.
 */
export type TraceSelector = <S extends SpanData>(
  spans: readonly S[],
  openTraceIds: ReadonlySet<string>,
  final: boolean,
) => TraceSelection<S>;

/** A head sampler for new roots, plus the flush-time selector when decisions are deferred. */
export interface TraceSampler {
  readonly sampleRoot: TraceIdSampler;
  readonly select?: TraceSelector;
}

/** How traces are sampled. */
export interface SamplingOptions {
  /** The share of new traces kept, 0 to 1 (parent-based: children follow their parent). Default 1. */
  readonly sampleRatio?: number;
  /**
   * Also keep every trace that has a span with status ERROR, whatever the ratio. Costs recording
   * every trace (the decision moves from span start to flush); traces the ratio rejects and that end
   * without an error are discarded at flush and counted in `buffer.sampledOutSpans`. Default false.
   */
  readonly keepErrorTraces?: boolean;
}

/**
 * Builds the sampler. With `keepErrorTraces` and a ratio below 1, every new root is recorded but the
 * ones the ratio rejects are "provisional": at flush each provisional trace is sent if any of its
 * spans failed, else discarded; a trace that still has open spans is held for a later flush (held
 * spans stay within the buffer's cap). Traces whose sampled flag came from a remote parent are never
 * provisional. Bookkeeping is bounded: at most `maxTrackedTraces` provisional ids (a forgotten one
 * is kept, erring towards data) and as many remembered decisions for late spans.
 *
 * @example
 * const sampler = createTraceSampler({ sampleRatio: 0.1, keepErrorTraces: true });
 */
export function createTraceSampler(options: SamplingOptions = {}, maxTrackedTraces = 4096): TraceSampler {
  const byRatio = ratioSampler(options.sampleRatio);
  const ratio = options.sampleRatio ?? 1;
  if (!options.keepErrorTraces || ratio >= 1) return { sampleRoot: byRatio };
  const provisional = new BoundedMap<string, true>(maxTrackedTraces);
  const decided = new BoundedMap<string, boolean>(maxTrackedTraces);
  // Methods rather than arrow functions: neither uses `this`, and a method carries its name without
  // the name-keeping call a bundler adds to each named arrow function.
  return {
    sampleRoot(traceId) {
      if (!byRatio(traceId)) provisional.set(traceId, true);
      return true;
    },
    select<S extends SpanData>(spans: readonly S[], openTraceIds: ReadonlySet<string>, final: boolean) {
      const send: S[] = [];
      const hold: S[] = [];
      let discarded = 0;
      const pending = new Map<string, S[]>();
      for (const span of spans) {
        const traceId = span.context.traceId;
        const decision = decided.get(traceId);
        if (decision !== undefined) {
          if (decision) send.push(span);
          else discarded++;
        } else if (provisional.has(traceId)) {
          const group = pending.get(traceId);
          if (group) group.push(span);
          else pending.set(traceId, [span]);
        } else send.push(span);
      }
      for (const [traceId, group] of pending) {
        if (!final && openTraceIds.has(traceId)) {
          for (const span of group) hold.push(span);
          continue;
        }
        const keep = group.some((span) => span.status.code === STATUS_ERROR);
        provisional.delete(traceId);
        decided.set(traceId, keep);
        if (keep) for (const span of group) send.push(span);
        else discarded += group.length;
      }
      return { send, hold, discarded };
    },
  };
}
