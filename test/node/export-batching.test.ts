// Batches bounded by bytes (split exactly, UTF-8 measured) and gzip where CompressionStream exists.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeOtlpJson, register, type SpanData } from '../../src/index.js';
import { canGzip, MIN_COMPRESSED_BYTES } from '../../src/pipeline/compression.js';
import { httpJson } from '../../src/pipeline/otlp/otlp-encoding.js';
import { OtlpHttpExporter } from '../../src/pipeline/otlp-http-exporter.js';
import { type ChaosCollector, startChaosCollector } from '../fixtures/chaos-collector.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';

const resource = { 'service.name': 'batching' };
const scope = { name: 'edge-llmobs', version: '0.0.0' };

async function makeSpans(count: number, text: (i: number) => string): Promise<SpanData[]> {
  const exporter = collectingExporter();
  const obs = register({ exporter, scheduledDelayMs: 0 });
  for (let i = 0; i < count; i++) obs.tracer.startSpan(`span-${i}`, { attributes: { 'input.value': text(i) } }).end();
  await obs.shutdown();
  return exporter.spans;
}

let collector: ChaosCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
  vi.unstubAllGlobals();
});

describe('byte-bounded JSON batches', () => {
  it('packs spans into bodies no larger than maxBytes, which together mean the whole batch', async () => {
    const spans = await makeSpans(40, (i) => `question ${i} `.repeat(20));
    const maxBytes = 4000;
    const bodies = httpJson.encode(spans, resource, scope, maxBytes);
    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies) expect(body.bytes.length).toBeLessThanOrEqual(maxBytes);
    expect(bodies.reduce((sum, body) => sum + body.spanCount, 0)).toBe(40);
    const whole = JSON.parse(encodeOtlpJson(spans, resource, scope));
    const parts = bodies.map((body) => JSON.parse(new TextDecoder().decode(body.bytes)));
    for (const part of parts) expect(part.resourceSpans[0].resource).toEqual(whole.resourceSpans[0].resource);
    expect(parts.flatMap((part) => part.resourceSpans[0].scopeSpans[0].spans)).toEqual(
      whole.resourceSpans[0].scopeSpans[0].spans,
    );
  });

  it('measures UTF-8 bytes, not UTF-16 length', async () => {
    const spans = await makeSpans(10, () => '漢字'.repeat(300)); // 600 chars, 1800 bytes each
    for (const body of httpJson.encode(spans, resource, scope, 5000)) {
      expect(body.bytes.length).toBeLessThanOrEqual(5000);
      expect(body.spanCount).toBe(2);
    }
  });

  it('gives a span larger than maxBytes a body of its own', async () => {
    const spans = await makeSpans(3, (i) => (i === 1 ? 'x'.repeat(10_000) : 'small'));
    expect(httpJson.encode(spans, resource, scope, 2000).map((body) => body.spanCount)).toEqual([1, 1, 1]);
  });

  it('splits one export into several requests through the exporter', async () => {
    collector = await startChaosCollector('ok');
    const spans = await makeSpans(30, (i) => `text ${i} `.repeat(50));
    const exporter = new OtlpHttpExporter({ url: `${collector.url}/v1/traces`, resource, scope, maxBatchBytes: 3000 });
    expect(await exporter.export(spans)).toEqual({ ok: true, exportedSpans: 30 });
    expect(exporter.stats.requests).toBe(collector.requests.length);
    expect(collector.requests.length).toBeGreaterThan(5);
    expect(collector.acceptedSpans().map((span) => span.name)).toEqual(spans.map((span) => span.name));
  });
});

describe('gzip', () => {
  it('gzips bodies of 32 KiB and more with Content-Encoding: gzip', async () => {
    expect(canGzip()).toBe(true);
    collector = await startChaosCollector('ok');
    const spans = await makeSpans(5, () => 'compress me '.repeat(1000));
    const exporter = new OtlpHttpExporter({ url: `${collector.url}/v1/traces`, resource, scope });
    await exporter.export(spans);
    const [request] = collector.requests;
    expect(request.headers['content-encoding']).toBe('gzip');
    expect(exporter.stats.bytesSent).toBeLessThan((request.body as Buffer).length / 5);
    expect(collector.acceptedSpans()).toHaveLength(5);
  });

  it("sends plain with compression: 'none' and for small bodies", async () => {
    collector = await startChaosCollector('ok');
    const big = await makeSpans(5, () => 'compress me '.repeat(1000));
    const small = await makeSpans(1, () => 'hi');
    await new OtlpHttpExporter({ url: `${collector.url}/v1/traces`, resource, scope, compression: 'none' }).export(big);
    await new OtlpHttpExporter({ url: `${collector.url}/v1/traces`, resource, scope }).export(small);
    expect(collector.requests.map((request) => request.headers['content-encoding'])).toEqual([undefined, undefined]);
    expect(collector.acceptedSpans()).toHaveLength(6);
  });

  it('sends a body under 32 KiB plain, where gzip would cost more CPU than the bytes it saves', async () => {
    collector = await startChaosCollector('ok');
    const exporter = new OtlpHttpExporter({ url: `${collector.url}/v1/traces`, resource, scope });
    // One request's trace with a 12 KB prompt, recorded twice (input.value and the input message).
    await exporter.export(await makeSpans(2, () => 'a long system prompt '.repeat(600)));
    await exporter.export(await makeSpans(3, () => 'a long system prompt '.repeat(600)));
    const sizes = collector.requests.map((request) => (request.body as Buffer).length);
    expect(sizes[0]).toBeLessThan(MIN_COMPRESSED_BYTES);
    expect(sizes[1]).toBeGreaterThanOrEqual(MIN_COMPRESSED_BYTES);
    expect(collector.requests.map((request) => request.headers['content-encoding'])).toEqual([undefined, 'gzip']);
    expect(exporter.stats.bytesSent).toBeLessThan(sizes[0] + sizes[1] / 5);
  });

  it('falls back to plain where CompressionStream is missing (edge-runtime)', async () => {
    vi.stubGlobal('CompressionStream', undefined);
    expect(canGzip()).toBe(false);
    collector = await startChaosCollector('ok');
    const spans = await makeSpans(5, () => 'compress me '.repeat(1000));
    const exporter = new OtlpHttpExporter({ url: `${collector.url}/v1/traces`, resource, scope });
    expect((await exporter.export(spans)).ok).toBe(true);
    expect(collector.requests[0].headers['content-encoding']).toBeUndefined();
  });

  it('is what register() does by default, and OTEL_EXPORTER_OTLP_COMPRESSION=none turns it off', async () => {
    collector = await startChaosCollector('ok');
    for (const env of [{}, { OTEL_EXPORTER_OTLP_COMPRESSION: 'none' }]) {
      const obs = register({ endpoint: collector.url, env, scheduledDelayMs: 0 });
      for (let i = 0; i < 5; i++) obs.tracer.startSpan('s', { attributes: { 'input.value': 'z'.repeat(8000) } }).end();
      await obs.shutdown();
    }
    expect(collector.requests.map((request) => request.headers['content-encoding'])).toEqual(['gzip', undefined]);
    // The collector fixture gunzipped the first body: it is the OTLP JSON.
    expect(JSON.parse((collector.requests[0].body as Buffer).toString()).resourceSpans).toHaveLength(1);
  });
});
