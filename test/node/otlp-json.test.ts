import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Attributes, HrTime } from '@opentelemetry/api';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { encodeOtlpJson, register, type SpanData, usingSession, usingTags } from '../../src/index.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';

const resource: Attributes = { 'service.name': 'otlp-test', 'telemetry.sdk.name': 'edge-llmobs' };
const scope = { name: 'edge-llmobs', version: '0.1.0' };
// One resource object: the serializer groups spans by resource identity.
const sdkResource = resourceFromAttributes(resource);

async function sampleSpans(): Promise<SpanData[]> {
  const exporter = collectingExporter();
  const obs = register({ exporter });
  await usingSession('sess-otlp', () =>
    usingTags(['a', 'b'], () =>
      obs.tracer.chain(async function outer(question: string) {
        const span = obs.tracer.startSpan('inner', { kind: 2 });
        span.setAttributes({ count: 3, ratio: 0.5, ok: true, list: [1, 2], words: ['x', 'y'], unicode: 'naïve ✓' });
        span.addEvent('First Token Stream Event', { at: 1 });
        span.setStatus({ code: 2, message: 'bad' });
        span.end();
        return { answer: question.length };
      })('why?'),
    ),
  );
  await obs.shutdown();
  return exporter.spans;
}

function hrTime(time: SpanData['startTime']): HrTime {
  return [Math.floor(time.epochMs / 1000), (time.epochMs % 1000) * 1e6 + time.nanos];
}

/** The same span as sdk-trace-base would hand to an exporter. */
function toReadableSpan(span: SpanData): ReadableSpan {
  const end = span.endTime ?? span.startTime;
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => span.context,
    parentSpanContext: span.parentSpanId
      ? { traceId: span.context.traceId, spanId: span.parentSpanId, traceFlags: 1 }
      : undefined,
    startTime: hrTime(span.startTime),
    endTime: hrTime(end),
    duration: [0, 0],
    status: span.status,
    attributes: span.attributes,
    links: [...span.links],
    events: span.events.map((event) => ({ name: event.name, time: hrTime(event.time), attributes: event.attributes })),
    ended: true,
    resource: sdkResource,
    instrumentationScope: scope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: 0,
  };
}

// The awkward batch's body below, as the object mapping wrote it: its length and SHA-256.
const WHOLE_LENGTH = 102_743;
const WHOLE_SHA256 = 'c53558fc3da27db1a7c2abb1a47ef21bd3a28b5149364d1f348a846a37ba3f3f';

// biome-ignore lint/suspicious/noExplicitAny: JSON trees are compared structurally
type Json = any;

/** Both encoders may write int64 as a number or a string, and may omit empty or default fields. */
function normalize(value: Json, key?: string): Json {
  if (Array.isArray(value)) {
    // The transformer writes an attribute without a value as `value: {}`, where ours leaves it out.
    const items = key === 'attributes' ? value.filter((kv) => Object.keys(kv.value).length > 0) : value;
    return items.map((item) => normalize(item, key === 'links' ? 'link' : undefined));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
      // A link's flags are optional (the trace flags of the linked context): ours leaves them out.
      if (key === 'link' && k === 'flags') continue;
      if ((k === 'droppedAttributesCount' || k === 'droppedEventsCount' || k === 'droppedLinksCount') && v === 0)
        continue;
      if (k === 'schemaUrl' && v === '') continue;
      out[k] = normalize(v, k);
    }
    return out;
  }
  if (key === 'intValue') return String(value);
  // The HAS_IS_REMOTE bit (0x100) is optional: without it, a reader treats "remote" as unknown.
  if (key === 'flags') return value & 0xff;
  return value;
}

