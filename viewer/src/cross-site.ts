import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';
import { RpcCode, statusResponse } from './otlp/status.js';

/**
 * Refuses writes that a browser makes on behalf of another site: a page elsewhere must not be able
 * to make a logged-in viewer (Basic credentials are sent along by the browser) store spans or
 * feedback. Browsers label every request with `Sec-Fetch-Site` and cross-origin ones with `Origin`;
 * exporters and scripts send neither and pass. Content types are checked by each route (a form can
 * only send text/plain, urlencoded or multipart), and no route answers CORS preflights.
 */
export function refuseCrossSiteWrites(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const sameOrigin = origin === undefined || origin === new URL(c.req.url).origin;
    if ((site === undefined || site === 'same-origin' || site === 'none') && sameOrigin) return next();
    const message = 'cross-site writes are refused: send spans and feedback from a server, not from a page elsewhere';
    if (c.req.path.startsWith('/v1/')) {
      return statusResponse(403, { code: RpcCode.permissionDenied, message }, c.req.header('content-type'));
    }
    return c.json({ error: message }, 403);
  };
}
