import type { Tracer, TracerOptions, TracerProvider } from '@opentelemetry/api';
import type { ContextSource } from '../context/context-source.js';
import type { SpanSink } from '../trace/span.js';
import type { InstrumentationScope } from '../trace/span-data.js';
import type { SpanLimits } from '../trace/span-limits.js';
import { type RootSampler, SpanTracer } from '../trace/tracer.js';

// Libraries ask for a tracer per call (the AI SDK does); one per scope is kept, within a bound so a
// library that makes up names cannot grow the map.
const MAX_TRACERS = 256;

/**
 * The `TracerProvider` `register()` installs as `@opentelemetry/api`'s global one: a tracer from
 * `trace.getTracer(name, version)` starts real spans of this library (parented from the active
 * context, with the `using*` attributes, sampled, limited, masked and exported like the others),
 * reported under their own instrumentation scope.
 *
 * @example
 * import { trace } from '@opentelemetry/api';
 * import { register, usingSession } from 'edge-llmobs';
 *
 * const obs = register({ serviceName: 'chat-app' });
 * await usingSession('sess-abc', () =>
 *   trace.getTracer('my-db', '1.0.0').startActiveSpan('query', (span) => span.end()),
 * ); // a span of scope my-db@1.0.0 with session.id sess-abc
 */
export class LlmObsTracerProvider implements TracerProvider {
  readonly #tracers = new Map<string, SpanTracer>();
  readonly #sink: SpanSink;
  readonly #limits: SpanLimits;
  readonly #contextSource: ContextSource;
  readonly #sampler: RootSampler;

  constructor(sink: SpanSink, limits: SpanLimits, contextSource: ContextSource, sampler: RootSampler) {
    this.#sink = sink;
    this.#limits = limits;
    this.#contextSource = contextSource;
    this.#sampler = sampler;
  }

  getTracer(name: string, version?: string, _options?: TracerOptions): Tracer {
    const key = version === undefined ? name : `${name}\u0000${version}`;
    const known = this.#tracers.get(key);
    if (known !== undefined) return known;
    const scope: InstrumentationScope =
      version === undefined ? { name: String(name) } : { name: String(name), version };
    const tracer = new SpanTracer(this.#sink, this.#limits, this.#contextSource, this.#sampler, scope);
    if (this.#tracers.size < MAX_TRACERS) this.#tracers.set(key, tracer);
    return tracer;
  }
}
