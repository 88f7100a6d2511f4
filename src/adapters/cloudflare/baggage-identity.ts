import { SessionId, UserId } from '../../semconv.js';
import type { RequestIdentityOptions } from '../header-identity.js';
import { parseBaggage } from './baggage.js';

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
        parseBaggage(request.headers.get('baggage'))[SessionId] ??
        fromHeader(request, options.sessionIdHeader, 'x-session-id')),
    userId:
      options.userId ??
      ((request: Request) =>
        parseBaggage(request.headers.get('baggage'))[UserId] ?? fromHeader(request, options.userIdHeader, 'x-user-id')),
  };
}
