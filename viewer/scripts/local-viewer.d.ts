/** Options of the local viewer. */
export interface LocalViewerOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Port; default 4318 (OTLP/HTTP's), 0 picks a free one. */
  port?: number;
  /** Directory for D1's files, laid out like `wrangler dev --persist-to`; default viewer/.data. */
  persistTo?: string;
  /** Sets VIEWER_TOKEN: every route then requires `Authorization: Bearer <token>`. */
  token?: string;
  /** Overrides MAX_BODY_BYTES from wrangler.toml. */
  maxBodyBytes?: number;
  /** Leaves the store without tables: only for tests of the answer a store without them gets. */
  skipMigrations?: boolean;
  /** Overrides the `[[ratelimits]]` of wrangler.toml (Miniflare's option shape). */
  ratelimits?: Record<string, { simple: { limit: number; period?: 10 | 60 } }>;
  /** More Worker bindings (vars), over wrangler.toml's. */
  bindings?: Record<string, string>;
}

/** A running local viewer. */
export interface LocalViewer {
  /** Origin, e.g. `http://127.0.0.1:4318`. */
  url: string;
  persistTo: string;
  /** Migrations applied by this start. */
  migrations: string[];
  /** The Miniflare instance, for tests that read D1 directly. */
  mf: import('miniflare').Miniflare;
  dispose(): Promise<void>;
}

export declare const wranglerConfigPath: string;
export declare const defaultPersistTo: string;
export declare function startLocalViewer(options?: LocalViewerOptions): Promise<LocalViewer>;
