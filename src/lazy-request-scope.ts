import type { Context } from '@opentelemetry/api';
import type { ScopeContextSource } from './context/request-scope.js';
import { type ContextHelpers, createContextHelpers } from './context/using-context.js';
import type { LlmObs, RequestScope } from './llm-obs.js';
import { untracedFetch } from './original-fetch.js';
import { createTracedFetch } from './providers/recorder/instrument-fetch.js';
import { type AiBindingLike, createTracedAi } from './providers/workers-ai/traced-ai.js';
import { LlmTracer } from './trace/llm-tracer.js';
import type { SpanSink } from './trace/span.js';
import type { SpanLimits } from './trace/span-limits.js';
import type { RootSampler } from './trace/tracer.js';

const HELPERS: readonly (keyof ContextHelpers)[] = [
  'usingSession',
  'usingUser',
  'usingMetadata',
  'usingTags',
  'usingPromptTemplate',
  'usingAttributes',
  'suppressTracing',
];

/**
 * A request scope whose tracer, fetch and `using*` helpers are made on first use: every request gets
 * a scope, and most (those whose context follows `await` by itself) never touch them, so a request
 * pays for one small object instead of some twenty closures (each renamed by wrangler's `keepNames`).
 * Each member is made once, so `scope.fetch === scope.fetch`, and works detached from the scope.
 */
export class LazyRequestScope implements RequestScope {
  declare readonly usingSession: ContextHelpers['usingSession'];
  declare readonly usingUser: ContextHelpers['usingUser'];
  declare readonly usingMetadata: ContextHelpers['usingMetadata'];
  declare readonly usingTags: ContextHelpers['usingTags'];
  declare readonly usingPromptTemplate: ContextHelpers['usingPromptTemplate'];
  declare readonly usingAttributes: ContextHelpers['usingAttributes'];
  declare readonly suppressTracing: ContextHelpers['suppressTracing'];
  readonly #obs: LlmObs;
  readonly #sink: SpanSink;
  readonly #limits: SpanLimits;
  readonly #sampler: RootSampler;
  readonly #source: ScopeContextSource;
  #tracer: LlmTracer | undefined;
  #fetch: typeof fetch | undefined;
  #helpers: ContextHelpers | undefined;

  constructor(obs: LlmObs, sink: SpanSink, limits: SpanLimits, sampler: RootSampler, source: ScopeContextSource) {
    this.#obs = obs;
    this.#sink = sink;
    this.#limits = limits;
    this.#sampler = sampler;
    this.#source = source;
  }

  get tracer(): LlmTracer {
    this.#tracer ??= new LlmTracer(this.#sink, this.#limits, this.#source, this.#sampler);
    return this.#tracer;
  }

  get fetch(): typeof fetch {
    this.#fetch ??= createTracedFetch((input, init) => untracedFetch()(input, init), {
      recorder: () => this.#recorder(),
      contextSource: this.#source,
    });
    return this.#fetch;
  }

  get context(): Context {
    return this.#source.active();
  }

  /** The helpers, made once for all seven `using*` getters. */
  helpers(): ContextHelpers {
    this.#helpers ??= createContextHelpers(this.#source);
    return this.#helpers;
  }

  run<T>(fn: () => T): T {
    return this.#source.run(this.#source.active(), fn);
  }

  instrumentAi<T extends AiBindingLike>(ai: T): T {
    return createTracedAi(ai, { recorder: () => this.#recorder(), contextSource: this.#source });
  }

  #recorder() {
    return { tracer: this.tracer, options: this.#obs.options };
  }
}

// Getters on the prototype, defined once: an instance holds no function until one is asked for.
for (const name of HELPERS) {
  Object.defineProperty(LazyRequestScope.prototype, name, {
    get(this: LazyRequestScope) {
      return this.helpers()[name];
    },
  });
}
