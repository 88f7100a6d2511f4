import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { isTracingSuppressed } from '../context/context-attributes.js';
import { baggageHeader, withBaggageHeader } from './baggage.js';
import { parseTraceparent, traceparentHeaders, withParent } from './traceparent.js';

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
    const headers = traceparentHeaders(context);
    const baggage = baggageHeader(context);
    if (baggage !== undefined) headers.baggage = baggage;
    for (const name in headers) setter.set(carrier, name, headers[name] as string);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const parent = parseTraceparent(
      first(getter.get(carrier, 'traceparent')),
      joined(getter.get(carrier, 'tracestate')),
    );
    return withBaggageHeader(withParent(context, parent), joined(getter.get(carrier, 'baggage')));
  }

  fields(): string[] {
    return ['traceparent', 'tracestate', 'baggage'];
  }
}
