// What forceFlush sends from inside workerd, read as raw JSON at a local collector: the OTLP/HTTP
// JSON mapping (hex ids, decimal-string times, integer enums, typed AnyValues, lowerCamelCase).
import { beforeAll, describe, expect, it } from 'vitest';
import { register, usingAttributes } from '../../src/index.js';
import { openSink, openStandIn, type SinkRequest } from './lab.js';

// biome-ignore lint/suspicious/noExplicitAny: the body is checked structurally, field by field
type Json = any;

const ANY_VALUE_FIELDS = ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue'];

/** Every object key in the body, wherever it is (attribute keys are values, so they are not here). */
function fieldNames(value: Json, names = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) fieldNames(item, names);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      names.add(key);
      fieldNames(item, names);
    }
  }
  return names;
}

/** Whether `value` is one OTLP `AnyValue` in the JSON mapping, of the right JS type. */
function isAnyValue(value: Json): boolean {
  const keys = Object.keys(value ?? {});
  if (keys.length !== 1 || !ANY_VALUE_FIELDS.includes(keys[0])) return false;
  const inner = value[keys[0]];
  switch (keys[0]) {
    case 'stringValue':
      return typeof inner === 'string';
    case 'boolValue':
      return typeof inner === 'boolean';
    case 'intValue': // int64: a JSON number or, as proto3 JSON prefers, a decimal string
      return Number.isInteger(inner) || (typeof inner === 'string' && /^-?\d+$/.test(inner));
    case 'doubleValue':
      return typeof inner === 'number';
    default:
      return Array.isArray(inner.values) && inner.values.every(isAnyValue);
  }
}

const attribute = (keyValues: Json[], key: string) => keyValues.find((kv) => kv.key === key)?.value;

