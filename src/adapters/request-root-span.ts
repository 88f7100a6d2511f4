import type { Attributes, Context, Exception, Span, SpanKind } from '@opentelemetry/api';
import { ROOT_CONTEXT } from '../context/context.js';
import { withContextAttributes } from '../context/context-attributes.js';
import { toContextAttributes } from '../context/using-context.js';
import type { LlmObs, RequestScope } from '../llm-obs.js';
import { reportError } from '../report-error.js';
import { HttpResponseStatusCode, SpanKindKey, SpanKinds } from '../semconv.js';
import { setSpan } from '../trace/tracer.js';
import { type RequestIdentity, type RequestIdentityOptions, resolveIdentity } from './header-identity.js';
import type { PendingWork } from './pending-work.js';
import { watchResponseBody } from './response-body.js';
import { withRemoteParent } from './traceparent.js';

/** How an adapter opens the root span of a request. */
export interface RequestTraceOptions<Env = unknown> extends RequestIdentityOptions<Env> {
  /**
   * Continue the trace named by an incoming `traceparent` (and `tracestate`) header. Default true.
   * As with OTel's parent-based sampling, a parent marked not sampled (flags `00`) means the request is
   * not recorded; turn this off for public endpoints whose clients should not decide that.
   */
  honorTraceparent?: boolean;
}

const SERVER: SpanKind = 1;
const CONSUMER: SpanKind = 4;
const STATUS_ERROR = 2;

function startTime(): number {
  return typeof performance !== 'undefined' ? performance.timeOrigin + performance.now() : Date.now();
}

// A response still being produced when the handler returns: Server-Sent Events, or a body the
// handler declared chunked (Hono's stream helpers do). Other bodies are left exactly as they are.
function declaresStreaming(response: Response): boolean {
  const type = response.headers.get('content-type') ?? '';
  return type.startsWith('text/event-stream') || /chunked/i.test(response.headers.get('transfer-encoding') ?? '');
}

/**
 * The root span of one invocation and the request scope around it. The span is a CHAIN span (so LLM
 * backends list the turn) carrying the request's session, user and metadata, which every span
 * started inside the scope inherits.
 */
export class RequestTrace {
  /** The scope the handler runs in, and receives for runtimes without `AsyncLocalStorage`. */
  readonly scope: RequestScope;
  /** The root span. */
  readonly span: Span;
  readonly #obs: LlmObs;
  readonly #ended: Promise<void>;
  #failed = false;
  // Set by the Promise executor, which runs synchronously in the constructor.
  #markEnded!: () => void;

  constructor(obs: LlmObs, name: string, kind: SpanKind, attributes: Attributes, parent: Context, start: number) {
    this.#obs = obs;
    this.#ended = new Promise((resolve) => {
      this.#markEnded = resolve;
    });
    this.span = obs.tracer.startSpan(
      name,
      { kind, startTime: start, attributes: { [SpanKindKey]: SpanKinds.chain, ...attributes } },
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
    this.span.recordException(error as Exception);
    const message = error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
    this.span.setStatus({ code: STATUS_ERROR, message });
    this.#failed = true;
  }

  /** Ends the root span (once). */
  end(): void {
    this.span.end();
    this.#markEnded();
  }

  /**
   * Records the response and returns what to send: the same response, with the root span ended now,
   * unless the body is still being produced (spans of this trace are open, or the response streams);
   * then a pass-through body that ends the root span when the body has been sent.
   */
  respond(response: Response): Response {
    this.span.setAttribute(HttpResponseStatusCode, response.status);
    // A 5xx is an error of this server (OTel HTTP conventions); keep the message of a recorded one.
    if (response.status >= 500 && !this.#failed) this.span.setStatus({ code: STATUS_ERROR });
    if (response.body === null || !(this.#hasOpenChildren() || declaresStreaming(response))) {
      this.end();
      return response;
    }
    return watchResponseBody(response, ({ error, cancelled }) => {
      if (error !== undefined) this.fail(error);
      if (cancelled) this.span.setAttribute('http.response.body.cancelled', true);
      this.end();
    });
  }

  /**
   * Resolves after the root span ended, the tracked `waitUntil` promises settled and the buffer was
   * flushed (this trace's spans still open then are ended and marked). Never rejects.
   */
  async flush(pending?: PendingWork): Promise<void> {
    try {
      await this.#ended;
      // One macrotask, so spans ending in reaction to the same last chunk end before the flush.
      await new Promise((resolve) => setTimeout(resolve, 0));
      await pending?.settled();
      await this.#obs.forceFlush({ traceId: this.traceId });
    } catch (error) {
      reportError('adapter-flush', 'flushing after the response failed', error);
    }
  }

  #hasOpenChildren(): boolean {
    const traceId = this.traceId;
    for (const span of this.#obs.buffer.openSpans) {
      if (span !== this.span && span.context.traceId === traceId) return true;
    }
    return false;
  }
}

function identityContext(parent: Context, identity: RequestIdentity): Context {
  const attributes = toContextAttributes(identity);
  return Object.keys(attributes).length > 0 ? withContextAttributes(parent, attributes) : parent;
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
  const start = startTime();
  const url = new URL(request.url);
  const identity = await resolveIdentity(request, env, options);
  const remote = options.honorTraceparent === false ? ROOT_CONTEXT : withRemoteParent(ROOT_CONTEXT, request.headers);
  const attributes: Attributes = {
    'http.request.method': request.method,
    'url.path': url.pathname,
    'url.scheme': url.protocol.replace(/:$/, ''),
    'server.address': url.hostname,
  };
  return new RequestTrace(
    obs,
    `${request.method} ${url.pathname}`,
    SERVER,
    attributes,
    identityContext(remote, identity),
    start,
  );
}

/** Opens the root span of an invocation without a request (a cron trigger, a queue batch). */
export function startEventTrace(
  obs: LlmObs,
  name: string,
  attributes: Attributes,
  metadata: Record<string, unknown> | undefined,
  consumer = false,
  base: Context = ROOT_CONTEXT,
): RequestTrace {
  const parent = identityContext(base, { metadata });
  return new RequestTrace(obs, name, consumer ? CONSUMER : SERVER, attributes, parent, startTime());
}
