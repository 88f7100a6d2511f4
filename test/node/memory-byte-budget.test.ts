// The scenario of issue 10, as a new user would meet it: register({ endpoint }) pointing at a port
// nobody listens on, instrumentFetch, and 3,000 chat calls through the official openai SDK to the
// local OpenAI stand-in, each with a 100 KB prompt and a 20 KB reply. It runs in a child Node process
// started with --expose-gc (bundled by esbuild from the source below) so the heap can be measured
// after full collections. After the calls, the child starts a collector on the dead port and shuts
// the tracer down: what arrives is decoded and summed up in one JSON line.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import { refusedPort } from '../fixtures/refused-port.js';

const CALLS = 3000;
const HEAP_GROWTH_BOUND = 32 * 1024 * 1024;
const SYSTEM_CHARS = 80_000;
const USER_CHARS = 20_000;

const CHILD = `
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import { instrumentFetch, register, usingSession, usingUser } from '../../src/index.ts';

const obs = register({
  serviceName: 'byte-budget',
  endpoint: process.env.DOWN_URL,
  ...(process.env.MAX_QUEUE_SIZE ? { maxQueueSize: Number(process.env.MAX_QUEUE_SIZE) } : {}),
});
const client = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.OPENAI_URL, fetch: instrumentFetch(), maxRetries: 0 });
const system = 's'.repeat(${SYSTEM_CHARS});
const user = 'u'.repeat(${USER_CHARS - 8});

function heap() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

const bodies = createHash('sha256');
let failures = 0;
let baseline = 0;
let peakHeld = 0;
for (let i = 0; i < ${CALLS}; i++) {
  try {
    const response = await usingSession('session-' + i, () =>
      usingUser('user-' + (i % 7), () =>
        client.chat.completions
          .create({
            model: 'gpt-4o-mini',
            messages: [
              { role: 'system', content: system + i },
              { role: 'user', content: user + String(i).padStart(8, '0') },
            ],
          })
          .asResponse(),
      ),
    );
    bodies.update(new Uint8Array(await response.arrayBuffer()));
  } catch (error) {
    failures++;
  }
  const b = obs.buffer;
  peakHeld = Math.max(peakHeld, b.queuedBytes + b.inFlightBytes);
  if (i === 300) baseline = heap();
}
const final = heap();
const held = { size: obs.buffer.size, queuedBytes: obs.buffer.queuedBytes, degraded: obs.buffer.degradedSpans, dropped: obs.buffer.droppedSpans };

// The collector comes back on the same port.
const received = [];
const collector = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    let body = Buffer.concat(chunks);
    if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    for (const resource of JSON.parse(body.toString('utf8')).resourceSpans)
      for (const scope of resource.scopeSpans) for (const span of scope.spans) received.push(span);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
await new Promise((resolve) => collector.listen(Number(new URL(process.env.DOWN_URL).port), '127.0.0.1', resolve));
await obs.shutdown();
await new Promise((resolve) => collector.close(resolve));

function attribute(span, key) {
  const value = span.attributes.find((a) => a.key === key)?.value;
  if (!value) return undefined;
  return value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : value.doubleValue);
}
const llm = received.filter((span) => attribute(span, 'openinference.span.kind') === 'LLM');
const summary = llm.map((span) => ({
  session: attribute(span, 'session.id'),
  user: attribute(span, 'user.id'),
  model: attribute(span, 'llm.model_name'),
  prompt: attribute(span, 'llm.token_count.prompt'),
  completion: attribute(span, 'llm.token_count.completion'),
  total: attribute(span, 'llm.token_count.total'),
  longest: Math.max(...span.attributes.map((a) => (a.value.stringValue ?? '').length)),
  truncated: attribute(span, 'edge_llmobs.truncated_attributes'),
}));
console.log(JSON.stringify({
  baseline, final, peakHeld, held, failures, bodies: bodies.digest('hex'),
  received: summary.length,
  sessions: summary.map((s) => s.session),
  complete: summary.filter((s) => s.session && s.user && s.model && s.prompt > 0 && s.completion > 0 && s.total > 0).length,
  skeletons: summary.filter((s) => s.truncated > 0 && s.longest <= 256).length,
}));
process.exit(0);
`;

