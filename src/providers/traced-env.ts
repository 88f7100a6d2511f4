import type { BindingTracer, LlmApi, LlmBinding } from './provider.js';

/**
 * The binding of the first of `providers` that has one (Workers AI's `env.AI`), else `undefined`.
 *
 * @example
 * bindingOf([openAiApi]); // undefined
 */
export function bindingOf(providers: readonly LlmApi[]): LlmBinding | undefined {
  return providers.find((api) => api.binding)?.binding;
}

/**
 * `env` with the bindings of `providers` traced in the request's context: the adapters hand this to
 * the handler, so `env.AI.run(...)` records spans with no code change. `env` itself when none of
 * `providers` has a binding.
 *
 * @example
 * const env2 = tracedEnv(env, llm, obs.providers); // env2.AI.run(...) is traced; env2.DB === env.DB
 */
export function tracedEnv<Env>(env: Env, scope: BindingTracer, providers: readonly LlmApi[]): Env {
  const binding = bindingOf(providers);
  return binding ? binding.tracedEnv(env, scope) : env;
}
