import type { Attributes } from '@opentelemetry/api';
import { type LlmObs, type RequestScope, RequestTrace } from '../../adapter-api.js';
import { PendingWork, type WaitUntilContext } from './pending-work.js';
import { type RequestTraceOptions, runInTrace } from './request-lifecycle.js';
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
  /** The user's handler, called inside the invocation's context with the tracking ctx. */
  readonly run: (ctx: Ctx, llm: RequestScope) => unknown;
}

/**
 * Runs an event handler under a root span and flushes in `ctx.waitUntil` once it and the promises it
 * handed to `waitUntil` are done. There is no request, so only a static `metadata` applies.
 */
export function traceEvent<Ctx extends WaitUntilContext>(event: TracedEvent<Ctx>): Promise<unknown> {
  const { obs, options, ctx } = event;
  const pending = new PendingWork();
  const userCtx = ctx ? pending.wrap(ctx) : ctx;
  const metadata = typeof options.metadata === 'function' ? undefined : options.metadata;
  const trace = new RequestTrace(obs, {
    name: event.name,
    consumer: event.consumer,
    attributes: event.attributes,
    identity: { metadata },
  });
  attachRequestTrace(trace, userCtx);
  return runInTrace(trace, {
    handle: (scope) => event.run(userCtx, scope),
    finish(opened, result) {
      opened.end();
      return result;
    },
    waitUntil: ctx ? (promise) => ctx.waitUntil(promise) : undefined,
    pending,
  });
}
