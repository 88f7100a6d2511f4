import { context as apiContext, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { ROOT_CONTEXT as OUR_ROOT } from '../../src/context/context.js';
import { formatTraceparent, parseTraceparent, traceparentHeaders } from '../../src/propagation/traceparent.js';
import { NonRecordingSpan } from '../../src/trace/non-recording-span.js';
import { setSpan } from '../../src/trace/tracer.js';

const oracle = new W3CTraceContextPropagator();
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

// Valid, invalid and edge-of-the-grammar headers from the W3C spec and its test suite.
const TRACEPARENTS = [
  `00-${TRACE}-${SPAN}-01`,
  `00-${TRACE}-${SPAN}-00`,
  `00-${TRACE}-${SPAN}-09`,
  `00-${TRACE}-${SPAN}-ff`,
  ` 00-${TRACE}-${SPAN}-01`,
  `00-${TRACE}-${SPAN}-01 `,
  `01-${TRACE}-${SPAN}-01`,
  `cc-${TRACE}-${SPAN}-01-what-the-future-holds`,
  `00-${TRACE}-${SPAN}-01-extra`,
  `ff-${TRACE}-${SPAN}-01`,
  `00-${'0'.repeat(32)}-${SPAN}-01`,
  `00-${TRACE}-${'0'.repeat(16)}-01`,
  `00-${TRACE.toUpperCase()}-${SPAN}-01`,
  `00-${TRACE}-${SPAN}-1`,
  `00-${TRACE.slice(1)}-${SPAN}-01`,
  `00-${TRACE}-${SPAN}0-01`,
  `00_${TRACE}_${SPAN}_01`,
  `0-${TRACE}-${SPAN}-01`,
  `00-${TRACE}-${SPAN}-01-`,
  `00-${TRACE}-${SPAN}-0g`,
  '',
  'garbage',
  `  00-${TRACE}-${SPAN}-01`,
];

const TRACESTATES = [
  undefined,
  '',
  'congo=t61rcWkgMzE',
  'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
  ' rojo = 00f067aa0ba902b7 , congo=t61rcWkgMzE ',
  'tenant@vendor=value,a=1',
  'UPPER=1,ok=2',
  'a=1,a=2,b=3',
  'novalue,a=',
  'a=b=c,d=e',
  'k=v v,x=  y',
  Array.from({ length: 40 }, (_, i) => `k${i}=v${i}`).join(','),
  Array.from({ length: 10 }, (_, i) => `key${i}=${'x'.repeat(60)}`).join(','),
  `${'a'.repeat(257)}=1,b=2`,
];

function viaOracle(traceparent: string, tracestate: string | undefined) {
  const carrier: Record<string, string> = { traceparent };
  if (tracestate !== undefined) carrier.tracestate = tracestate;
  const extracted = oracle.extract(ROOT_CONTEXT, carrier, {
    get: (c, key) => c[key],
    keys: (c) => Object.keys(c),
  });
  const spanContext = trace.getSpanContext(extracted);
  if (!spanContext) return undefined;
  return { ...spanContext, traceState: spanContext.traceState?.serialize() };
}

function viaOurs(traceparent: string, tracestate: string | undefined) {
  const spanContext = parseTraceparent(traceparent, tracestate);
  if (!spanContext) return undefined;
  return { ...spanContext, traceState: spanContext.traceState?.serialize() };
}

describe('parseTraceparent against W3CTraceContextPropagator', () => {
  it.each(TRACEPARENTS)('traceparent %j', (header) => {
    expect(viaOurs(header, undefined)).toEqual(viaOracle(header, undefined));
  });

  it.each(TRACESTATES)('tracestate %j', (state) => {
    const ours = viaOurs(`00-${TRACE}-${SPAN}-01`, state);
    expect(ours).toEqual(viaOracle(`00-${TRACE}-${SPAN}-01`, state));
  });

  it('keeps TraceState updates in the same order as the OTel TraceState', () => {
    const ours = parseTraceparent(`00-${TRACE}-${SPAN}-01`, 'a=1,b=2,c=3')!.traceState!;
    const theirs = trace.getSpanContext(
      oracle.extract(
        ROOT_CONTEXT,
        { traceparent: `00-${TRACE}-${SPAN}-01`, tracestate: 'a=1,b=2,c=3' },
        {
          get: (c: Record<string, string>, k) => c[k],
          keys: (c) => Object.keys(c),
        },
      ),
    )!.traceState!;
    const steps = (state: typeof ours) => state.set('b', '9').set('new', 'x').unset('c').set('BAD', 'x').serialize();
    expect(steps(ours)).toBe(steps(theirs));
    expect(ours.get('b')).toBe(theirs.get('b'));
  });
});

describe('formatTraceparent and traceparentHeaders', () => {
  it.each([0, 1, 3, 9])('matches what the propagator injects for flags %i', (traceFlags) => {
    const spanContext = { traceId: TRACE, spanId: SPAN, traceFlags };
    const carrier: Record<string, string> = {};
    oracle.inject(trace.setSpanContext(apiContext.active(), spanContext), carrier, {
      set: (c, k, v) => {
        c[k] = v;
      },
    });
    expect(formatTraceparent(spanContext)).toBe(carrier.traceparent);
  });

  it('writes flags as exactly two hex digits (the OTel propagator writes "0ff" for 255)', () => {
    expect(formatTraceparent({ traceId: TRACE, spanId: SPAN, traceFlags: 255 })).toBe(`00-${TRACE}-${SPAN}-ff`);
    expect(parseTraceparent(formatTraceparent({ traceId: TRACE, spanId: SPAN, traceFlags: 0x81 }))?.traceFlags).toBe(
      0x81,
    );
  });

  it('gives the active span of a context, with its tracestate, and nothing for an invalid span', () => {
    const parent = parseTraceparent(`00-${TRACE}-${SPAN}-01`, 'congo=t61rcWkgMzE')!;
    const context = setSpan(OUR_ROOT, new NonRecordingSpan(parent));
    expect(traceparentHeaders(context)).toEqual({
      traceparent: `00-${TRACE}-${SPAN}-01`,
      tracestate: 'congo=t61rcWkgMzE',
    });
    expect(traceparentHeaders(OUR_ROOT)).toEqual({});
    const invalid = setSpan(OUR_ROOT, new NonRecordingSpan({ traceId: '0'.repeat(32), spanId: SPAN, traceFlags: 1 }));
    expect(traceparentHeaders(invalid)).toEqual({});
  });
});
