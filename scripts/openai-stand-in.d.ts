/** Options of the local OpenAI stand-in. */
export interface StandInOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /**
   * Hold each streamed response until `release()` is called: `true` after its first event, a number
   * `n` after its first `n` events.
   */
  streamGate?: boolean | number;
  /** Delay between streamed events; 0 (the default) yields to the event loop between writes. */
  chunkDelayMs?: number;
  /** Line ending of the SSE framing. */
  lineEnding?: '\n' | '\r\n';
  /** Send a `: keep-alive` comment before every streamed event but the first. */
  keepAliveComments?: boolean;
}

/** One request the stand-in received. */
export interface RecordedRequest {
  index: number;
  method: string;
  /** The path without the query, e.g. `/v1/chat/completions`. */
  path: string;
  /** The path with the query. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  bodyText: string;
  /** The parsed JSON body, or `undefined` when it was not JSON. */
  body: unknown;
  /** The HTTP status answered (0 until the answer starts). */
  status: number;
  /** True once the client closed the connection before the answer ended (a cancelled stream). */
  closedByClient: boolean;
}

/** A running stand-in. */
export interface StandIn {
  /** Base URL ending in `/v1`, e.g. `http://127.0.0.1:50123/v1`. */
  url: string;
  requests: RecordedRequest[];
  /** The exact bytes written to the response body of request `index` so far. */
  sentBytes(index: number): Uint8Array;
  /** The same bytes as UTF-8 text. */
  sentText(index: number): string;
  /** Lets one stream held at the gate (or the next one to arrive) go on. */
  release(): void;
  /** Resolves with a request index when its stream reaches the gate (after its first event). */
  gateReached(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Starts the stand-in on 127.0.0.1.
 *
 * @example
 * const standIn = await startOpenAiStandIn({ streamGate: true });
 * const client = new OpenAI({ baseURL: standIn.url, apiKey: 'sk-test' });
 */
export declare function startOpenAiStandIn(options?: StandInOptions): Promise<StandIn>;
