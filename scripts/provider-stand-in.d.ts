// Types of scripts/provider-stand-in.js.

/** One request the stand-in received. */
export interface RecordedCall {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly bodyText: string;
  readonly body: unknown;
}

/** What the stand-in answers: a JSON body, or Server-Sent Events written one string per write. */
export interface StandInReply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly json?: unknown;
  readonly events?: readonly string[];
}

/** A running stand-in. */
export interface ProviderStandIn {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly requests: RecordedCall[];
  /** The exact bytes sent back for request `index`. */
  sentBytes(index: number): Uint8Array;
  close(): Promise<void>;
}

/** Starts a stand-in whose answers `reply` computes from each request. */
export function startProviderStandIn(
  reply: (call: RecordedCall) => StandInReply,
  options?: { port?: number },
): Promise<ProviderStandIn>;
