import type { Context } from '@opentelemetry/api';
import { ROOT_CONTEXT } from './context/context.js';
import { ambientContext } from './context/context-source.js';
import { ScopeContextSource } from './context/request-scope.js';
import { type ContextHelpers, createContextHelpers } from './context/using-context.js';
import type { LlmObs, RequestScope } from './llm-obs.js';
import { runtimeFetch } from './original-fetch.js';
import type { AiBindingLike, LlmFetchRecorder } from './providers/provider.js';
import { createTracedFetch } from './providers/recorder/instrument-fetch.js';
import { bindingOf } from './providers/traced-env.js';
import { LlmTracer } from './trace/llm-tracer.js';
import type { SpanSink } from './trace/span.js';
import type { SpanLimits } from './trace/span-limits.js';
import type { RootSampler } from './trace/tracer.js';

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
  readonly #source: ScopeContextSource;
  readonly #makeTracer: () => LlmTracer;
  #tracer: LlmTracer | undefined;
  #fetch: typeof fetch | undefined;
  #helpers: ContextHelpers | undefined;

  constructor(obs: LlmObs, source: ScopeContextSource, makeTracer: () => LlmTracer) {
    this.#obs = obs;
    this.#source = source;
    this.#makeTracer = makeTracer;
  }

  get tracer(): LlmTracer {
    this.#tracer ??= this.#makeTracer();
    return this.#tracer;
  }

  get fetch(): typeof fetch {
    this.#fetch ??= createTracedFetch(runtimeFetch, this.#target());
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
    const binding = bindingOf(this.#obs.providers);
    return binding ? binding.trace(ai, this.#target()) : ai;
  }

  #target() {
    return {
      // Spread by the fetch recorder: a plain object, as prototype getters would not be copied.
      recorder: (): LlmFetchRecorder => ({
        tracer: this.tracer,
        options: this.#obs.options,
        providers: this.#obs.providers,
      }),
      contextSource: this.#source,
    };
  }
}

/** Builds a request scope over one instance's span buffer. */
export function createRequestScope(
  obs: LlmObs,
  sink: SpanSink,
  limits: SpanLimits,
  sampler: RootSampler,
  base: Context = ROOT_CONTEXT,
): RequestScope {
  const source = new ScopeContextSource(base);
  return new LazyRequestScope(obs, source, () => new LlmTracer(sink, limits, source, sampler));
}

// Getters on the prototype, defined once (named after the ambient helpers, so the lists cannot
// differ): an instance holds no function until one is asked for.
for (const name of Object.keys(createContextHelpers(ambientContext)) as (keyof ContextHelpers)[]) {
  Object.defineProperty(LazyRequestScope.prototype, name, {
    get(this: LazyRequestScope) {
      return this.helpers()[name];
    },
  });
}
