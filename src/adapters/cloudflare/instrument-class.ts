import type { Attributes } from '@opentelemetry/api';
import { isPromiseLike, type RequestScope } from '../../adapter-api.js';
import type { CreateObs } from '../shared/isolate-obs.js';
import type { WaitUntilContext } from '../shared/pending-work.js';
import { traceRequest } from '../shared/request-lifecycle.js';
import { findRequestTrace } from '../shared/request-scope-registry.js';
import { withBaggageIdentity } from './baggage-identity.js';
import type { CloudflareConfig, CloudflareConfigInput } from './cloudflare-config.js';
import { obsForConfig } from './config-obs.js';
import { traceInvocation, withCurrentScope } from './invocation.js';
import { startFromCarrier, takeRpcCarrier } from './trace-carrier.js';

/** How one kind of class is traced: its span attributes and which methods are lifecycle events. */
export interface ClassSpec {
  /** Attributes of every span of an instance. */
  attributes(className: string, ctx: unknown): Attributes;
  /** Methods the runtime calls with no caller context (alarm, WebSocket events): root spans. */
  readonly events: ReadonlySet<string>;
  /** Whether an incoming HTTP request's baggage is trusted unless the config says otherwise. */
  readonly trustFetchBaggage: boolean;
}

interface InstanceState {
  readonly ctx: WaitUntilContext | undefined;
  readonly env: unknown;
  /**
   * Calls being traced right now. A call without the caller's context while one is running is taken
   * for the object's own call (a call from a traced Worker or object always brings its context).
   */
  inFlight: number;
}

const states = new WeakMap<object, InstanceState>();

// biome-ignore lint/suspicious/noExplicitAny: a class of any constructor signature
export type AnyClass = abstract new (...args: any[]) => object;

// Classes whose methods belong to the runtime, not to the user: the walk up the prototypes stops there.
const BASES = new Set(['DurableObject', 'WorkerEntrypoint', 'RpcTarget', 'Object']);

/** The user's methods, from the class up to (not including) the runtime's base class. */
function methodNames(Class: AnyClass): string[] {
  const names = new Set<string>();
  for (
    let proto = Class.prototype;
    proto && !BASES.has(proto.constructor?.name);
    proto = Object.getPrototypeOf(proto)
  ) {
    if (proto === Object.prototype) break;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (name !== 'constructor' && typeof descriptor?.value === 'function') names.add(name);
    }
  }
  return [...names];
}

function waitUntilOf(ctx: WaitUntilContext | undefined) {
  return typeof ctx?.waitUntil === 'function' ? (promise: Promise<unknown>) => ctx.waitUntil(promise) : undefined;
}

/**
 * A subclass of `Class` whose methods are traced: `fetch` as an HTTP request, the `spec`'s events as
 * root spans, every other method as an RPC call joining the caller's trace. The constructor, fields,
 * statics, `instanceof` and the runtime's `ctx` and `env` are the original's.
 */
export function instrumentClass<C extends AnyClass, Env>(
  Class: C,
  input: CloudflareConfigInput<Env>,
  spec: ClassSpec,
  create: CreateObs,
): C {
  const obsFor = obsForConfig(input, create);
  const className = Class.name || 'Anonymous';
  // biome-ignore lint/suspicious/noExplicitAny: the constructor's arguments are the runtime's (ctx, env)
  const Base = Class as unknown as new (...args: any[]) => object;
  const Instrumented = class extends Base {
    // biome-ignore lint/suspicious/noExplicitAny: passed through untouched
    constructor(...args: any[]) {
      super(...args);
      states.set(this, { ctx: args[0] as WaitUntilContext | undefined, env: args[1], inFlight: 0 });
    }
  };
  Object.defineProperty(Instrumented, 'name', { value: className });

  for (const name of methodNames(Class)) {
    const original = Class.prototype[name] as (...args: unknown[]) => unknown;
    const traced = function (this: object, ...args: unknown[]): unknown {
      const state = states.get(this);
      if (!state) return original.apply(this, args);
      const { obs, config } = obsFor(state.env as Env);
      const options = config as CloudflareConfig<Env>;
      const waitUntil = waitUntilOf(state.ctx);
      const attributes = spec.attributes(className, state.ctx);
      if (name === 'fetch' && args[0] instanceof Request) {
        const request = args[0];
        const trust = options.trustIncomingBaggage ?? spec.trustFetchBaggage;
        return traceRequest({
          obs,
          options: trust ? withBaggageIdentity(options) : options,
          request,
          env: state.env as Env,
          handle: (llm: RequestScope) => {
            const trace = findRequestTrace(request);
            trace?.span.updateName(`${className} ${request.method} ${new URL(request.url).pathname}`);
            trace?.span.setAttributes(attributes);
            return withCurrentScope(llm, () => original.apply(this, args) as Response | Promise<Response>);
          },
          waitUntil,
        });
      }
      const metadata = typeof options.metadata === 'function' ? undefined : options.metadata;
      const event = spec.events.has(name);
      const [userArgs, carrier] = event ? [args, undefined] : takeRpcCarrier(args);
      if (!event && !carrier && state.inFlight > 0) return original.apply(this, userArgs);
      const rpc: Attributes = event
        ? {}
        : { 'rpc.system': 'cloudflare_rpc', 'rpc.service': className, 'rpc.method': name };
      const leave = () => {
        state.inFlight--;
      };
      state.inFlight++;
      let result: unknown;
      try {
        result = traceInvocation(
          {
            obs,
            name: `${className}.${name}`,
            attributes: { ...attributes, ...rpc },
            ...startFromCarrier(carrier, options.trustIncomingBaggage ?? true, metadata),
            waitUntil,
          },
          () => original.apply(this, userArgs),
        );
      } catch (error) {
        leave();
        throw error;
      }
      if (isPromiseLike(result)) result.then(leave, leave);
      else leave();
      return result;
    };
    Object.defineProperty(traced, 'name', { value: name });
    Object.defineProperty(Instrumented.prototype, name, {
      value: traced,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  return Instrumented as unknown as C;
}
