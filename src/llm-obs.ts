import type { Attributes, Context } from '@opentelemetry/api';
import { ambientContext } from './context/context-source.js';
import type { ContextHelpers } from './context/using-context.js';
import type { ExportSchedule } from './pipeline/export-schedule.js';
import type { SpanBuffer } from './pipeline/span-buffer.js';
import type { FlushResult } from './pipeline/span-buffer-options.js';
import type { AiBindingLike, LlmApi, TracedFetchTarget } from './providers/provider.js';
import type { LlmFetchOptions } from './providers/recorder/llm-fetch-options.js';
import type { LlmTracer } from './trace/llm-tracer.js';

/**
 * One request's context, carried by hand: its `tracer`, `fetch` and `using*` helpers act in that
 * request's context wherever they are called, even after an `await` in a runtime without
 * `AsyncLocalStorage`. With `AsyncLocalStorage` the same code keeps working.
 */
export interface RequestScope extends ContextHelpers {
  /** The request's tracer: spans it starts are children of the scope's current span. */
  readonly tracer: LlmTracer;
  /** A traced fetch whose spans belong to this request. */
  readonly fetch: typeof fetch;
  /** The context the scope currently runs in. */
  readonly context: Context;
  /** Runs `fn` in the scope's context. */
  run<T>(fn: () => T): T;
  /**
   * The Workers AI binding with `run()` traced in this request's context (see `instrumentAi`); the
   * binding itself when Workers AI is not among the instance's `providers`.
   */
  instrumentAi<T extends AiBindingLike>(ai: T): T;
}

/** The handle `register()` returns. */
export interface LlmObs {
  /** Starts spans; `tracer.chain(fn)` and the other kinds wrap functions. */
  readonly tracer: LlmTracer;
  /** A fetch that records OpenAI-style calls as LLM spans: `new OpenAI({ fetch: obs.fetch })`. */
  readonly fetch: typeof fetch;
  /** How OpenAI-style calls are recorded (prices, GenAI attributes, size limits). */
  readonly options: LlmFetchOptions;
  /** The provider modules whose calls are recorded (the `providers` option; default all four). */
  readonly providers: readonly LlmApi[];
  /** The resource attributes sent with every span. */
  readonly resource: Attributes;
  /** The buffer of ended spans (its `size` and `droppedSpans` are useful in tests). */
  readonly buffer: SpanBuffer;
  /** When the adapters send after a request (`exportSchedule` of `register()`); none: after every request. */
  readonly exportSchedule?: ExportSchedule;
  /** False where the runtime has no `AsyncLocalStorage`; then use `scope()` across `await`. */
  readonly contextFollowsAwait: boolean;
  /**
   * Sends every buffered span; resolves when they are sent or dropped, never rejects. `traceId` also
   * ends that trace's spans that are still open, marked `edge_llmobs.ended_at_flush`.
   */
  forceFlush(options?: { traceId?: string }): Promise<FlushResult>;
  /** Ends open spans, flushes, and undoes `autoInstrument`. */
  shutdown(): Promise<void>;
  /** A request scope over `base` (default: a fresh root context). */
  scope(base?: Context): RequestScope;
}

let current: LlmObs | undefined;

/** The most recently registered instance, which auto-instrumented fetches report to. */
export function currentObs(): LlmObs | undefined {
  return current;
}

/**
 * Where the ambient fetch wrappers (`instrumentFetch`, `autoInstrument`, `instrumentAi`) record: the
 * current instance, looked up per call, in the ambient context.
 */
export const currentObsTarget: TracedFetchTarget = {
  recorder() {
    return current;
  },
  contextSource: ambientContext,
};

/** Sets the instance auto-instrumented fetches report to. */
export function setCurrentObs(obs: LlmObs | undefined): void {
  current = obs;
}
