// 100,000 traced requests with the collector down, in a child Node process started with --expose-gc
// so the heap can be measured after full collections. The child is bundled by esbuild from the
// source below (it imports ../../src/index.ts) and prints one JSON line of measurements.
//
// What the README promises: the heap grows about 1–1.6 MB after warm-up (request 10,000) and then
// stops growing. So the growth to the end must stay under HEAP_GROWTH_BOUND, and the second half
// (50,000 → 100,000) must add less than LATE_GROWTH_BOUND: a leak of 180 bytes a request would add
// 16 MB in all and 9 MB in the second half. Heap after two full collections does not depend on how
// loaded the machine is, so these are not timing asserts.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeChildScript } from '../fixtures/child-script.js';
import { refusedPort } from '../fixtures/refused-port.js';

const REQUESTS = 100_000;
const MAX_QUEUE = 2048;
const MB = 1_000_000;
const WARM_UP = 10_000;
const SAMPLE_EVERY = 10_000;
/** The README's "about 1–1.6 MB", with room for what two full collections leave behind. */
const HEAP_GROWTH_BOUND = 2.5 * MB;
/** Growth from request 50,000 to the end: under 40 B a request (measured: about 15); 180 B would be 9 MB. */
const LATE_GROWTH_BOUND = 2 * MB;

const CHILD = `
import { register } from '../../src/index.ts';

const mode = process.env.FLUSH_MODE;
const obs = register({
  serviceName: 'memory',
  endpoint: process.env.DOWN_URL,
  exportTimeoutMs: 500,
  attemptTimeoutMs: 200,
  maxExportAttempts: 3,
  scheduledDelayMs: mode === 'timer' ? 50 : 0,
});
const text = 'x'.repeat(1024);
const answer = obs.tracer.chain(async function answer(question) {
  await null;
  return 'echo ' + question;
});

function request(i) {
  return obs.tracer.startActiveSpan('request', async (root) => {
    const llm = obs.tracer.startSpan('llm');
    llm.setAttributes({
      'openinference.span.kind': 'LLM',
      'session.id': 'session-' + (i % 100),
      'llm.input_messages.0.message.content': text + i,
      'llm.output_messages.0.message.content': text,
    });
    llm.end();
    // One request in 25 leaves a span open in a trace nobody flushes.
    if (i % 25 === 0) obs.tracer.startSpan('leaked', { root: true });
    await answer('q' + i);
    root.end();
    return root.spanContext().traceId;
  });
}

function heap() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

const pending = new Set();
const peak = { queued: 0, heldAndInFlight: 0, open: 0, pendingFlushes: 0 };
const samples = [];
let baseline = 0;
for (let i = 0; i < ${REQUESTS}; i += 50) {
  const ids = await Promise.all(Array.from({ length: 50 }, (_, j) => request(i + j)));
  if (mode !== 'timer') {
    for (const traceId of ids) {
      const flush = obs.forceFlush({ traceId });
      pending.add(flush);
      flush.then(() => pending.delete(flush));
    }
  }
  const b = obs.buffer;
  peak.queued = Math.max(peak.queued, b.size);
  peak.heldAndInFlight = Math.max(peak.heldAndInFlight, b.size + b.inFlight);
  peak.open = Math.max(peak.open, b.openSpans.size);
  peak.pendingFlushes = Math.max(peak.pendingFlushes, pending.size);
  await new Promise((resolve) => setImmediate(resolve));
  if (i === ${WARM_UP}) baseline = heap();
  if (i % ${SAMPLE_EVERY} === 0) samples.push({ at: i, heap: heap() });
}
await Promise.all(pending);
const final = heap();
samples.push({ at: ${REQUESTS}, heap: final });
console.log(JSON.stringify({
  baseline, final, samples, peak,
  dropped: obs.buffer.droppedSpans, exported: obs.buffer.exportedSpans, size: obs.buffer.size,
  exporter: obs.buffer.exporter.stats,
}));
process.exit(0);
`;

let dir: string;
let script: string;
let downUrl: string;

beforeAll(async () => {
  downUrl = `http://127.0.0.1:${await refusedPort()}`;
  dir = await mkdtemp(join(tmpdir(), 'edge-llmobs-memory-'));
  script = join(dir, 'child.mjs');
  await writeChildScript(script, CHILD, dirname(fileURLToPath(import.meta.url)));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function runChild(mode: 'per-request' | 'timer') {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', script], {
    env: { ...process.env, DOWN_URL: downUrl, FLUSH_MODE: mode },
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) as string);
}

describe('memory with the collector down', () => {
  for (const mode of ['per-request', 'timer'] as const) {
    it(`stays bounded over ${REQUESTS.toLocaleString('en')} traced requests (${mode} flush)`, async () => {
      const result = await runChild(mode);
      console.log(`memory (${mode}):`, JSON.stringify(result));
      const samples = result.samples as { at: number; heap: number }[];
      const heapAt = (at: number) => samples.find((sample) => sample.at === at)?.heap as number;
      expect(samples.map((sample) => sample.at)).toEqual(
        Array.from({ length: REQUESTS / SAMPLE_EVERY + 1 }, (_, i) => i * SAMPLE_EVERY),
      );
      const growth = result.final - result.baseline;
      expect(growth, 'heap growth after warm-up, bytes').toBeLessThan(HEAP_GROWTH_BOUND);
      expect(result.final - heapAt(REQUESTS / 2), 'heap growth over the second half, bytes').toBeLessThan(
        LATE_GROWTH_BOUND,
      );
      // No sample after warm-up is far above the end either: growth did not come and go in a wave.
      for (const sample of samples.filter(({ at }) => at >= WARM_UP)) {
        expect(sample.heap - result.baseline, `heap growth at request ${sample.at}`).toBeLessThan(HEAP_GROWTH_BOUND);
      }
      expect(result.peak.queued).toBeLessThanOrEqual(MAX_QUEUE);
      expect(result.peak.heldAndInFlight).toBeLessThanOrEqual(MAX_QUEUE);
      expect(result.peak.open).toBeLessThanOrEqual(MAX_QUEUE);
      expect(result.size).toBeLessThanOrEqual(MAX_QUEUE);
      expect(result.exported).toBe(0);
      expect(result.dropped).toBeGreaterThan(REQUESTS);
    }, 120_000);
  }
});
