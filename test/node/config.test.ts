import { afterEach, describe, expect, it, vi } from 'vitest';
import { register } from '../../src/index.js';
import { collectingExporter } from '../fixtures/collecting-exporter.js';
import { startOtlpSink } from '../fixtures/otlp-sink.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

async function exportOneSpan(options: Parameters<typeof register>[0]) {
  const obs = register(options);
  obs.tracer.startSpan('configured').end();
  const result = await obs.forceFlush();
  await obs.shutdown();
  return result;
}

describe('configuration', () => {
  it('resolves options over the env object over process.env', async () => {
    const fromOptions = await startOtlpSink();
    const fromEnv = await startOtlpSink();
    const fromProcess = await startOtlpSink();
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', fromProcess.url);
    vi.stubEnv('OTEL_SERVICE_NAME', 'from-process');
    vi.stubEnv('OTEL_EXPORTER_OTLP_HEADERS', 'x-tenant=process,x-extra=a%20b');

    await exportOneSpan({ endpoint: fromOptions.url, env: { OTEL_EXPORTER_OTLP_ENDPOINT: fromEnv.url } });
    await exportOneSpan({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: fromEnv.url, OTEL_SERVICE_NAME: 'from-env' } });
    await exportOneSpan({ serviceName: 'from-options', apiKey: 'mw-key', headers: { 'x-tenant': 'options' } });

    expect(fromOptions.spans()).toHaveLength(1);
    expect(fromEnv.spans().map((span) => span.resource['service.name'])).toEqual(['from-env']);
    const [processRequest] = fromProcess.requests;
    expect(fromProcess.spans()[0].resource['service.name']).toBe('from-options');
    expect(processRequest.path).toBe('/v1/traces');
    expect(processRequest.headers['x-tenant']).toBe('options');
    expect(processRequest.headers['x-extra']).toBe('a b');
    expect(processRequest.headers.authorization).toBe('mw-key');
    expect(processRequest.headers['content-type']).toBe('application/json');
    await Promise.all([fromOptions.close(), fromEnv.close(), fromProcess.close()]);
  });

  it('sends JSON when the protocol variable names one whose encoding was not passed in, and says so', async () => {
    const sink = await startOtlpSink();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await exportOneSpan({ endpoint: sink.url, env: { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' } });
      expect(sink.spans()).toHaveLength(1);
      expect(sink.requests[0].headers['content-type']).toBe('application/json');
      const told = warn.mock.calls
        .map(([line]) => String(line))
        .filter((line) => line.includes('edge-llmobs/protobuf'));
      expect(told).toHaveLength(1);
    } finally {
      warn.mockRestore();
      await sink.close();
    }
  });

  it('uses OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as the full URL', async () => {
    const sink = await startOtlpSink();
    await exportOneSpan({ env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${sink.url}/custom/traces` } });
    expect(sink.requests.map((request) => request.path)).toEqual(['/custom/traces']);
    await sink.close();
  });

  it('cuts attribute values to OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', async () => {
    const exporter = collectingExporter();
    const obs = register({ env: { OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '5' }, exporter });
    obs.tracer.startSpan('limited', { attributes: { long: 'abcdefghij' } }).end();
    await obs.shutdown();
    expect(exporter.spans.map((span) => span.attributes.long)).toEqual(['abcde']);
  });

  it('loses a batch to an unreachable collector without throwing, and says so once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const result = await exportOneSpan({ endpoint: 'http://127.0.0.1:9', exportTimeoutMs: 2000 });
    expect(result).toEqual({ exported: 0, dropped: 1 });
    expect(warn.mock.calls.filter(([message]) => String(message).includes('could not export'))).toHaveLength(1);
    warn.mockRestore();
  });

  it('returns a working instance when called twice', async () => {
    const sink = await startOtlpSink();
    await exportOneSpan({ endpoint: sink.url });
    await exportOneSpan({ endpoint: sink.url });
    expect(sink.spans()).toHaveLength(2);
    await sink.close();
  });
});
