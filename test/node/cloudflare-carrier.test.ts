// The trace context that crosses Cloudflare bindings: W3C baggage (against @opentelemetry/core's
// W3CBaggagePropagator as the oracle), the carrier built from a context and read back, the extra RPC
// argument and the queue envelope.
import { ROOT_CONTEXT as OTEL_ROOT, propagation } from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import {
  carrierFor,
  openQueueEnvelope,
  queueEnvelope,
  rpcArgument,
  startFromCarrier,
  takeRpcCarrier,
} from '../../src/adapters/cloudflare/trace-carrier.js';
import { register } from '../../src/index.js';
import { formatBaggage, parseBaggage } from '../../src/propagation/baggage.js';

const oracle = new W3CBaggagePropagator();
const getter = { get: (carrier: Record<string, string>, key: string) => carrier[key], keys: Object.keys };
const setter = {
  set(carrier: Record<string, string>, key: string, value: string) {
    carrier[key] = value;
  },
};

function oracleParse(header: string): Record<string, string> {
  const baggage = propagation.getBaggage(oracle.extract(OTEL_ROOT, { baggage: header }, getter));
  return Object.fromEntries((baggage?.getAllEntries() ?? []).map(([key, entry]) => [key, entry.value]));
}

function oracleFormat(entries: Record<string, string>): string {
  const carrier: Record<string, string> = {};
  const baggage = propagation.createBaggage(
    Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, { value: v }])),
  );
  oracle.inject(propagation.setBaggage(OTEL_ROOT, baggage), carrier, setter);
  return carrier.baggage;
}

describe('W3C baggage', () => {
  const cases: Record<string, string>[] = [
    { 'session.id': 'sess-abc', 'user.id': 'user-123' },
    { 'session.id': 'a b,c;d=e%f', 'user.id': 'ünïcødé 👋' },
  ];

  it('sends no member for an empty value, as the OTel propagator reads none', () => {
    expect(formatBaggage({ 'session.id': '', 'user.id': 'u' })).toBe('user.id=u');
    expect(oracleParse('session.id=,user.id=u')).toEqual({ 'user.id': 'u' });
  });

  it.each(cases)('formats what the OTel propagator reads back: %j', (entries) => {
    expect(oracleParse(formatBaggage(entries))).toEqual(entries);
    expect(parseBaggage(oracleFormat(entries))).toEqual(entries);
  });

  it.each([
    'session.id=sess-abc;ttl=60, user.id = user-123 ',
    'novalue, =x, session.id=a%20b',
    'bad=%E0%A4%A, user.id=ok',
    '',
  ])('parses %j as the OTel propagator does', (header) => {
    expect(parseBaggage(header)).toEqual(oracleParse(header));
  });

  it('ignores a header longer than the spec allows', () => {
    expect(parseBaggage(`session.id=${'x'.repeat(9000)}`)).toEqual({});
  });
});

describe('the carrier of a context', () => {
  const obs = register({ serviceName: 'carrier', exporter: { export: async () => ({ ok: true }) } });

  it('names the active span and its session and user, and a callee reads them back', () => {
    const scope = obs.scope();
    const carrier = scope.usingSession('sess 1', () =>
      scope.usingUser('user-1', () =>
        scope.tracer.startActiveSpan('caller', (span) => {
          span.end();
          return carrierFor(scope.context);
        }),
      ),
    )!;
    expect(carrier.traceparent).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-01$/);
    expect(parseBaggage(carrier.baggage)).toEqual({ 'session.id': 'sess 1', 'user.id': 'user-1' });

    const trusted = startFromCarrier(carrier, true, { channel: 'web' });
    expect(trusted.parentHeaders?.get('traceparent')).toBe(carrier.traceparent);
    expect(trusted.identity).toEqual({ sessionId: 'sess 1', userId: 'user-1', metadata: { channel: 'web' } });
    // Untrusted: the parent is kept, the ids are not.
    const untrusted = startFromCarrier(carrier, false);
    expect(untrusted.parentHeaders?.get('traceparent')).toBe(carrier.traceparent);
    expect(untrusted.identity).toEqual({ metadata: undefined });
  });

  it('is undefined without a span, so calls outside a traced request are unchanged', () => {
    expect(carrierFor(obs.scope().context)).toBeUndefined();
  });
});

describe('the RPC argument and the queue envelope', () => {
  const carrier = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };

  it('takes the carrier off the arguments and leaves the user arguments as they were', () => {
    expect(takeRpcCarrier(['a', 2, rpcArgument(carrier)])).toEqual([['a', 2], carrier]);
    expect(takeRpcCarrier([])).toEqual([[], undefined]);
  });

  it('leaves a user object that only looks like the carrier', () => {
    const lookalike = { __edgeLlmobsTraceContext: carrier, other: 1 };
    expect(takeRpcCarrier(['a', lookalike])).toEqual([['a', lookalike], undefined]);
    expect(takeRpcCarrier(['a', null])).toEqual([['a', null], undefined]);
  });

  it('opens a queue envelope into the body sent, and leaves other bodies alone', () => {
    expect(openQueueEnvelope(queueEnvelope(carrier, { i: 1 }))).toEqual([{ i: 1 }, carrier]);
    expect(openQueueEnvelope(queueEnvelope(carrier, undefined))).toEqual([undefined, carrier]);
    for (const body of ['text', 3, null, { body: 1 }, { __edgeLlmobsTraceContext: carrier, body: 1, more: 2 }]) {
      expect(openQueueEnvelope(body)).toEqual([body, undefined]);
    }
  });
});
