import type { Context } from '@opentelemetry/api';
import { getContextAttributes } from '../context/context-attributes.js';
import { SessionId, UserId } from '../semconv.js';
import { formatBaggage, parseBaggage } from './baggage.js';
import { traceparentHeaders } from './traceparent.js';

/** The session and user a `baggage` header names. */
export interface BaggageIdentity {
  sessionId?: string;
  userId?: string;
}

/**
 * The headers that hand the active span of `context` and its session and user to a service of your
 * own: `traceparent` (and `tracestate`) plus a W3C `baggage` with `session.id` and `user.id`. Empty
 * when `context` has no valid span.
 *
 * @example
 * const headers = traceContextHeaders(llm.context);
 * // { traceparent: '00-…-01', baggage: 'session.id=sess-abc,user.id=user-123' }
 */
export function traceContextHeaders(context: Context): Record<string, string> {
  const headers = traceparentHeaders(context);
  if (!headers.traceparent) return headers;
  const attributes = getContextAttributes(context);
  const session = attributes[SessionId];
  const user = attributes[UserId];
  const baggage = formatBaggage({
    [SessionId]: typeof session === 'string' ? session : undefined,
    [UserId]: typeof user === 'string' ? user : undefined,
  });
  if (baggage) headers.baggage = baggage;
  return headers;
}

/**
 * The session and user of a `baggage` header value (other members ignored).
 *
 * @example
 * baggageIdentity('session.id=sess-abc,user.id=user-123'); // { sessionId: 'sess-abc', userId: 'user-123' }
 */
export function baggageIdentity(header: string | null | undefined): BaggageIdentity {
  const entries = parseBaggage(header);
  return { sessionId: entries[SessionId], userId: entries[UserId] };
}
