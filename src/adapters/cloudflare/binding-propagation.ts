import type { Context } from '@opentelemetry/api';
import type { RequestScope } from '../../adapter-api.js';
import { reportError } from '../../report-error.js';
import { carrierFor, queueEnvelope, rpcArgument, type TraceCarrier } from './trace-carrier.js';

/**
 * Which of the Worker's own bindings carry the request's trace context, session and user: Durable
 * Object namespaces, service bindings and queue producers found in `env`. Nothing else is touched:
 * a global `fetch` to another host never gets these headers.
 */
export interface BindingContextOptions {
  /**
   * `true` (default): every Durable Object, service and queue binding; a list: only the bindings of
   * those names; `false`: none.
   */
  propagateToBindings?: boolean | readonly string[];
}

type Kind = 'namespace' | 'fetcher' | 'queue';

// workerd's binding objects name their class in Object.prototype.toString.
const KINDS: Readonly<Record<string, Kind>> = {
  '[object DurableObjectNamespace]': 'namespace',
  '[object Fetcher]': 'fetcher',
  '[object WorkerQueue]': 'queue',
};

// Stub members that are not RPC methods: left exactly as they are.
const NOT_RPC = new Set<string | symbol>(['connect', 'then', 'dup', 'id', 'name', 'constructor', 'toJSON']);

type ContextOf = () => Context;

function carrierNow(contextOf: ContextOf): TraceCarrier | undefined {
  try {
    return carrierFor(contextOf());
  } catch (error) {
    reportError('binding-context', 'could not read the trace context for a binding call', error);
    return undefined;
  }
}

function withTraceHeaders(
  input: RequestInfo | URL,
  init: RequestInit | undefined,
  carrier: TraceCarrier,
): Request | undefined {
  let request: Request;
  try {
    request = new Request(input, init);
  } catch {
    // Input the runtime would refuse anyway: the original call reports it, as without tracing.
    return undefined;
  }
  for (const [name, value] of Object.entries(carrier)) {
    // A header the caller set on purpose wins.
    if (value && !request.headers.has(name)) request.headers.set(name, value);
  }
  return request;
}

/** A stub (Durable Object or service binding) whose `fetch` and RPC calls carry the context. */
function tracedStub<S extends object>(stub: S, contextOf: ContextOf): S {
  return new Proxy(stub, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== 'function' || NOT_RPC.has(key) || typeof key === 'symbol') return value;
      if (key === 'fetch') {
        return function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
          const carrier = carrierNow(contextOf);
          const call = value as typeof globalThis.fetch;
          const request = carrier && withTraceHeaders(input, init, carrier);
          return request ? call.call(target, request) : call.call(target, input, init);
        };
      }
      // An RPC method: the carrier goes as one extra last argument, which an instrumented callee
      // removes. The call's own result (a pipelining promise) is returned untouched.
      return function rpc(...args: unknown[]): unknown {
        const carrier = carrierNow(contextOf);
        return Reflect.apply(value, target, carrier ? [...args, rpcArgument(carrier)] : args);
      };
    },
  });
}

function tracedNamespace<N extends object>(namespace: N, contextOf: ContextOf): N {
  return new Proxy(namespace, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      if (key === 'get' || key === 'getByName') {
        return (...args: unknown[]) => tracedStub(Reflect.apply(value, target, args) as object, contextOf);
      }
      if (key === 'jurisdiction') {
        return (...args: unknown[]) => tracedNamespace(Reflect.apply(value, target, args) as object, contextOf);
      }
      return value.bind(target);
    },
  });
}

interface QueueLike {
  send(body: unknown, options?: { contentType?: string }): Promise<void>;
  sendBatch(messages: Iterable<{ body: unknown; contentType?: string }>, options?: unknown): Promise<void>;
}

// Text and bytes bodies must stay what they are; structured-clone (the default) and JSON bodies can
// travel inside an envelope the consumer opens.
function canWrap(contentType: string | undefined): boolean {
  return contentType === undefined || contentType === 'v8' || contentType === 'json';
}

function tracedQueue<Q extends object>(queue: Q, contextOf: ContextOf): Q {
  const original = queue as unknown as QueueLike;
  return new Proxy(queue, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (key === 'send') {
        return function send(body: unknown, options?: { contentType?: string }) {
          const carrier = canWrap(options?.contentType) ? carrierNow(contextOf) : undefined;
          return original.send.call(target, carrier ? queueEnvelope(carrier, body) : body, options);
        };
      }
      if (key === 'sendBatch') {
        return function sendBatch(messages: Iterable<{ body: unknown; contentType?: string }>, options?: unknown) {
          const carrier = carrierNow(contextOf);
          const wrapped = carrier
            ? Array.from(messages, (message) =>
                canWrap(message.contentType) ? { ...message, body: queueEnvelope(carrier, message.body) } : message,
              )
            : messages;
          return original.sendBatch.call(target, wrapped, options);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const WRAP: Readonly<Record<Kind, <T extends object>(binding: T, contextOf: ContextOf) => T>> = {
  namespace: tracedNamespace,
  fetcher: tracedStub,
  queue: tracedQueue,
};

/**
 * `env` as the handler sees it: the same bindings, except that Durable Object stubs, service
 * bindings and queue producers carry the trace context of `contextOf()` (the request's current
 * span, session and user) on each call. Other values are the originals.
 */
export function tracedBindings<Env>(env: Env, contextOf: ContextOf, options: BindingContextOptions): Env {
  const allowed = options.propagateToBindings ?? true;
  if (allowed === false || typeof env !== 'object' || env === null) return env;
  // Made on the first binding read: most requests of most Workers never touch one.
  let wrapped: Map<string, unknown> | undefined;
  return new Proxy(env as Env & object, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof key !== 'string' || typeof value !== 'object' || value === null) return value;
      if (allowed !== true && !allowed.includes(key)) return value;
      // A frozen property must be returned as it is (a Proxy invariant): such a binding stays untraced.
      const own = Reflect.getOwnPropertyDescriptor(target, key);
      if (own && !own.configurable && !own.writable) return value;
      const kind = KINDS[Object.prototype.toString.call(value)];
      if (!kind) return value;
      wrapped ??= new Map();
      let binding = wrapped.get(key);
      if (binding === undefined) {
        binding = WRAP[kind](value, contextOf);
        wrapped.set(key, binding);
      }
      return binding;
    },
  });
}

/**
 * `env` whose Durable Object, service and queue bindings carry the context of `llm` (a request
 * scope): for calls a Durable Object or an entrypoint makes itself, whose `this.env` is left as the
 * runtime made it. In a Worker traced by `withLlmObs`, the `env` your handler receives already does this.
 *
 * @example
 * import { bindingsWithContext, currentRequestScope } from 'edge-llmobs/cloudflare';
 *
 * export class ChatSession extends DurableObject<Env> {
 *   async close(): Promise<void> {
 *     const llm = currentRequestScope()!;
 *     const env = bindingsWithContext(this.env, llm);
 *     await env.ARCHIVE.getByName(this.ctx.id.toString()).store(await this.ctx.storage.get('turns'));
 *   }
 * }
 */
export function bindingsWithContext<Env>(env: Env, llm: RequestScope, options: BindingContextOptions = {}): Env {
  return tracedBindings(env, () => llm.context, options);
}
