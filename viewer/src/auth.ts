import type { MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';
import type { AppEnv } from './env.js';
import { RpcCode, statusResponse } from './otlp/status.js';

/** The secret a request carries: a Bearer token, or the password of Basic credentials. */
function presentedSecret(header: string | undefined): string | null {
  const [scheme, value] = (header ?? '').trim().split(/\s+/, 2);
  if (!scheme || !value) return null;
  if (/^bearer$/i.test(scheme)) return value;
  if (/^basic$/i.test(scheme)) {
    try {
      const decoded = atob(value);
      return decoded.slice(decoded.indexOf(':') + 1);
    } catch {
      return null;
    }
  }
  return null;
}

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const LOOPBACK_IP = /^(127(\.\d{1,3}){3}|::1|::ffff:127(\.\d{1,3}){3})$/i;

/**
 * True when the request reached the viewer on a loopback address from a loopback client: the URL's
 * host (from the Host header) and the client address (`CF-Connecting-IP`, which Cloudflare sets to the
 * real client and Miniflare to the local peer) must both be loopback. A deployed Worker's host is its
 * own domain, so this is never true on Cloudflare; a page on another site that rebinds its DNS name to
 * 127.0.0.1 still sends its own name as Host.
 */
export function isLoopbackRequest(request: Request): boolean {
  const ip = request.headers.get('cf-connecting-ip') ?? '';
  return LOOPBACK_HOST.test(new URL(request.url).hostname) && LOOPBACK_IP.test(ip);
}

/** True when the deployer chose, in writing, to serve the viewer without a token. */
export function isPublic(env: AppEnv['Bindings']): boolean {
  return env.VIEWER_PUBLIC === 'true';
}

function refuse(path: string, contentType: string | undefined, message: string, challenge: string): Response {
  if (path.startsWith('/v1/')) {
    const response = statusResponse(401, { code: RpcCode.unauthenticated, message }, contentType);
    response.headers.set('www-authenticate', 'Bearer realm="edge-llmobs viewer"');
    return response;
  }
  if (path.startsWith('/api/')) {
    return Response.json(
      { error: message },
      { status: 401, headers: { 'www-authenticate': 'Bearer realm="edge-llmobs viewer"' } },
    );
  }
  return new Response(message, {
    status: 401,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': challenge },
  });
}

/** What a request off loopback meets when the viewer has no token: how to set one. */
export const NO_TOKEN_MESSAGE =
  'This viewer has no VIEWER_TOKEN, so it answers only on its own machine. Set one with ' +
  '`npx wrangler secret put VIEWER_TOKEN --config viewer/wrangler.toml` (or, to serve it to anyone, ' +
  'VIEWER_PUBLIC = "true" under [vars]).';

/**
 * Fails closed. With `VIEWER_TOKEN` set, every route wants it: exporters send
 * `Authorization: Bearer <token>` (`OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer%20<token>`), and
 * pages also take it as the password of HTTP Basic credentials, because that is the one login a
 * browser asks for by itself. Without it the viewer answers only loopback requests (local runs), unless
 * `VIEWER_PUBLIC` is "true".
 */
export function requireToken(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = c.env.VIEWER_TOKEN;
    const contentType = c.req.header('content-type');
    if (!token) {
      if (isPublic(c.env) || isLoopbackRequest(c.req.raw)) return next();
      return refuse(c.req.path, contentType, NO_TOKEN_MESSAGE, 'Bearer realm="edge-llmobs viewer"');
    }
    const secret = presentedSecret(c.req.header('authorization'));
    if (secret !== null && (await timingSafeEqual(secret, token))) return next();
    return refuse(
      c.req.path,
      contentType,
      c.req.path.startsWith('/v1/') || c.req.path.startsWith('/api/')
        ? 'missing or wrong bearer token'
        : 'This viewer needs its access token (any user name, the token as password).',
      'Basic realm="edge-llmobs viewer", charset="UTF-8"',
    );
  };
}