describe('OTLP/HTTP JSON', () => {
  it('means the same as @opentelemetry/otlp-transformer for the same spans', async () => {
    const spans = await sampleSpans();
    expect(spans).toHaveLength(2);
    const ours = JSON.parse(encodeOtlpJson(spans, resource, scope));
    const theirs = JSON.parse(
      new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans.map(toReadableSpan))),
    );
    expect(normalize(ours)).toEqual(normalize(theirs));
  });

  it('writes the JSON mapping: hex ids, decimal-string times, integer enums, typed values', async () => {
    const spans = await sampleSpans();
    const body = JSON.parse(encodeOtlpJson(spans, resource, scope));
    const [inner, outer] = body.resourceSpans[0].scopeSpans[0].spans;
    expect(inner.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(inner.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(inner.parentSpanId).toBe(outer.spanId);
    expect(inner.startTimeUnixNano).toMatch(/^\d{19}$/);
    expect(BigInt(inner.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(inner.startTimeUnixNano));
    expect(inner.kind).toBe(3);
    expect(outer.kind).toBe(1);
    const tags = outer.attributes.find((kv: Json) => kv.key === 'tag.tags');
    expect(tags.value).toEqual({ arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'b' }] } });
  });

  it('decodes into the official protobuf types', async () => {
    const spans = await sampleSpans();
    const json = JSON.parse(encodeOtlpJson(spans, resource, scope));
    // The generated protobufjs types of the OTLP protos (shipped by otlp-transformer 0.52).
    const require = createRequire(import.meta.url);
    const root = require('otlp-transformer-protobuf-oracle/build/src/generated/root.js');
    const Request = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
    // The JSON mapping writes ids as hex; protobufjs's object form wants their bytes.
    const hexToBytes = (hex: string) => Buffer.from(hex, 'hex');
    for (const span of json.resourceSpans[0].scopeSpans[0].spans) {
      span.traceId = hexToBytes(span.traceId);
      span.spanId = hexToBytes(span.spanId);
      if (span.parentSpanId) span.parentSpanId = hexToBytes(span.parentSpanId);
    }
    const decoded = Request.decode(Request.encode(Request.fromObject(json)).finish());
    expect(Request.verify(decoded)).toBeNull();
    const object = Request.toObject(decoded, { longs: String, bytes: String, defaults: false });
    const [first] = object.resourceSpans[0].scopeSpans[0].spans;
    expect(Buffer.from(first.traceId, 'base64').toString('hex')).toBe(spans[0].context.traceId);
    expect(first.startTimeUnixNano).toBe(json.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano);
    expect(first.attributes.find((kv: Json) => kv.key === 'unicode').value.stringValue).toBe('naïve ✓');
    expect(first.status).toEqual({ code: 2, message: 'bad' });
  });
});

describe('the exporter body encoder', () => {
  it('writes multi-byte text exactly, however the body is split', async () => {
    const { httpJson } = await import('../../src/pipeline/otlp/otlp-encoding.js');
    const exporter = collectingExporter();
    const obs = register({ exporter });
    for (let i = 0; i < 12; i++) {
      // Mostly 3-byte characters: more bytes than the encoder's first guess of one byte a character.
      obs.tracer
        .startSpan(`span-${i}`, { attributes: { text: '漢字テキスト✓'.repeat(200 + i), emoji: '🙂'.repeat(50) } })
        .end();
    }
    await obs.shutdown();
    const spans = exporter.spans;
    const whole = JSON.parse(encodeOtlpJson(spans, resource, scope));
    for (const maxBytes of [1, 9_000, 30_000, 10_000_000]) {
      const bodies = httpJson.encode(spans, resource, scope, maxBytes);
      const decoded = bodies.map((body) => JSON.parse(new TextDecoder().decode(body.bytes)));
      const names = decoded.flatMap((body) => body.resourceSpans[0].scopeSpans[0].spans);
      expect(names).toEqual(whole.resourceSpans[0].scopeSpans[0].spans);
      expect(bodies.map((body) => body.spanCount).reduce((a, b) => a + b)).toBe(12);
      for (const body of bodies) if (body.spanCount > 1) expect(body.bytes.length).toBeLessThanOrEqual(maxBytes);
    }
  });
});

