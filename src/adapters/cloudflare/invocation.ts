import type { Attributes } from '@opentelemetry/api';
import {
  isPromiseLike,
  type LlmObs,
  type RequestScope,
  RequestTrace,
  type RequestTraceStart,
} from '../../adapter-api.js';
import { reportError } from '../../report-error.js';
import { runAfterResponse, type WaitUntil } from '../shared/after-response.js';

// The scope of the invocation whose handler is running synchronously right now (innermost last).
const running: RequestScope[] = [];

/**
 * The request scope of the Durable Object or entrypoint call that is running: call it at the top of
 * an RPC method, an alarm or a WebSocket event, before the first `await` (with `AsyncLocalStorage`
 * the context follows by itself anyway; without it, this scope is the way to keep the call's
 * context). `undefined` outside one.
 *
 * @example
 * import { currentRequestScope } from 'edge-llmobs/cloudflare';
 *
 * export class ChatSession extends DurableObject {
 *   async summarize(text: string): Promise<string> {
 *     const llm = currentRequestScope();
 *     const client = new OpenAI({ apiKey: this.env.OPENAI_API_KEY, fetch: llm?.fetch });
 *     const response = await client.chat.completions.create({
 *       model: 'gpt-4o-mini',
 *       messages: [{ role: 'user', content: `Summarize: ${text}` }],
 *     });
 *     return response.choices[0]?.message.content ?? '';
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
export interface Invocation extends Pick<RequestTraceStart, 'identity' | 'parentHeaders'> {
  readonly obs: LlmObs;
  readonly name: string;
  readonly attributes: Attributes;
  /** The object's own `ctx.waitUntil`, which keeps the flush alive after the call returns. */
  readonly waitUntil: WaitUntil | undefined;
}

/**
 * Runs `call` under a SERVER span (a CHAIN span for LLM backends), a child of the caller's span when
 * `parentHeaders` name one, and flushes the trace in `waitUntil` once it is done. The result or error
 * is passed through; a method that returns (or throws) synchronously still does, so a call the
 * object makes on itself outside a traced call behaves as before.
 */
export function traceInvocation<T>(invocation: Invocation, call: () => T): T {
  const { obs, name, attributes, identity, parentHeaders, waitUntil } = invocation;
  let trace: RequestTrace;
  try {
    trace = new RequestTrace(obs, { name, attributes, identity, parentHeaders });
  } catch (error) {
    reportError('invocation-start', 'could not open the span of a call; it runs untraced', error);
    return call();
  }
  const done = (error?: unknown, failed = false): void => {
    if (failed) trace.fail(error);
    trace.end();
    runAfterResponse(waitUntil, trace.flushAfterEnd());
  };
  let result: T;
  try {
    result = trace.run(() => withCurrentScope(trace.scope, call));
  } catch (error) {
    done(error, true);
    throw error;
  }
  if (!isPromiseLike(result)) {
    done();
    return result;
  }
  // The original promise is returned, so what the caller awaits is exactly what the method returned.
  result.then(
    () => done(),
    (error: unknown) => done(error, true),
  );
  return result;
}
