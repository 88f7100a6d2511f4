// The global propagator against @opentelemetry/core's W3C trace-context and baggage propagators
// (the oracle): the same headers extract to the same parent and baggage, and inject the same headers.
import {
  type Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  ROOT_CONTEXT,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { ROOT_CONTEXT as OUR_ROOT } from '../../src/context/context.js';
import { W3CPropagator } from '../../src/propagation/w3c-propagator.js';

const oracle = new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] });
const ours = new W3CPropagator();

const PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const CARRIERS: Record<string, string | string[]>[] = [
  { traceparent: PARENT },
  { traceparent: PARENT, tracestate: 'vendor=a,other=b' },
  { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00' },
  { traceparent: 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
  { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' },
  { traceparent: 'garbage' },
  { traceparent: [PARENT, '00-11111111111111111111111111111111-2222222222222222-01'] },
  { baggage: 'userId=alice,plan=pro%20plus;ttl=3' },
  { baggage: 'bad,=x,k=v' },
  { baggage: ['a=1', 'b=2'] },
  { traceparent: PARENT, baggage: 'session=s%2C1' },
  {},
];

function describeContext(context: Context) {
  const spanContext = trace.getSpanContext(context);
  const baggage = propagation.getBaggage(context);
  return {
    parent: spanContext && { ...spanContext, traceState: spanContext.traceState?.serialize() },
    baggage: baggage?.getAllEntries().map(([key, entry]) => [key, entry.value, entry.metadata?.toString()]),
  };
}

describe('W3C propagator against @opentelemetry/core', () => {
  it.each(CARRIERS.map((carrier) => [JSON.stringify(carrier), carrier]))('extracts %s the same way', (_, carrier) => {
    const expected = describeContext(oracle.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter));
    expect(describeContext(ours.extract(OUR_ROOT, carrier, defaultTextMapGetter))).toEqual(expected);
  });

  it('injects the same headers for a span context with trace state and baggage', () => {
    const extracted = oracle.extract(
      ROOT_CONTEXT,
      { traceparent: PARENT, tracestate: 'vendor=a', baggage: 'k=v%201;p=1,u=2' },
      defaultTextMapGetter,
    );
    const fromCore: Record<string, string> = {};
    const fromUs: Record<string, string> = {};
    oracle.inject(extracted, fromCore, defaultTextMapSetter);
    ours.inject(extracted, fromUs, defaultTextMapSetter);
    expect(fromUs).toEqual(fromCore);
    expect(fromUs.traceparent).toBe(PARENT);
  });

  it('injects nothing for an invalid span, and nothing when tracing is suppressed', () => {
    const invalid = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '0'.repeat(32),
      spanId: '0'.repeat(16),
      traceFlags: TraceFlags.SAMPLED,
    });
    const carrier: Record<string, string> = {};
    ours.inject(invalid, carrier, defaultTextMapSetter);
    expect(carrier).toEqual({});
    const suppressed = trace
      .setSpanContext(ROOT_CONTEXT, { traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: 1 })
      .setValue(Symbol.for('OpenTelemetry SDK Context Key SUPPRESS_TRACING'), true);
    ours.inject(suppressed, carrier, defaultTextMapSetter);
    expect(carrier).toEqual({});
    expect(ours.fields()).toEqual(['traceparent', 'tracestate', 'baggage']);
  });
});
