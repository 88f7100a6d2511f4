import type { Context, SpanContext } from '@opentelemetry/api';
import { ROOT_CONTEXT } from '../../context/context.js';
import { getContextAttributes, withContextAttributes } from '../../context/context-attributes.js';
import { toContextAttributes } from '../../context/using-context.js';
import { SessionId, UserId } from '../../semconv.js';
import { NonRecordingSpan } from '../../trace/non-recording-span.js';
import { setSpan } from '../../trace/tracer.js';
import { parseTraceparent, traceparentHeaders } from '../traceparent.js';
import { formatBaggage, parseBaggage } from './baggage.js';

/**
 * The trace context one invocation hands to the next across a binding: W3C `traceparent`,
 * `tracestate` and a `baggage` holding the session and user. The same fields travel as HTTP headers
 * (stub and service `fetch`), as the last RPC argument and inside a queue message.
 */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
  baggage?: string;
}

/** The carrier naming the active span of `context` and its session and user; `undefined` with no valid span. */
export function carrierFor(context: Context): TraceCarrier | undefined {
  const carrier: TraceCarrier = traceparentHeaders(context);
  if (!carrier.traceparent) return undefined;
  const attributes = getContextAttributes(context);
  const session = attributes[SessionId];
  const user = attributes[UserId];
  const baggage = formatBaggage({
    [SessionId]: typeof session === 'string' ? session : undefined,
    [UserId]: typeof user === 'string' ? user : undefined,
  });
  if (baggage) carrier.baggage = baggage;
  return carrier;
}

/** The session and user a carrier's baggage names. */
export function identityOf(carrier: TraceCarrier | undefined): CarriedIdentity {
  const entries = parseBaggage(carrier?.baggage);
  return { sessionId: entries[SessionId], userId: entries[UserId] };
}

/** A session and user, as a carrier's baggage names them. */
export interface CarriedIdentity {
  sessionId?: string;
  userId?: string;
}

/** A root context with `parent` as remote parent (if any), and the identity and `metadata` as context attributes. */
export function callerContext(
  parent: SpanContext | undefined,
  identity: CarriedIdentity,
  metadata?: Record<string, unknown>,
): Context {
  const context = parent ? setSpan(ROOT_CONTEXT, new NonRecordingSpan(parent)) : ROOT_CONTEXT;
  const attributes = toContextAttributes({ ...identity, metadata });
  return Object.keys(attributes).length > 0 ? withContextAttributes(context, attributes) : context;
}

/**
 * The context a callee starts from: the caller's span as remote parent, the static `metadata` and,
 * when `trustBaggage`, the caller's session and user as context attributes.
 */
export function contextFromCarrier(
  carrier: TraceCarrier | undefined,
  trustBaggage: boolean,
  metadata?: Record<string, unknown>,
): Context {
  const parent = parseTraceparent(carrier?.traceparent, carrier?.tracestate);
  return callerContext(parent, trustBaggage ? identityOf(carrier) : {}, metadata);
}

/** The carrier read from request headers. */
export function carrierFromHeaders(headers: Headers): TraceCarrier {
  return {
    traceparent: headers.get('traceparent') ?? undefined,
    tracestate: headers.get('tracestate') ?? undefined,
    baggage: headers.get('baggage') ?? undefined,
  };
}

// The one-key object an RPC call carries as its last argument. A plain object, because a symbol
// cannot cross an RPC boundary; the long key keeps it apart from any argument of the user's.
const RPC_KEY = '__edgeLlmobsTraceContext';

/** The extra last argument that carries `carrier` over an RPC call. */
export function rpcArgument(carrier: TraceCarrier): Record<string, TraceCarrier> {
  return { [RPC_KEY]: carrier };
}

/** Splits the carrier argument off an RPC call's arguments: the user's arguments and the carrier, if any. */
export function takeRpcCarrier(args: readonly unknown[]): [unknown[], TraceCarrier | undefined] {
  const last = args[args.length - 1] as Record<string, unknown> | null | undefined;
  if (typeof last !== 'object' || last === null || !Object.hasOwn(last, RPC_KEY) || Object.keys(last).length !== 1) {
    return [args as unknown[], undefined];
  }
  return [args.slice(0, -1), last[RPC_KEY] as TraceCarrier];
}

/** The same wrapping for a queue message's body. */
export function queueEnvelope(carrier: TraceCarrier, body: unknown): Record<string, unknown> {
  return { [RPC_KEY]: carrier, body };
}

/** The user's body and the carrier of a queue message, or the body as is when it has no envelope. */
export function openQueueEnvelope(body: unknown): [unknown, TraceCarrier | undefined] {
  const envelope = body as Record<string, unknown> | null | undefined;
  if (typeof envelope !== 'object' || envelope === null || !Object.hasOwn(envelope, RPC_KEY)) return [body, undefined];
  const keys = Object.keys(envelope);
  if (keys.length !== 2 || !Object.hasOwn(envelope, 'body')) return [body, undefined];
  return [envelope.body, envelope[RPC_KEY] as TraceCarrier];
}
