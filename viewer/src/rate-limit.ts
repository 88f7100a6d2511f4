import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';
import { RpcCode, statusResponse } from './otlp/status.js';

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Caps writes (ingest and feedback) per credential when deployed: the key is a hash of the
 * Authorization header (never the token itself), or the client address when there is none (a public
 * viewer). Over the limit a write gets 429 with Retry-After, which OTLP exporters retry later. Local
 * runs and deployments without the binding are not limited.
 */
export function limitWrites(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const limiter = c.env.INGEST_LIMITER;
    if (c.req.method !== 'POST' || !limiter || c.env.VIEWER_LOCAL === 'true') return next();
    const credential = c.req.header('authorization');
    const key = credential
      ? `token:${(await sha256Hex(credential)).slice(0, 32)}`
      : `ip:${c.req.header('cf-connecting-ip') ?? ''}`;
    if ((await limiter.limit({ key })).success) return next();
    const message = 'too many write requests for this token; retry after a minute';
    const response = c.req.path.startsWith('/v1/')
      ? statusResponse(429, { code: RpcCode.resourceExhausted, message }, c.req.header('content-type'))
      : Response.json({ error: message }, { status: 429 });
    response.headers.set('retry-after', '60');
    return response;
  };
}
