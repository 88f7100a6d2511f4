import type { LlmObs, RequestScope } from '../../llm-obs.js';
import { reportError } from '../../report-error.js';
import { runAfterResponse, type WaitUntil } from './after-response.js';
import type { PendingWork } from './pending-work.js';
import { type RequestTrace, type RequestTraceOptions, startHttpTrace } from './request-root-span.js';
import { attachRequestTrace } from './request-scope-registry.js';

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
  readonly waitUntil: WaitUntil | undefined;
  readonly pending?: PendingWork;
}

function isResponse(value: unknown): value is Response {
  return typeof value === 'object' && value !== null && typeof (value as Response).status === 'number';
}

/**
 * Runs a fetch-style handler under a root span and flushes after the response: the shared core of
 * the Cloudflare, Vercel and Deno wrappers. The handler's response (or error) is passed through as
 * it is; only a still-streaming body is wrapped, chunk for chunk, to know when it ends.
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
  let response: Response;
  try {
    response = await trace.run(() => call.handle(trace.scope));
  } catch (error) {
    trace.fail(error);
    trace.end();
    runAfterResponse(call.waitUntil, trace.flush(call.pending));
    throw error;
  }
  let sent: Response = response;
  try {
    if (isResponse(response)) sent = trace.respond(response);
    else trace.end();
  } catch (error) {
    reportError('adapter-respond', 'could not record the response', error);
    trace.end();
  }
  runAfterResponse(call.waitUntil, trace.flush(call.pending));
  return sent;
}
