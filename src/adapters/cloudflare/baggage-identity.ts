import { baggageIdentity } from '../../adapter-api.js';
import { fromHeader, type RequestIdentityOptions } from '../shared/header-identity.js';

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
