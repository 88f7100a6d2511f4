import { baggageIdentity } from '../../adapter-api.js';
import type { RequestIdentityOptions } from '../shared/header-identity.js';

function fromHeader(request: Request, name: string | false | undefined, fallback: string): string | undefined {
  return name === false ? undefined : (request.headers.get(name ?? fallback) ?? undefined);
}

/**
 * `options` reading the session and user from the request's W3C `baggage` first, then from the
 * usual headers. Your own `sessionId` / `userId` resolvers still win. Only for requests from your own
 * bindings: on the open internet anyone can send any baggage.
 */
export function withBaggageIdentity<O extends RequestIdentityOptions<never>>(options: O): O {
  return {
    ...options,
    sessionId:
      options.sessionId ??
      ((request: Request) =>
        baggageIdentity(request.headers.get('baggage')).sessionId ??
        fromHeader(request, options.sessionIdHeader, 'x-session-id')),
    userId:
      options.userId ??
      ((request: Request) =>
        baggageIdentity(request.headers.get('baggage')).userId ??
        fromHeader(request, options.userIdHeader, 'x-user-id')),
  };
}
