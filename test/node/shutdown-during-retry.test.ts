// shutdown() while an earlier export waits to retry against a failing collector: the final flush
// sends its spans at once instead of standing back, since no flush after it would send them, and it
// resolves only once the earlier export has settled, so a process that exits after shutdown() loses
// none of the spans that export held.
import { createServer, type IncomingMessage } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { register } from '../../src/index.js';
import type { OtlpHttpExporter } from '../../src/pipeline/otlp-http-exporter.js';

async function spanNames(request: IncomingMessage): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  return body.resourceSpans.flatMap((r: { scopeSpans: { spans: { name: string }[] }[] }) =>
    r.scopeSpans.flatMap((s) => s.spans.map((span) => span.name)),
  );
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('shutdown while an export waits to retry', () => {
  it('sends the final flush instead of standing back', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const received: string[][] = [];
    let answered = 0;
    // The first request gets 503 with Retry-After: 3, so its export waits 3 s before trying again.
    const server = createServer(async (request, response) => {
      received.push(await spanNames(request));
      if (answered++ === 0) response.writeHead(503, { 'retry-after': '3' }).end();
      else response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const obs = register({
      endpoint: `http://127.0.0.1:${port}`,
      compression: 'none',
      scheduledDelayMs: 0,
      exportTimeoutMs: 8000,
    });
    const stats = (obs.buffer.exporter as OtlpHttpExporter).stats;

    obs.tracer.startSpan('before the outage').end();
    const first = obs.forceFlush();
    // The first export has its 503 and is about to wait out the Retry-After.
    await until(() => stats.lastStatus === 503);
    await new Promise((resolve) => setTimeout(resolve, 50));

    obs.tracer.startSpan('at shutdown').end();
    await obs.shutdown();
    expect(stats.deferredExports).toBe(0);
    expect(received.flat()).toContain('at shutdown');
    expect(obs.buffer.size).toBe(0);
    // The earlier export's retry happened before shutdown() resolved.
    expect(received.flat().filter((name) => name === 'before the outage')).toHaveLength(2);
    expect(obs.buffer.inFlight).toBe(0);

    await first;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }, 20_000);
});
