import type { Attributes, Context, Span } from '@opentelemetry/api';
import { ROOT_CONTEXT } from './context/context.js';
import { withContextAttributes } from './context/context-attributes.js';
import { toContextAttributes } from './context/using-context.js';
import type { LlmObs, RequestScope } from './llm-obs.js';
import { withRemoteParent } from './propagation/traceparent.js';
import { reportError } from './report-error.js';
import { HttpResponseStatusCode, SpanKindKey, SpanKinds } from './semconv.js';
import { nowMs } from './trace/clock.js';
import { SPAN_KIND_CONSUMER, SPAN_KIND_SERVER } from './trace/span-data.js';
import { failSpan, STATUS_ERROR } from './trace/span-status.js';
import { getSpan, setSpan } from './trace/tracer.js';

/** The session, user and metadata of one request, put on every span started inside it. */
export interface RequestIdentity {
  sessionId?: string;
  userId?: string;
  metadata?: Record<string, unknown>;
}

/** How an adapter opens the root span of one invocation. */
export interface RequestTraceStart {
  /** The span name: `POST /chat`, `scheduled 0 3 * * *`. */
  readonly name: string;
  /** A queue consumer (span kind CONSUMER) rather than a server or trigger (SERVER). */
  readonly consumer?: boolean;
  readonly attributes: Attributes;
  /** Epoch milliseconds; default now. */
  readonly startTime?: number;
  readonly identity?: RequestIdentity;
  /** Headers whose `traceparent` and `tracestate` name a remote parent to continue. */
  readonly parentHeaders?: Headers;
}

function identityContext(parent: Context, identity: RequestIdentity | undefined): Context {
  if (identity === undefined) return parent;
  const attributes = toContextAttributes(identity);
  return Object.keys(attributes).length > 0 ? withContextAttributes(parent, attributes) : parent;
}

/**
 * The root span of one invocation and the request scope around it: what every adapter opens, runs
 * the handler in, and flushes after the response. The span is a CHAIN span (so LLM backends list the
 * turn) carrying the request's session, user and metadata, which every span started inside inherits.
 */
export class RequestTrace {
  /** The scope the handler runs in, and receives for runtimes without `AsyncLocalStorage`. */
  readonly scope: RequestScope;
  /** The root span. */
  readonly span: Span;
  readonly #obs: LlmObs;
  readonly #ended: Promise<void>;
  #failed = false;
  // The span id of the remote parent, when the trace was continued from a caller.
  readonly #callerSpanId: string | undefined;
  // Set by the Promise executor, which runs synchronously in the constructor.
  #markEnded!: () => void;

  constructor(obs: LlmObs, start: RequestTraceStart) {
    this.#obs = obs;
    this.#ended = new Promise((resolve) => {
      this.#markEnded = resolve;
    });
    const remote = start.parentHeaders ? withRemoteParent(ROOT_CONTEXT, start.parentHeaders) : ROOT_CONTEXT;
    this.#callerSpanId = remote === ROOT_CONTEXT ? undefined : getSpan(remote)?.spanContext().spanId;
    const parent = identityContext(remote, start.identity);
    this.span = obs.tracer.startSpan(
      start.name,
      {
        kind: start.consumer ? SPAN_KIND_CONSUMER : SPAN_KIND_SERVER,
        startTime: start.startTime ?? nowMs(),
        attributes: { [SpanKindKey]: SpanKinds.chain, ...start.attributes },
      },
      parent,
    );
    this.scope = obs.scope(setSpan(parent, this.span));
  }

  /** The root span's trace id. */
  get traceId(): string {
    return this.span.spanContext().traceId;
  }

  /** Runs `fn` in the request's context. */
  run<T>(fn: () => T): T {
    return this.scope.run(fn);
  }

  /** Marks the root span failed: status ERROR with the message, and an `exception` event. */
  fail(error: unknown): void {
    failSpan(this.span, error);
    this.#failed = true;
  }

  /** Records the HTTP status; a 5xx is an error of this server (OTel HTTP conventions) unless one was recorded. */
  recordStatus(status: number): void {
    this.span.setAttribute(HttpResponseStatusCode, status);
    if (status >= 500 && !this.#failed) this.span.setStatus({ code: STATUS_ERROR });
  }

  /** Ends the root span (once). */
  end(): void {
    this.span.end();
    this.#markEnded();
  }

  #callerIsHere(): boolean {
    const caller = this.#callerSpanId;
    if (caller === undefined) return false;
    for (const span of this.#obs.buffer.openSpans) if (span.context.spanId === caller) return true;
    return false;
  }

  /** Whether spans of this trace other than the root are still open (a stream still being read). */
  hasOpenChildren(): boolean {
    return this.#obs.buffer.hasOpenSpans(this.traceId, this.span);
  }

  /**
   * Resolves after the root span ended, `pending.settled()` resolved (the request's `waitUntil`
   * promises) and the buffer was flushed (this trace's spans still open then are ended and marked).
   * Never rejects.
   */
  async flushAfterEnd(pending?: { settled(): Promise<void> }): Promise<void> {
    try {
      await this.#ended;
      // One macrotask, so spans ending in reaction to the same last chunk end before the flush (none
      // open: no timer, which workerd makes each request pay for).
      if (this.hasOpenChildren()) await new Promise((resolve) => setTimeout(resolve, 0));
      await pending?.settled();
      // With an export schedule, a trace that left nothing open may leave its spans for a later send.
      const schedule = this.#obs.exportSchedule;
      if (schedule && !this.hasOpenChildren() && !(await schedule.afterRequest(this.#obs.buffer))) return;
      // Spans of this trace still open are ended at flush, unless the caller's span is open in this same
      // buffer (a Durable Object or an entrypoint called from a Worker of the same isolate): then the
      // trace is the caller's, and so is ending what is left open in it.
      await this.#obs.forceFlush(this.#callerIsHere() ? undefined : { traceId: this.traceId });
    } catch (error) {
      reportError('adapter-flush', 'flushing after the response failed', error);
    }
  }
}