describe('the body writer, on awkward input', () => {
  // Every kind of text JSON.stringify escapes, short and long (long strings take their own path).
  const awkward = [
    'plain',
    'quote " backslash \\ newline \n tab \t return \r',
    'controls \u0000 \u0001 \u001f \b \f and DEL \u007f',
    'lone surrogates \ud800 x \udc00, a pair \ud83d\ude00, U+FFFD \ufffd, U+2028 \u2028',
    'accents naïve café — “quotes” €49',
    // Only what the long-string path escapes itself: quotes, backslashes, newlines.
    'he said "hi" \\ then\n',
  ];
  const texts = [
    ...awkward,
    ...awkward.map((text) => `${text} `.repeat(40)),
    'x'.repeat(127),
    `"${'y'.repeat(127)}`,
    'z'.repeat(300),
  ];
  // Fixed ids and times, so the body is the same on every run.
  const context = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 };
  const startTime = { epochMs: 1_700_000_000_123, nanos: 456_789 };
  const endTime = { epochMs: 1_700_000_001_004, nanos: 7 };
  const awkwardResource = { ...resource, 'host.note': texts[6] as string, 'host.name': texts[3] as string };

  function awkwardSpan(index: number): SpanData {
    const attributes: Record<string, unknown> = {};
    texts.forEach((text, i) => {
      attributes[`text.${i}`] = text;
      attributes[text.slice(0, 40)] = i;
    });
    Object.assign(attributes, {
      numbers: [0, -0, 1.5, 1e21, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY],
      nan: Number.NaN,
      infinity: Number.NEGATIVE_INFINITY,
      double: 0.1 + 0.2,
      flags: [true, false],
      // A hole, null and undefined inside an array, and a nested array.
      // biome-ignore lint/suspicious/noSparseArray: a hole is what this checks
      mixed: ['a', , null, undefined, ['b', texts[6]]],
      big: 10n ** 20n,
      skipped: undefined,
      empty: null,
    });
    return {
      kind: 2,
      startTime,
      endTime: index === 5 ? undefined : endTime,
      droppedAttributesCount: index,
      droppedEventsCount: 0,
      name: texts[index % texts.length] as string,
      parentSpanId: index % 2 ? 'a3ce929d0e0e4736' : undefined,
      context: { ...context, traceState: index % 3 ? undefined : ({ serialize: () => 'k=v,"x"' } as never) },
      attributes: attributes as SpanData['attributes'],
      events: [{ name: texts[7] as string, time: startTime, attributes: { detail: texts[8] as string } }],
      links: [
        { context, attributes: { why: texts[1] as string } },
        { context, droppedAttributesCount: 2 },
      ],
      status: index % 2 ? { message: texts[index % texts.length], code: 2 } : { code: 1 },
      instrumentationScope:
        index === 2 ? { name: 'ai', version: '6.0.0' } : index === 3 ? { name: 'other' } : undefined,
    };
  }
  const spans = [0, 1, 2, 3, 4, 5].map(awkwardSpan);

  /** The body's text: the exporter's single body, decoded, checked to be encodeOtlpJson's text. */
  async function bodyText(batch: readonly SpanData[]): Promise<string> {
    const { httpJson } = await import('../../src/pipeline/otlp/otlp-encoding.js');
    const bodies = httpJson.encode(batch, awkwardResource, scope, Number.POSITIVE_INFINITY);
    expect(bodies).toHaveLength(1);
    const text = new TextDecoder().decode(bodies[0]?.bytes);
    expect(text).toBe(encodeOtlpJson(batch, awkwardResource, scope));
    return text;
  }

  /** A request's spans without the attributes OTLP has no mapping for, which the SDK drops at set. */
  function withoutUnmapped(request: Json): Json {
    for (const scopeSpans of request.resourceSpans[0].scopeSpans) {
      for (const span of scopeSpans.spans) {
        span.attributes = span.attributes.filter((kv: Json) => kv.key !== 'mixed' && kv.key !== 'big');
      }
    }
    return request;
  }

  it('means what @opentelemetry/otlp-transformer writes for the same spans', async () => {
    const ours = JSON.parse(await bodyText(spans));
    const awkwardSdkResource = resourceFromAttributes(awkwardResource);
    const readable = spans.map((span) => ({
      ...toReadableSpan(span),
      resource: awkwardSdkResource,
      instrumentationScope: span.instrumentationScope ?? scope,
      spanContext: () => span.context,
    }));
    const theirs = JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(readable)));
    expect(normalize(withoutUnmapped(structuredClone(ours)))).toEqual(normalize(withoutUnmapped(theirs)));
    // Values OTLP does not map, written as documented: a bigint as its decimal text, an array's hole as
    // null, any other non-attribute value as its String().
    const [first] = ours.resourceSpans[0].scopeSpans[0].spans;
    const value = (key: string) => first.attributes.find((kv: Json) => kv.key === key)?.value;
    expect(value('big')).toEqual({ stringValue: '100000000000000000000' });
    expect(value('mixed').arrayValue.values).toEqual([
      { stringValue: 'a' },
      null,
      { stringValue: 'null' },
      { stringValue: 'undefined' },
      { arrayValue: { values: [{ stringValue: 'b' }, { stringValue: texts[6] }] } },
    ]);
    expect(value('skipped')).toBeUndefined();
    expect(value('empty')).toBeUndefined();
  });

  it('writes the same bytes as the object mapping it replaced', async () => {
    // The SHA-256 of JSON.stringify of the object mapping this writer replaced (otlp-json.ts at
    // 547974c), for these spans: any change to the body's bytes shows here.
    const text = await bodyText(spans);
    expect(text.length).toBe(WHOLE_LENGTH);
    expect(createHash('sha256').update(text).digest('hex')).toBe(WHOLE_SHA256);
    expect(encodeOtlpJson([], awkwardResource, scope)).toBe(
      JSON.stringify({
        resourceSpans: [{ resource: JSON.parse(text).resourceSpans[0].resource, scopeSpans: [] }],
      }),
    );
  });

  it('stays JSON where a span lacks a string OTLP requires: a name that is a number, an event without a name, a link without ids', async () => {
    // What a JavaScript caller of the API can hand over; before, the first threw inside the exporter
    // and the others wrote text no collector parses, and either cost the batch every span in it.
    const odd = {
      ...spans[0],
      name: 42,
      events: [{ time: startTime, attributes: {} }],
      links: [{ context: {} }, { attributes: { why: 'no context' } }],
    } as unknown as SpanData;
    const request = JSON.parse(await bodyText([odd, spans[1] as SpanData]));
    const [first, second] = request.resourceSpans[0].scopeSpans[0].spans;
    expect(first).toMatchObject({ name: '42', events: [{ name: '' }] });
    expect(first.links).toMatchObject([
      { traceId: '', spanId: '' },
      { traceId: '', spanId: '', attributes: [{ key: 'why', value: { stringValue: 'no context' } }] },
    ]);
    expect(second.name).toBe(spans[1]?.name);
  });

  it('splits into bodies that are each the request of their spans alone', async () => {
    const { httpJson } = await import('../../src/pipeline/otlp/otlp-encoding.js');
    // One span a body, this library's scope first.
    const bodies = httpJson.encode(spans, awkwardResource, scope, 1);
    expect(bodies).toHaveLength(6);
    for (const [i, part] of bodies.entries()) {
      const span = spans[[0, 1, 4, 5, 2, 3][i] as number] as SpanData;
      expect(part.spanCount).toBe(1);
      expect(new TextDecoder().decode(part.bytes)).toBe(await bodyText([span]));
    }
  });
});