let dir: string;
let script: string;
let downUrl: string;
let standIn: StandIn;

beforeAll(async () => {
  // The child listens on it later.
  downUrl = `http://127.0.0.1:${await refusedPort()}`;
  standIn = await startOpenAiStandIn();
  dir = await mkdtemp(join(tmpdir(), 'edge-llmobs-byte-budget-'));
  script = join(dir, 'child.mjs');
  const bundle = await build({
    stdin: { contents: CHILD, resolveDir: dirname(fileURLToPath(import.meta.url)), loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  await writeFile(script, bundle.outputFiles[0].text);
}, 60_000);
afterAll(async () => {
  await standIn?.close();
  await rm(dir, { recursive: true, force: true });
});

async function runChild(env: Record<string, string>) {
  const first = standIn.requests.length;
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', script], {
    env: { ...process.env, DOWN_URL: downUrl, OPENAI_URL: standIn.url, ...env },
    maxBuffer: 16 << 20,
  });
  const result = JSON.parse(stdout.trim().split('\n').at(-1) as string);
  // The bytes the SDK handed to the app, call by call, against the bytes the stand-in sent.
  const sent = createHash('sha256');
  for (let i = first; i < first + CALLS; i++) sent.update(standIn.sentBytes(i));
  return { result, sentDigest: sent.digest('hex') };
}

describe('memory bounded in bytes with the collector down (Node, openai SDK, 100 KB prompts)', () => {
  it(`holds ${CALLS.toLocaleString('en')} calls under 32 MB of heap growth, every call answered with the same bytes; skeletons arrive once the collector is back`, async () => {
    const { result, sentDigest } = await runChild({});
    console.log('byte budget (defaults):', JSON.stringify({ ...result, sessions: result.sessions.length }));
    expect(result.failures).toBe(0);
    expect(result.bodies).toBe(sentDigest);
    expect(result.final - result.baseline).toBeLessThan(HEAP_GROWTH_BOUND);
    expect(result.peakHeld).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(result.held.degraded).toBeGreaterThan(0);
    expect(result.received).toBeGreaterThan(0);
    // Every span that arrives has its skeleton: session, user, model and token counts.
    expect(result.complete).toBe(result.received);
    expect(result.skeletons).toBeGreaterThan(0);
  }, 300_000);

  it('with the span-count cap out of the way, the byte budget alone bounds memory and the latest calls arrive', async () => {
    const { result, sentDigest } = await runChild({ MAX_QUEUE_SIZE: '100000' });
    console.log('byte budget (count cap 100,000):', JSON.stringify({ ...result, sessions: result.sessions.length }));
    expect(result.failures).toBe(0);
    expect(result.bodies).toBe(sentDigest);
    expect(result.final - result.baseline).toBeLessThan(HEAP_GROWTH_BOUND);
    expect(result.peakHeld).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(result.complete).toBe(result.received);
    expect(result.sessions).toContain(`session-${CALLS - 1}`);
    expect(result.sessions).toContain(`session-${CALLS - 2}`);
  }, 300_000);

  it('with OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT, a cut value holds only its own characters, not the whole prompt', async () => {
    // 2,048 spans each cut to 1,000-character values hold ~10 MB; had each cut kept its 100 KB prompt
    // alive (a V8 slice points into the string it came from), they would hold over 400 MB.
    const { result, sentDigest } = await runChild({ OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '1000' });
    console.log('byte budget (value limit 1,000):', JSON.stringify({ ...result, sessions: result.sessions.length }));
    expect(result.failures).toBe(0);
    expect(result.bodies).toBe(sentDigest);
    expect(result.final - result.baseline).toBeLessThan(HEAP_GROWTH_BOUND);
    expect(result.complete).toBe(result.received);
  }, 300_000);
});
