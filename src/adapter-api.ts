/**
 * The core API of the runtime adapters (`src/adapters/`): the only core module they import besides
 * the error reporter and the attribute keys. An adapter sets tracing up with `register`, opens a
 * {@link RequestTrace} per invocation, runs the handler in it, and flushes after the response.
 */
export { type ConfigSource, processEnv } from './config.js';
export { createLlmObs } from './create-llm-obs.js';
export type { LlmObs, RequestScope } from './llm-obs.js';
export type { FlushResult } from './pipeline/span-buffer-options.js';
export { isPromiseLike } from './promise-like.js';
export { type BaggageIdentity, baggageIdentity, traceContextHeaders } from './propagation/trace-context-headers.js';
export { parseTraceparent, traceparentHeaders } from './propagation/traceparent.js';
export { tracedEnv } from './providers/traced-env.js';
export { type RegisterOptions, register } from './register.js';
export { type RequestIdentity, RequestTrace, type RequestTraceStart } from './request-trace.js';
