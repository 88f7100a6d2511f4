import type { D1Database } from './d1.js';

/** The Worker's bindings, as `viewer/wrangler.toml` (or the local runner) declares them. */
export interface Bindings {
  DB: D1Database;
  /** When set, every route requires `Authorization: Bearer <token>` (or Basic with it as password). */
  VIEWER_TOKEN?: string;
  /** Largest accepted OTLP body in bytes, on the wire and after gzip decoding. */
  MAX_BODY_BYTES?: string;
}

/** The Hono environment of every route. */
export type AppEnv = { Bindings: Bindings };

/** 4 MiB: a few thousand spans per batch; the tracer's batches are far smaller. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The body size limit from the bindings, falling back to the default on a missing or bad value. */
export function maxBodyBytes(env: Bindings): number {
  const value = Number(env.MAX_BODY_BYTES);
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_MAX_BODY_BYTES;
}
