import type { Attributes, Context, Link } from '@opentelemetry/api';
import type { LlmObs, RequestScope } from '../llm-obs.js';
import { runAfterResponse } from './after-response.js';
import { PendingWork, type WaitUntilContext } from './pending-work.js';
import { type RequestTraceOptions, startEventTrace } from './request-root-span.js';
import { attachRequestTrace } from './request-scope-registry.js';

/** One invocation without a request (a cron trigger, a queue batch) for {@link traceEvent}. */
export interface TracedEvent<Ctx extends WaitUntilContext> {
  readonly obs: LlmObs;
  readonly options: RequestTraceOptions<never>;
  readonly name: string;
  readonly attributes: Attributes;
  /** A queue consumer (span kind CONSUMER) rather than a trigger (SERVER). */
  readonly consumer: boolean;
  readonly ctx: Ctx;
  /** The context to start from (a queue batch's session and user); default a root context. */
  readonly parent?: Context;
  /** Links of the root span (a queue batch's producers). */
  readonly links?: Link[];
  /** The user's handler, called inside the invocation's context with the tracking ctx. */
  readonly run: (ctx: Ctx, llm: RequestScope) => unknown;
}

/**
 * Runs an event handler under a root span and flushes in `ctx.waitUntil` once it and the promises it
 * handed to `waitUntil` are done. There is no request, so only a static `metadata` applies.
 */
export async function traceEvent<Ctx extends WaitUntilContext>(event: TracedEvent<Ctx>): Promise<unknown> {
  const { obs, options, ctx } = event;
  const pending = new PendingWork();
  const userCtx = ctx ? pending.wrap(ctx) : ctx;
  const metadata = typeof options.metadata === 'function' ? undefined : options.metadata;
  const trace = startEventTrace(obs, event.name, event.attributes, metadata, event.consumer, event.parent);
  if (event.links) trace.span.addLinks(event.links);
  attachRequestTrace(trace, userCtx);
  try {
    return await trace.run(() => event.run(userCtx, trace.scope));
  } catch (error) {
    trace.fail(error);
    throw error;
  } finally {
    trace.end();
    runAfterResponse(ctx ? (promise) => ctx.waitUntil(promise) : undefined, trace.flush(pending));
  }
}
