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

/**
 * With `VIEWER_TOKEN` set, every route wants it: exporters send `Authorization: Bearer <token>`
 * (`OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer%20<token>`), and pages also take it as the
 * password of HTTP Basic credentials, because that is the one login a browser asks for by itself.
 * Without the variable the viewer is open, which is why it binds to 127.0.0.1 by default.
 */
export function requireToken(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = c.env.VIEWER_TOKEN;
    if (!token) return next();
    const secret = presentedSecret(c.req.header('authorization'));
    if (secret !== null && (await timingSafeEqual(secret, token))) return next();
    const path = c.req.path;
    if (path.startsWith('/v1/')) {
      const response = statusResponse(
        401,
        { code: RpcCode.unauthenticated, message: 'missing or wrong bearer token' },
        c.req.header('content-type'),
      );
      response.headers.set('www-authenticate', 'Bearer realm="edge-llmobs viewer"');
      return response;
    }
    if (path.startsWith('/api/')) {
      return c.json({ error: 'missing or wrong bearer token' }, 401, {
        'www-authenticate': 'Bearer realm="edge-llmobs viewer"',
      });
    }
    return c.text('This viewer needs its access token (any user name, the token as password).', 401, {
      'www-authenticate': 'Basic realm="edge-llmobs viewer", charset="UTF-8"',
    });
  };
}
