import type { D1Database } from './d1.js';

/** The Workers rate limiting binding (`[[ratelimits]]` in viewer/wrangler.toml). */
export interface RateLimiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/** The Worker's bindings, as `viewer/wrangler.toml` (or the local runner) declares them. */
export interface Bindings {
  DB: D1Database;
  /** When set, every route requires `Authorization: Bearer <token>` (or Basic with it as password). */
  VIEWER_TOKEN?: string;
  /** Largest accepted OTLP body in bytes, on the wire and after gzip decoding. */
  MAX_BODY_BYTES?: string;
  /** "true" serves the viewer without a token to anyone who can reach it (the pages say so). */
  VIEWER_PUBLIC?: string;
  /** "true" when `npm run viewer` runs it on this machine (set by viewer/scripts/local-viewer.js). */
  VIEWER_LOCAL?: string;
  /** Days a turn is kept after it ends (default 30); enforced by the cron trigger and at local start. */
  VIEWER_RETENTION_DAYS?: string;
  /** Write requests per minute per token when deployed (`[[ratelimits]]` in wrangler.toml). */
  INGEST_LIMITER?: RateLimiter;
  /** Most spans accepted in one OTLP request. */
  MAX_SPANS_PER_REQUEST?: string;
}

/** The Hono environment of every route. */
export type AppEnv = { Bindings: Bindings };

/** 4 MiB: a few thousand spans per batch; the tracer's batches are far smaller. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** 10,000 spans: twenty times an OpenTelemetry exporter's default batch of 512. */
export const DEFAULT_MAX_SPANS_PER_REQUEST = 10_000;

function positiveInteger(value: string | undefined, fallback: number): number {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : fallback;
}

/** The body size limit from the bindings, falling back to the default on a missing or bad value. */
export function maxBodyBytes(env: Bindings): number {
  return positiveInteger(env.MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES);
}

/** The span count limit of one ingest request. */
export function maxSpansPerRequest(env: Bindings): number {
  return positiveInteger(env.MAX_SPANS_PER_REQUEST, DEFAULT_MAX_SPANS_PER_REQUEST);
}
