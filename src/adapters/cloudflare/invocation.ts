import type { Attributes, Context } from '@opentelemetry/api';
import type { LlmObs, RequestScope } from '../../llm-obs.js';
import { reportError } from '../../report-error.js';
import { runAfterResponse, type WaitUntil } from '../after-response.js';
import { RequestTrace } from '../request-root-span.js';

const SERVER = 1;

// The scope of the invocation whose handler is running synchronously right now (innermost last).
const running: RequestScope[] = [];

/**
 * The request scope of the Durable Object or entrypoint call that is running: call it at the top of
 * an RPC method, before the first `await` (with `AsyncLocalStorage` the context follows by itself
 * anyway; without it, this scope is the way to keep the call's context). `undefined` outside one.
 *
 * @example
 * import { currentRequestScope } from 'edge-llmobs/cloudflare';
 *
 * export class ChatSession extends DurableObject {
 *   async append(message: string) {
 *     const llm = currentRequestScope();
 *     await llm?.tracer.chain(async function save() {
 *       await this.ctx.storage.put('last', message);
 *     })();
 *   }
 * }
 */
export function currentRequestScope(): RequestScope | undefined {
  return running[running.length - 1];
}

/** Calls `fn` with `scope` as the current request scope for its synchronous part. */
export function withCurrentScope<T>(scope: RequestScope, fn: () => T): T {
  running.push(scope);
  try {
    return fn();
  } finally {
    running.pop();
  }
}

/** One traced call into a Durable Object or entrypoint that has no HTTP request (RPC, alarm, WebSocket event). */
export interface Invocation {
  readonly obs: LlmObs;
  readonly name: string;
  readonly attributes: Attributes;
  /** The caller's context (remote parent, session, user), or a root context. */
  readonly parent: Context;
  /** The object's own `ctx.waitUntil`, which keeps the flush alive after the call returns. */
  readonly waitUntil: WaitUntil | undefined;
}

function now(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Runs `call` under a SERVER span (a CHAIN span for LLM backends) that is a child of the caller's
 * span, and flushes the trace in `waitUntil` once it is done. The result or error is passed through.
 */
export async function traceInvocation<T>(invocation: Invocation, call: () => T): Promise<Awaited<T>> {
  const { obs, name, attributes, parent, waitUntil } = invocation;
  let trace: RequestTrace;
  try {
    trace = new RequestTrace(obs, name, SERVER, attributes, parent, now());
  } catch (error) {
    reportError('invocation-start', 'could not open the span of a call; it runs untraced', error);
    return await call();
  }
  try {
    return await trace.run(() => withCurrentScope(trace.scope, call));
  } catch (error) {
    trace.fail(error);
    throw error;
  } finally {
    trace.end();
    runAfterResponse(waitUntil, trace.flush());
  }
}
