import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { isTracingSuppressed } from '../context/context-attributes.js';
import { NonRecordingSpan } from '../trace/non-recording-span.js';
import { getSpan, setSpan } from '../trace/tracer.js';
import { baggageHeader, withBaggageHeader } from './baggage.js';
import { formatTraceparent, parseTraceparent } from './traceparent.js';

const INVALID_ID = /^0+$/;

// A header given more than once: the first traceparent counts; tracestate and baggage members join.
function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function joined(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * The W3C Trace Context (`traceparent`, `tracestate`) and W3C Baggage (`baggage`) propagator that
 * `register()` installs as `@opentelemetry/api`'s global one, so `propagation.inject()` and
 * `extract()` carry this library's spans. Same headers as @opentelemetry/core's
 * `W3CTraceContextPropagator` and `W3CBaggagePropagator` composed.
 *
 * @example
 * import { context, propagation } from '@opentelemetry/api';
 *
 * const headers: Record<string, string> = {};
 * propagation.inject(context.active(), headers); // { traceparent: '00-…-…-01' } inside a span
 */
export class W3CPropagator implements TextMapPropagator {
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    if (isTracingSuppressed(context)) return;
    const spanContext = getSpan(context)?.spanContext();
    if (spanContext && !INVALID_ID.test(spanContext.traceId) && !INVALID_ID.test(spanContext.spanId)) {
      setter.set(carrier, 'traceparent', formatTraceparent(spanContext));
      const state = spanContext.traceState?.serialize();
      if (state) setter.set(carrier, 'tracestate', state);
    }
    const baggage = baggageHeader(context);
    if (baggage !== undefined) setter.set(carrier, 'baggage', baggage);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const parent = parseTraceparent(
      first(getter.get(carrier, 'traceparent')),
      joined(getter.get(carrier, 'tracestate')),
    );
    const withParent = parent ? setSpan(context, new NonRecordingSpan(parent)) : context;
    return withBaggageHeader(withParent, joined(getter.get(carrier, 'baggage')));
  }

  fields(): string[] {
    return ['traceparent', 'tracestate', 'baggage'];
  }
}