describe('OTLP JSON sent from workerd', () => {
  let requests: SinkRequest[];
  let bodies: Json[];
  let spans: Json[];
  const startedMs = Date.now();

  beforeAll(async () => {
    const sink = await openSink();
    const standIn = await openStandIn();
    const obs = register({ serviceName: 'otlp-check', endpoint: sink.url });

    const lookUp = obs.tracer.tool(async function lookUp(_city: string) {
      throw new Error('no forecast today');
    });
    const ask = obs.tracer.chain(async function ask(city: string) {
      await lookUp(city).catch(() => undefined);
      const response = await obs.fetch(`${standIn.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Weather in ${city}?` }] }),
      });
      return ((await response.json()) as Json).choices[0].message.content;
    });
    await usingAttributes(
      { sessionId: 'sess-otlp', userId: 'user-otlp', metadata: { plan: 'pro', seats: 3 }, tags: ['beta', 'mobile'] },
      () => ask('Oslo'),
    );
    await obs.forceFlush();

    requests = (await sink.requests()).filter((request) => request.path === '/v1/traces');
    bodies = requests.map((request) => JSON.parse(request.body));
    spans = bodies.flatMap((body) =>
      body.resourceSpans.flatMap((rs: Json) => rs.scopeSpans.flatMap((ss: Json) => ss.spans)),
    );
  });

  const spanNamed = (name: string) => spans.find((span) => span.name === name);

  it('POSTs application/json to /v1/traces', () => {
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) expect(request.contentType).toBe('application/json');
  });

  it('sends all three spans: the chain, the failed tool and the LLM call', () => {
    expect(spans.map((span) => span.name).sort()).toEqual(['OpenAI Chat Completions', 'ask', 'lookUp']);
  });

  it('carries the resource and the instrumentation scope', () => {
    for (const body of bodies) {
      for (const resourceSpans of body.resourceSpans) {
        const resource = resourceSpans.resource.attributes;
        expect(attribute(resource, 'service.name')).toEqual({ stringValue: 'otlp-check' });
        expect(attribute(resource, 'telemetry.sdk.name')).toEqual({ stringValue: 'edge-llmobs' });
        expect(attribute(resource, 'telemetry.sdk.language')).toEqual({ stringValue: 'webjs' });
        for (const scopeSpans of resourceSpans.scopeSpans) expect(scopeSpans.scope.name).toBe('edge-llmobs');
      }
    }
  });

  it('writes trace ids as 32 and span ids as 16 lowercase hex characters', () => {
    for (const span of spans) {
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.traceId).not.toMatch(/^0+$/);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(span.spanId).not.toMatch(/^0+$/);
    }
    expect(spanNamed('ask').parentSpanId ?? '').toBe('');
    expect(spanNamed('lookUp').parentSpanId).toBe(spanNamed('ask').spanId);
    expect(spanNamed('OpenAI Chat Completions').parentSpanId).toBe(spanNamed('ask').spanId);
    expect(new Set(spans.map((span) => span.traceId)).size).toBe(1);
  });

  it('writes times as decimal strings of nanoseconds since the epoch', () => {
    const times = spans.flatMap((span) => [
      span.startTimeUnixNano,
      span.endTimeUnixNano,
      ...span.events.map((event: Json) => event.timeUnixNano),
    ]);
    for (const time of times) {
      expect(typeof time).toBe('string');
      expect(time).toMatch(/^\d{19}$/);
      // Within a day of this test (workerd's clock stands still between I/O, so no tighter bound).
      expect(Math.abs(Number(BigInt(time) / 1_000_000n) - startedMs)).toBeLessThan(86_400_000);
    }
    for (const span of spans) expect(BigInt(span.endTimeUnixNano) >= BigInt(span.startTimeUnixNano)).toBe(true);
  });

  it('writes span kinds and status codes as integers', () => {
    for (const span of spans) {
      expect(Number.isInteger(span.kind)).toBe(true);
      expect(Number.isInteger(span.status?.code ?? 0)).toBe(true);
    }
    expect(spanNamed('ask').kind).toBe(1); // SPAN_KIND_INTERNAL
    expect(spanNamed('OpenAI Chat Completions').kind).toBe(3); // SPAN_KIND_CLIENT
    expect(spanNamed('lookUp').status).toEqual({ code: 2, message: 'no forecast today' }); // STATUS_CODE_ERROR
  });

  it('records the failure as an exception event', () => {
    const [event] = spanNamed('lookUp').events;
    expect(event.name).toBe('exception');
    expect(attribute(event.attributes, 'exception.message')).toEqual({ stringValue: 'no forecast today' });
  });

  it('writes every attribute as one typed AnyValue', () => {
    const keyValues = [
      ...bodies.flatMap((body) => body.resourceSpans.flatMap((rs: Json) => rs.resource.attributes)),
      ...spans.flatMap((span) => [...span.attributes, ...span.events.flatMap((event: Json) => event.attributes)]),
    ];
    expect(keyValues.length).toBeGreaterThan(20);
    for (const keyValue of keyValues) {
      expect(typeof keyValue.key).toBe('string');
      expect(isAnyValue(keyValue.value), `${keyValue.key}: ${JSON.stringify(keyValue.value)}`).toBe(true);
    }
  });

  it('writes tag.tags as an arrayValue of strings on every span', () => {
    for (const span of spans) {
      expect(attribute(span.attributes, 'tag.tags')).toEqual({
        arrayValue: { values: [{ stringValue: 'beta' }, { stringValue: 'mobile' }] },
      });
    }
  });

  it('writes the context attributes as strings, metadata as JSON', () => {
    for (const span of spans) {
      expect(attribute(span.attributes, 'session.id')).toEqual({ stringValue: 'sess-otlp' });
      expect(attribute(span.attributes, 'user.id')).toEqual({ stringValue: 'user-otlp' });
      expect(attribute(span.attributes, 'metadata')).toEqual({ stringValue: '{"plan":"pro","seats":3}' });
    }
  });

  it('writes token counts as integers', () => {
    const llm = spanNamed('OpenAI Chat Completions');
    for (const key of ['llm.token_count.prompt', 'llm.token_count.completion', 'llm.token_count.total']) {
      expect(attribute(llm.attributes, key)).toEqual({ intValue: expect.anything() });
    }
  });

  it('uses lowerCamelCase field names only', () => {
    const names = [...fieldNames(bodies)];
    expect(names.filter((name) => !/^[a-z][a-zA-Z]*$/.test(name))).toEqual([]);
  });
});
