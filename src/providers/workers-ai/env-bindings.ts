import type { AiBindingLike, BindingTracer } from '../provider.js';

// workerd's AI binding is an instance of its `Ai` class; a binding named `AI` is taken as one too.
function isAiBinding(key: string, value: unknown): value is AiBindingLike {
  if (typeof value !== 'object' || value === null) return false;
  if (typeof (value as { run?: unknown }).run !== 'function') return false;
  return key === 'AI' || value.constructor?.name === 'Ai';
}

/**
 * `env` with its Workers AI bindings traced in the request's context: the adapters hand this to the
 * handler, so `env.AI.run(...)` records spans with no code change. An `env` without such a binding is
 * returned as it is (no proxy, no cost); otherwise reads of the binding give the traced view, made
 * once per request, and every other key, and writes, go to `env` itself.
 *
 * @example
 * const env2 = tracedEnv(env, llm); // env2.AI.run(...) is traced; env2.DB === env.DB
 */
export function tracedEnv<Env>(env: Env, scope: BindingTracer): Env {
  if (typeof env !== 'object' || env === null) return env;
  const keys = Object.keys(env).filter((key) => isAiBinding(key, (env as Record<string, unknown>)[key]));
  if (keys.length === 0) return env;
  const traced = new Map<string, readonly [binding: unknown, view: unknown]>();
  return new Proxy(env, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !keys.includes(key) || !isAiBinding(key, value)) return value;
      const known = traced.get(key);
      if (known !== undefined && known[0] === value) return known[1];
      const view = scope.instrumentAi(value);
      traced.set(key, [value, view]);
      return view;
    },
  });
}
