// Gzip from inside workerd. Since bodies under 32 KiB go plain (one request's trace, usually), the
// other workerd tests send plain bodies; this one sends a body over the threshold (what exportEvery
// batches and flushes of many traces send) through workerd's own CompressionStream, and checks the
// sink decodes every byte of it, and that a small body still goes plain.
import { describe, expect, it } from 'vitest';
import { register } from '../../src/index.js';
import { MIN_COMPRESSED_BYTES } from '../../src/pipeline/compression.js';
import { openSink } from './lab.js';

describe('gzip from workerd', () => {
  it('sends a body of 32 KiB or more gzipped, every byte intact, and a small one plain', async () => {
    const sink = await openSink();
    const obs = register({ serviceName: 'gzip-check', endpoint: sink.url, registerGlobal: false });
    const prompt = 'a long system prompt '.repeat(2000); // 42,000 characters: one body over the threshold
    obs.tracer.startSpan('big', { attributes: { 'input.value': prompt } }).end();
    expect(await obs.forceFlush()).toEqual({ exported: 1, dropped: 0 });
    obs.tracer.startSpan('small', { attributes: { 'input.value': 'hi' } }).end();
    expect(await obs.forceFlush()).toEqual({ exported: 1, dropped: 0 });
    await obs.shutdown();

    const requests = (await sink.requests()).filter((request) => request.path === '/v1/traces');
    expect(requests.map((request) => request.contentEncoding)).toEqual(['gzip', undefined]);
    // The sink gunzips what was sent gzipped: the body is the JSON as written, prompt and all.
    expect(requests[0].body.length).toBeGreaterThanOrEqual(MIN_COMPRESSED_BYTES);
    expect(requests[0].body).toContain(prompt);
    expect(JSON.parse(requests[0].body).resourceSpans[0].scopeSpans[0].spans[0].name).toBe('big');
    expect(requests[1].body.length).toBeLessThan(MIN_COMPRESSED_BYTES);
  });
});
