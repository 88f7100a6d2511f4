import { type LlmObs, type RequestScope, RequestTrace } from '../../adapter-api.js';
import { reportError } from '../../report-error.js';
import { runAfterResponse, type WaitUntil } from './after-response.js';
import { type RequestIdentityOptions, resolveIdentity } from './header-identity.js';
import type { PendingWork } from './pending-work.js';
import { attachRequestTrace } from './request-scope-registry.js';
import { watchResponseBody } from './response-body.js';

/** How an adapter opens the root span of a request. */
export interface RequestTraceOptions<Env = unknown> extends RequestIdentityOptions<Env> {
  /**
   * Continue the trace named by an incoming `traceparent` (and `tracestate`) header. Default true.
   * As with OTel's parent-based sampling, a parent marked not sampled (flags `00`) means the request is
   * not recorded; turn this off for public endpoints whose clients should not decide that.
   */
  honorTraceparent?: boolean;
}

/** What happens around one traced invocation, whatever the runtime. */
export interface TracedInvocation<T> {
  /** The user's handler, called inside the trace's context. */
  readonly handle: (scope: RequestScope) => T | Promise<T>;
  /** Records what the handler returned and returns what to hand back; ends the root span, now or later. */
  readonly finish: (trace: RequestTrace, result: T) => T;
  readonly waitUntil: WaitUntil | undefined;
  readonly pending?: PendingWork;
}

/**
 * The one lifecycle of a traced invocation: run the handler in the trace, record its failure or its
 * result, end the root span, and flush after the response (after the `waitUntil` work it tracked).
 * The handler's result and error are passed through as they are.
 */
export async function runInTrace<T>(trace: RequestTrace, invocation: TracedInvocation<T>): Promise<T> {
  const flushAfterResponse = () => runAfterResponse(invocation.waitUntil, trace.flushAfterEnd(invocation.pending));
  let result: T;
  try {
    result = await trace.run(() => invocation.handle(trace.scope));
  } catch (error) {
    trace.fail(error);
    trace.end();
    flushAfterResponse();
    throw error;
  }
  let handed = result;
  try {
    handed = invocation.finish(trace, result);
  } catch (error) {
    reportError('adapter-respond', 'could not record the response', error);
    trace.end();
  }
  flushAfterResponse();
  return handed;
}

// A response still being produced when the handler returns: Server-Sent Events, or a body the
// handler declared chunked (Hono's stream helpers do). Other bodies are left exactly as they are.
function declaresStreaming(response: Response): boolean {
  const type = response.headers.get('content-type') ?? '';
  return type.startsWith('text/event-stream') || /chunked/i.test(response.headers.get('transfer-encoding') ?? '');
}

function isResponse(value: unknown): value is Response {
  return typeof value === 'object' && value !== null && typeof (value as Response).status === 'number';
}

/**
 * Records the response and returns what to send: the same response, with the root span ended now,
 * unless the body is still being produced (spans of this trace are open, or the response streams);
 * then a pass-through body that ends the root span when the body has been sent.
 */
function respond(trace: RequestTrace, response: Response): Response {
  if (!isResponse(response)) {
    trace.end();
    return response;
  }
  trace.recordStatus(response.status);
  if (response.body === null || !(trace.hasOpenChildren() || declaresStreaming(response))) {
    trace.end();
    return response;
  }
  return watchResponseBody(response, ({ error, cancelled }) => {
    if (error !== undefined) trace.fail(error);
    if (cancelled) trace.span.setAttribute('http.response.body.cancelled', true);
    trace.end();
  });
}

/**
 * Opens the root span of an HTTP request: `POST /chat`, the HTTP attributes, session, user and
 * metadata from the request, and the incoming `traceparent` unless turned off.
 */
export async function startHttpTrace<Env>(
  obs: LlmObs,
  request: Request,
  env: Env,
  options: RequestTraceOptions<Env>,
): Promise<RequestTrace> {
  const startTime = typeof performance !== 'undefined' ? performance.timeOrigin + performance.now() : Date.now();
  const url = new URL(request.url);
  const identity = await resolveIdentity(request, env, options);
  return new RequestTrace(obs, {
    name: `${request.method} ${url.pathname}`,
    attributes: {
      'http.request.method': request.method,
      'url.path': url.pathname,
      'url.scheme': url.protocol.replace(/:$/, ''),
      'server.address': url.hostname,
    },
    startTime,
    identity,
    parentHeaders: options.honorTraceparent === false ? undefined : request.headers,
  });
}

/** One request for {@link traceRequest}. */
export interface TracedRequest<Env> {
  readonly obs: LlmObs;
  readonly options: RequestTraceOptions<Env>;
  readonly request: Request;
  readonly env: Env;
  /** Objects `getRequestScope()` accepts for this request besides the request itself. */
  readonly keys?: readonly unknown[];
  /** The user's handler, called inside the request's context. */
  readonly handle: (scope: RequestScope) => Response | Promise<Response>;
  /** Called after the handler, before the response is recorded (Hono: the route and its handled error). */
  readonly recordOutcome?: (trace: RequestTrace) => void;
  readonly waitUntil: WaitUntil | undefined;
  readonly pending?: PendingWork;
}

/**
 * Runs a fetch-style handler under a root span and flushes after the response: the request
 * lifecycle of every adapter (Workers, Hono, Vercel, Deno). The handler's response (or error) is
 * passed through as it is; only a still-streaming body is wrapped, chunk for chunk, to know when it ends.
 */
export async function traceRequest<Env>(call: TracedRequest<Env>): Promise<Response> {
  let trace: RequestTrace;
  try {
    trace = await startHttpTrace(call.obs, call.request, call.env, call.options);
    attachRequestTrace(trace, call.request, ...(call.keys ?? []));
  } catch (error) {
    reportError('adapter-start', 'could not open the request span; the request runs untraced', error);
    return call.handle(call.obs.scope());
  }
  return runInTrace(trace, {
    handle: call.handle,
    finish(opened, response) {
      call.recordOutcome?.(opened);
      return respond(opened, response);
    },
    waitUntil: call.waitUntil,
    pending: call.pending,
  });
}
