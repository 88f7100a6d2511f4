import type { Context, SpanContext } from '@opentelemetry/api';
import { NonRecordingSpan } from '../trace/non-recording-span.js';
import { getSpan, setSpan } from '../trace/tracer.js';
import { parseTraceState } from './trace-state.js';

// The W3C Trace Context `traceparent` grammar: version (never ff), trace id and parent id (never all
// zeros), flags; version 00 has nothing after the flags, later versions may append fields.
const TRACEPARENT = /^\s?((?!ff)[\da-f]{2})-((?![0]{32})[\da-f]{32})-((?![0]{16})[\da-f]{16})-([\da-f]{2})(-.*)?\s?$/;

/**
 * Parses W3C `traceparent` (and `tracestate`) header values into the remote parent's span context,
 * or `undefined` when `traceparent` is missing or malformed. Same results as
 * `@opentelemetry/core`'s `W3CTraceContextPropagator.extract`.
 *
 * @example
 * parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
 * // { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1, isRemote: true }
 */
export function parseTraceparent(
  traceparent: string | null | undefined,
  tracestate?: string | null,
): SpanContext | undefined {
  if (typeof traceparent !== 'string') return undefined;
  const match = TRACEPARENT.exec(traceparent);
  if (!match || (match[1] === '00' && match[5])) return undefined;
  const spanContext: SpanContext = {
    traceId: match[2],
    spanId: match[3],
    traceFlags: Number.parseInt(match[4], 16),
    isRemote: true,
  };
  if (tracestate) spanContext.traceState = parseTraceState(tracestate);
  return spanContext;
}

/**
 * The `traceparent` header value for a span context (version 00), as the W3C propagator injects it.
 *
 * @example
 * formatTraceparent({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 });
 * // '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
 */
export function formatTraceparent(spanContext: SpanContext): string {
  const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

/**
 * `context` with `parent` (a remote span context) as its span, or `context` unchanged without one.
 *
 * @example
 * withParent(ROOT_CONTEXT, parseTraceparent(header)); // children of the caller's span
 */
export function withParent(context: Context, parent: SpanContext | undefined): Context {
  return parent ? setSpan(context, new NonRecordingSpan(parent)) : context;
}

/** `context` with the remote parent named by the request's `traceparent`, or `context` unchanged. */
export function withRemoteParent(context: Context, headers: Headers): Context {
  return withParent(context, parseTraceparent(headers.get('traceparent'), headers.get('tracestate')));
}

/**
 * The `traceparent` (and `tracestate`) headers naming the active span of `context`, for a downstream
 * service of your own; empty when there is no valid span. LLM providers are not sent one by default.
 *
 * @example
 * import { getRequestScope, traceparentHeaders } from 'edge-llmobs/cloudflare';
 *
 * const llm = getRequestScope(ctx);
 * await fetch('https://inventory.internal/check', { headers: llm ? traceparentHeaders(llm.context) : {} });
 */
export function traceparentHeaders(context: Context): Record<string, string> {
  const spanContext = getSpan(context)?.spanContext();
  if (!spanContext || /^0+$/.test(spanContext.traceId) || /^0+$/.test(spanContext.spanId)) return {};
  const headers: Record<string, string> = { traceparent: formatTraceparent(spanContext) };
  const state = spanContext.traceState?.serialize();
  if (state) headers.tracestate = state;
  return headers;
}
