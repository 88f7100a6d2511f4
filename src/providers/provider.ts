import type { Attributes } from '@opentelemetry/api';
import type { ContextSource } from '../context/context-source.js';
import type { SpanTracer } from '../trace/tracer.js';
import type { LlmFetchOptions } from './recorder/llm-fetch-options.js';
import type { PriceTable } from './recorder/price-table.js';
import type { StreamAccumulator } from './recorder/stream-accumulator.js';

// The types below refer to one another (a provider's binding is traced through a target whose
// recorder lists the providers), so they live in one file: split, they made an import circle.

/** What a provider module learns from a request's URL before any body is read. */
export interface LlmRoute {
  /** The provider's own name for the call ('chat', 'messages', 'generateContent', 'run', ...). */
  readonly operation: string;
  /** The `llm.provider` value, or `undefined` for a host that is not a known vendor. */
  readonly provider: string | undefined;
  /** The model named by the URL (Gemini, Workers AI), for calls whose body does not name it. */
  readonly model?: string;
}

/**
 * One LLM API, as the shared recorder sees it: whether a request belongs to it, and how its request,
 * response, stream events and errors become OpenInference attributes. Every method gets bodies it
 * does not control and must not throw on any shape (the recorder catches anyway, and reports once).
 * Adding a provider is one folder that exports one of these and one line in `all-providers.ts`.
 *
 * @example
 * const echo: LlmApi = {
 *   name: 'echo',
 *   recognize: (url) => (url.pathname === '/echo' ? { operation: 'chat', provider: 'echo' } : undefined),
 *   spanName: () => 'Echo',
 *   routeAttributes: () => ({ 'openinference.span.kind': 'LLM', 'llm.system': 'echo' }),
 *   requestAttributes: () => ({}),
 *   responseAttributes: () => ({}),
 *   streamAccumulator: () => ({ error: undefined, add: () => false, attributes: () => ({}) }),
 *   errorMessage: () => undefined,
 *   genAiOperation: () => 'chat',
 *   prices: {},
 * };
 */
export interface LlmApi {
  /** The module's name (`openai`, `anthropic`, `gemini`, `workers-ai`). */
  readonly name: string;
  /** The route of a `POST` to `url` when this API serves it, else `undefined`. Called for every fetch. */
  recognize(url: URL): LlmRoute | undefined;
  /** The span name. */
  spanName(route: LlmRoute): string;
  /** Attributes known before any body is read: span kind, `llm.system`, `llm.provider`. */
  routeAttributes(route: LlmRoute): Attributes;
  /** Attributes of the parsed JSON request body. */
  requestAttributes(route: LlmRoute, body: unknown): Attributes;
  /** Attributes of a parsed JSON (non-streamed) success body. */
  responseAttributes(route: LlmRoute, body: unknown): Attributes;
  /** A fresh accumulator for the parsed `data:` payloads of a streamed (SSE) response. */
  streamAccumulator(route: LlmRoute): StreamAccumulator;
  /** The message of an error body in the API's shape, else `undefined`. */
  errorMessage(body: unknown): string | undefined;
  /** The OpenTelemetry GenAI `gen_ai.operation.name` of the call. */
  genAiOperation(route: LlmRoute): string;
  /** Built-in prices for the API's models (USD per 1M tokens); `priceTable` replaces them. */
  readonly prices: PriceTable;
  /** A runtime binding that calls the API without `fetch` (Workers AI's `env.AI`), traced too. */
  readonly binding?: LlmBinding;
}

/**
 * A binding of an {@link LlmApi} that the adapters find in `env` and trace, and that
 * `RequestScope.instrumentAi` wraps.
 *
 * @example
 * const binding: LlmBinding = { tracedEnv: (env) => env, trace: (ai) => ai };
 */
export interface LlmBinding {
  /** `env` with such bindings traced through `scope`; `env` itself when it has none. */
  tracedEnv<Env>(env: Env, scope: BindingTracer): Env;
  /** A view of `binding` whose calls are recorded through `target`. */
  trace<T extends AiBindingLike>(binding: T, target: TracedFetchTarget): T;
}

/** What tracing `env`'s bindings needs of the request: a way to trace one binding in its context. */
export interface BindingTracer {
  instrumentAi<T extends AiBindingLike>(ai: T): T;
}

/** What `instrumentAi` needs of a Workers AI binding: its `run` method. */
export interface AiBindingLike {
  run(model: string, inputs: unknown, options?: unknown): Promise<unknown>;
}

/** The tracer that records a call, and how. */
export interface LlmFetchRecorder {
  readonly tracer: SpanTracer;
  readonly options: LlmFetchOptions;
  /** The provider modules whose calls are recorded, asked in order. */
  readonly providers: readonly LlmApi[];
}

/** What a traced fetch needs: where spans go (looked up per call) and where the current context comes from. */
export interface TracedFetchTarget {
  readonly recorder: () => LlmFetchRecorder | undefined;
  readonly contextSource: ContextSource;
}
