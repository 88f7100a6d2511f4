import type { LlmObs, RegisterOptions } from '../../adapter-api.js';
import { reportError } from '../../report-error.js';
import type { RequestTraceOptions } from './request-lifecycle.js';

/**
 * What every adapter accepts: `register()`'s options plus how requests are read (session, user and
 * metadata sources, `honorTraceparent`).
 *
 * @example
 * const config: AdapterConfig<{ JWT_SECRET: string }> = {
 *   serviceName: 'chat-app',
 *   userId: async (request, env) => (await verifyJwt(request, env.JWT_SECRET))?.sub,
 *   metadata: { channel: 'web' },
 * };
 */
export type AdapterConfig<Env = unknown> = RegisterOptions & RequestTraceOptions<Env>;

/**
 * The configuration, or a function of the bindings that returns it (bindings arrive per request; it
 * is called once, with the first request's).
 *
 * @example
 * const config: AdapterConfigInput<Env> = (env) => ({ serviceName: 'chat-app', apiKey: env.COLLECTOR_KEY });
 */
export type AdapterConfigInput<Env = unknown> = AdapterConfig<Env> | ((env: Env) => AdapterConfig<Env>);

/** One adapter's tracing: the instance and the options it was made with. */
export interface IsolateObs<Env> {
  readonly obs: LlmObs;
  readonly config: AdapterConfig<Env>;
}

function readConfig<Env>(input: AdapterConfigInput<Env>, env: Env): AdapterConfig<Env> {
  try {
    return (typeof input === 'function' ? input(env) : input) ?? {};
  } catch (error) {
    // The handler still gets a working scope; settings fall back to the bindings and defaults.
    reportError('adapter-config', 'the edge-llmobs configuration function threw; using defaults', error);
    return {};
  }
}

/** How an adapter entry makes its instance: `register` (every provider), or one that takes `providers` as given. */
export type CreateObs = (options: RegisterOptions) => LlmObs;

/**
 * Returns a getter that sets tracing up on first use, from the first invocation's bindings, and
 * reuses it for the isolate's life. Bindings are passed to `register()` as its `env` source, so
 * `OTEL_EXPORTER_OTLP_ENDPOINT` and friends can be Worker vars and secrets.
 */
export function isolateObs<Env>(
  input: AdapterConfigInput<Env>,
  create: CreateObs,
  bindingsAreSettings = true,
): (env: Env) => IsolateObs<Env> {
  let made: IsolateObs<Env> | undefined;
  return function obsFor(env: Env): IsolateObs<Env> {
    if (made) return made;
    const config = readConfig(input, env);
    // Where `env` is `process.env` anyway (Vercel, Deno), register() reads it by itself.
    const bindings =
      bindingsAreSettings && typeof env === 'object' && env !== null ? (env as RegisterOptions['env']) : undefined;
    made = { obs: create({ ...config, env: config.env ?? bindings }), config };
    return made;
  };
}
