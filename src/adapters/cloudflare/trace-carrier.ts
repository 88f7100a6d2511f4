import type { Context } from '@opentelemetry/api';
import {
  type BaggageIdentity,
  baggageIdentity,
  type RequestTraceStart,
  traceContextHeaders,
} from '../../adapter-api.js';

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
  const carrier: TraceCarrier = traceContextHeaders(context);
  return carrier.traceparent ? carrier : undefined;
}

/** The session and user a carrier's baggage names. */
export function identityOf(carrier: TraceCarrier | undefined): BaggageIdentity {
  return baggageIdentity(carrier?.baggage);
}

/**
 * How a callee's root span starts from the caller's carrier: the caller's span as remote parent, the
 * static `metadata` and, when `trustBaggage`, the caller's session and user.
 */
export function startFromCarrier(
  carrier: TraceCarrier | undefined,
  trustBaggage: boolean,
  metadata?: Record<string, unknown>,
): Pick<RequestTraceStart, 'identity' | 'parentHeaders'> {
  const identity = { ...(trustBaggage ? identityOf(carrier) : {}), metadata };
  if (!carrier?.traceparent) return { identity };
  const parentHeaders = new Headers({ traceparent: carrier.traceparent });
  if (carrier.tracestate) parentHeaders.set('tracestate', carrier.tracestate);
  return { identity, parentHeaders };
}

// The one-key object an RPC call carries as its last argument. A plain object, because a symbol
// cannot cross an RPC boundary; the long key keeps it apart from any argument of the user's.
const CARRIER_KEY = '__edgeLlmobsTraceContext';

/** The extra last argument that carries `carrier` over an RPC call. */
export function rpcArgument(carrier: TraceCarrier): Record<string, TraceCarrier> {
  return { [CARRIER_KEY]: carrier };
}

/** Splits the carrier argument off an RPC call's arguments: the user's arguments and the carrier, if any. */
export function takeRpcCarrier(args: readonly unknown[]): [unknown[], TraceCarrier | undefined] {
  const last = args[args.length - 1] as Record<string, unknown> | null | undefined;
  if (
    typeof last !== 'object' ||
    last === null ||
    !Object.hasOwn(last, CARRIER_KEY) ||
    Object.keys(last).length !== 1
  ) {
    return [args as unknown[], undefined];
  }
  return [args.slice(0, -1), last[CARRIER_KEY] as TraceCarrier];
}

/** The same wrapping for a queue message's body. */
export function queueEnvelope(carrier: TraceCarrier, body: unknown): Record<string, unknown> {
  return { [CARRIER_KEY]: carrier, body };
}

/** The user's body and the carrier of a queue message, or the body as is when it has no envelope. */
export function openQueueEnvelope(body: unknown): [unknown, TraceCarrier | undefined] {
  const envelope = body as Record<string, unknown> | null | undefined;
  if (typeof envelope !== 'object' || envelope === null || !Object.hasOwn(envelope, CARRIER_KEY)) {
    return [body, undefined];
  }
  const keys = Object.keys(envelope);
  if (keys.length !== 2 || !Object.hasOwn(envelope, 'body')) return [body, undefined];
  return [envelope.body, envelope[CARRIER_KEY] as TraceCarrier];
}
