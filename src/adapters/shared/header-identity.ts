import type { RequestIdentity } from '../../adapter-api.js';
import { reportError } from '../../report-error.js';

/** Reads a value for a request; may be async (verifying a token with WebCrypto is). */
export type RequestResolver<Env, T> = (request: Request, env: Env) => T | undefined | Promise<T | undefined>;

/**
 * Where a request's session, user and metadata come from. Headers are the default and are set by
 * the client, so anyone can send any id; when ids must be trusted (billing, per-user cost), use the
 * resolvers and take them from a token you verified.
 */
export interface RequestIdentityOptions<Env = unknown> {
  /** Header holding the session id. Default `x-session-id`; `false` reads none. */
  sessionIdHeader?: string | false;
  /** Header holding the user id. Default `x-user-id`; `false` reads none. */
  userIdHeader?: string | false;
  /** Resolves the session id instead of the header, e.g. from a verified JWT claim. */
  sessionId?: RequestResolver<Env, string>;
  /** Resolves the user id instead of the header, e.g. from a verified JWT `sub`. */
  userId?: RequestResolver<Env, string>;
  /** Metadata for every span of the request (recorded as JSON), or a resolver for it. */
  metadata?: Record<string, unknown> | RequestResolver<Env, Record<string, unknown>>;
}

async function attempt<T>(what: string, resolve: () => T | undefined | Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await resolve();
  } catch (error) {
    // A failing resolver loses the attribute, never the request.
    reportError(`resolver-${what}`, `the ${what} resolver threw; the request is traced without it`, error);
    return undefined;
  }
}

/**
 * A request header's value: `name` (or `fallback` when unset); nothing when `name` is `false`.
 *
 * @example
 * fromHeader(request, options.sessionIdHeader, 'x-session-id');
 */
export function fromHeader(request: Request, name: string | false | undefined, fallback: string): string | undefined {
  if (name === false) return undefined;
  return request.headers.get(name ?? fallback) ?? undefined;
}

/** Reads the session, user and metadata of a request; never throws. */
export async function resolveIdentity<Env>(
  request: Request,
  env: Env,
  options: RequestIdentityOptions<Env>,
): Promise<RequestIdentity> {
  const { sessionId, userId, metadata } = options;
  const [session, user, meta] = await Promise.all([
    sessionId
      ? attempt('sessionId', () => sessionId(request, env))
      : fromHeader(request, options.sessionIdHeader, 'x-session-id'),
    userId ? attempt('userId', () => userId(request, env)) : fromHeader(request, options.userIdHeader, 'x-user-id'),
    typeof metadata === 'function' ? attempt('metadata', () => metadata(request, env)) : metadata,
  ]);
  return { sessionId: session, userId: user, metadata: meta };
}
