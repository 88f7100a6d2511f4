/** What syntheticTraceRequest makes. */
export interface SyntheticOptions {
  /** Which batch: ids and sessions derive from it, so the same batch number repeats the same spans. */
  batch: number;
  /** Traces (turns) in the batch, 3 spans each. */
  traces: number;
  /** Users the turns are spread over (default 50). */
  users?: number;
  /** When the first turn starts (default a minute ago). */
  startMs?: number;
  /** Prefix of session and user ids (default "syn"). */
  prefix?: string;
}

export declare function syntheticTraceRequest(options: SyntheticOptions): {
  resourceSpans: { resource: unknown; scopeSpans: { scope: unknown; spans: unknown[] }[] }[];
};
