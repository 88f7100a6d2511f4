/** One demo chat turn. */
export interface DemoTurn {
  sessionId: string;
  userId: string;
  metadata: Record<string, string>;
  tags: string[];
  /** Sent to the Worker's streaming route, so the LLM span reports time to first token. */
  stream?: boolean;
  message: string;
  /** The answer the direct mode records (the Worker mode gets the stand-in's). */
  reply: string;
}

export declare const DEMO_TURNS: DemoTurn[];

/** An OTLP JSON span (the shape `spansOf` in test/fixtures/otlp-sink.ts decodes). */
export interface DemoSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: { key: string; value: unknown }[];
  status: { code: number };
}

export declare function turnSpans(turn: DemoTurn, index: number, startMs: number): DemoSpan[];

export declare function demoTraceRequest(options?: { endMs?: number; turns?: DemoTurn[] }): {
  resourceSpans: {
    resource: { attributes: { key: string; value: unknown }[] };
    scopeSpans: { scope: { name: string }; spans: DemoSpan[] }[];
  }[];
};
