// Spans other libraries start through @opentelemetry/api, in every runtime the project runs in:
// Deno, Bun, workerd with nodejs_compat and the edge-runtime sandbox with AsyncLocalStorage (Node
// is test/node/otel-globals.test.ts). Each bundles its own copy of the API with the scenario.
import { AsyncLocalStorage } from 'node:async_hooks';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EdgeRuntime } from 'edge-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, ROOT, tempDir } from '../e2e/support/build.js';
import { startBundledWorker } from '../fixtures/miniflare-worker.js';
import { type OtlpSink, startOtlpSink } from '../fixtures/otlp-sink.js';
import { expectScenario } from './check.js';
import type { ScenarioResult } from './scenario.js';

const HERE = join(ROOT, 'test/otel-runtimes');
let sink: OtlpSink;
let dir: string;

beforeAll(async () => {
  [sink, dir] = await Promise.all([startOtlpSink(), tempDir('otel-runtimes')]);
});

afterAll(async () => {
  await sink?.close();
});

async function runScript(command: string, args: string[], sessionId: string): Promise<ScenarioResult> {
  const { stdout } = await promisify(execFile)(command, args, {
    env: { ...process.env, OTLP_ENDPOINT: sink.url, SESSION_ID: sessionId, DENO_NO_UPDATE_CHECK: '1' },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
}

describe('third-party spans through @opentelemetry/api', () => {
  it('in Deno', async () => {
    const script = await bundle(join(HERE, 'script.ts'), join(dir, 'deno.js'), {
      conditions: ['deno', 'worker', 'browser', 'import'],
    });
    const deno = join(ROOT, 'node_modules/.bin/deno');
    const result = await runScript(
      deno,
      ['run', '--allow-net', '--allow-env', '--no-prompt', script],
      'sess-otel-deno',
    );
    await expectScenario(sink, 'sess-otel-deno', result);
  });

  it('in Bun', async () => {
    const script = await bundle(join(HERE, 'script.ts'), join(dir, 'bun.js'), {
      conditions: ['bun', 'worker', 'browser', 'import'],
    });
    const result = await runScript(join(ROOT, 'node_modules/.bin/bun'), ['run', script], 'sess-otel-bun');
    await expectScenario(sink, 'sess-otel-bun', result);
  });

  it('in workerd with nodejs_compat', async () => {
    const { mf } = await startBundledWorker(join(HERE, 'worker.ts'), {
      keepNames: true,
      compatibilityFlags: ['nodejs_compat'],
      bindings: { OTLP_ENDPOINT: sink.url },
    });
    try {
      const response = await mf.dispatchFetch('http://worker/?session=sess-otel-workerd');
      expect(response.status).toBe(200);
      await expectScenario(sink, 'sess-otel-workerd', (await response.json()) as ScenarioResult);
    } finally {
      await mf.dispose();
    }
  });

  it("inside the Cloudflare adapter's request span (workerd, nodejs_compat)", async () => {
    const { mf } = await startBundledWorker(join(HERE, 'adapter-worker.ts'), {
      compatibilityFlags: ['nodejs_compat'],
      bindings: { OTLP_ENDPOINT: sink.url },
    });
    try {
      const response = await mf.dispatchFetch('http://worker/adapter', { headers: { 'x-session-id': 'sess-adapter' } });
      const seen = (await response.json()) as { spanId: string; headers: Record<string, string> };
      await expect
        .poll(() => sink.spans().filter((span) => span.attributes['session.id'] === 'sess-adapter').length)
        .toBe(2);
      const spans = sink.spans().filter((span) => span.attributes['session.id'] === 'sess-adapter');
      const root = spans.find((span) => span.name === 'GET /adapter');
      expect(seen.spanId).toBe(root?.spanId);
      expect(seen.headers.traceparent).toBe(`00-${root?.traceId}-${root?.spanId}-01`);
      expect(spans.find((span) => span.name === 'library span')?.parentSpanId).toBe(root?.spanId);
    } finally {
      await mf.dispose();
    }
  });

  it('in the edge-runtime sandbox (Vercel Edge) with AsyncLocalStorage', async () => {
    const script = await bundle(join(HERE, 'edge.ts'), join(dir, 'edge.js'), {
      conditions: ['edge-light', 'worker', 'browser', 'import'],
      format: 'iife',
    });
    const runtime = new EdgeRuntime({
      initialCode: await readFile(script, 'utf8'),
      extend: (context) => Object.assign(context, { process: { env: { OTLP_ENDPOINT: sink.url } }, AsyncLocalStorage }),
    });
    const response = await runtime.dispatchFetch('http://localhost/?session=sess-otel-edge');
    expect(response.status).toBe(200);
    await expectScenario(sink, 'sess-otel-edge', (await response.json()) as ScenarioResult);
  });
});
