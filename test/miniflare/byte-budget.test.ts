// The byte budget in workerd: 500 requests carrying 100 KB prompts through a Worker whose collector
// is down (a plain Miniflare instance, no compatibility flag). Every request is answered with the
// stand-in's exact bytes, the buffer never holds more than maxQueueBytes (queued and in flight), large
// values are cut before spans are dropped, and once the collector is back the spans that are left
// arrive as skeletons with session, user and token counts.
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBundledWorker } from '../fixtures/miniflare-worker.js';
import { type StandIn, startOpenAiStandIn } from '../fixtures/openai-stand-in.js';
import { refusedPort } from '../fixtures/refused-port.js';

const WORKER = fileURLToPath(new URL('./byte-budget-worker.ts', import.meta.url));
const REQUESTS = 500;
const PROMPT_CHARS = 100_000;
const MAX_QUEUE_BYTES = 16 * 1024 * 1024;

interface Stats {
  size: number;
  queuedBytes: number;
  inFlightBytes: number;
  degradedSpans: number;
  droppedSpans: number;
  exportedSpans: number;
}

interface Attribute {
  key: string;
  value: { stringValue?: string; intValue?: string; doubleValue?: number };
}

let standIn: StandIn;
let mf: Miniflare;
let port: number;

beforeAll(async () => {
  // The collector comes back on it later.
  port = await refusedPort();
  standIn = await startOpenAiStandIn();
  ({ mf } = await startBundledWorker(WORKER, {
    bindings: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, STAND_IN_URL: standIn.url },
  }));
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
  await standIn?.close();
});

async function stats(path = '/stats'): Promise<Stats> {
  const response = await mf.dispatchFetch(`http://worker${path}`);
  return (await response.json()) as Stats;
}

async function spansOf(request: IncomingMessage): Promise<{ attributes: Attribute[] }[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
  const json = JSON.parse(body.toString('utf8'));
  return json.resourceSpans.flatMap((r: { scopeSpans: { spans: unknown[] }[] }) =>
    r.scopeSpans.flatMap((s) => s.spans),
  );
}

function attribute(span: { attributes: Attribute[] }, key: string): string | number | undefined {
  const value = span.attributes.find((a) => a.key === key)?.value;
  if (!value) return undefined;
  return value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : value.doubleValue);
}

describe('the byte budget in workerd, collector down', () => {
  it(`answers ${REQUESTS} requests with 100 KB prompts unchanged and holds at most maxQueueBytes`, async () => {
    const first = standIn.requests.length;
    let peak = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const prompt = `${String(i).padStart(6, '0')}${'p'.repeat(PROMPT_CHARS - 6)}`;
      const response = await mf.dispatchFetch('http://worker/chat', {
        method: 'POST',
        body: JSON.stringify({ session: `session-${i}`, user: `user-${i % 5}`, prompt }),
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(standIn.sentText(first + i));
      if (i % 25 === 24) {
        const now = await stats();
        peak = Math.max(peak, now.queuedBytes + now.inFlightBytes);
      }
    }
    const held = await stats();
    console.log('workerd byte budget:', JSON.stringify({ peak, held }));
    expect(peak).toBeGreaterThan(MAX_QUEUE_BYTES / 2);
    expect(peak).toBeLessThanOrEqual(MAX_QUEUE_BYTES);
    expect(held.degradedSpans).toBeGreaterThan(0);
    expect(held.exportedSpans).toBe(0);

    // The collector comes back on the same port; shutdown sends what is left.
    const received: { attributes: Attribute[] }[] = [];
    const collector = createHttpServer(async (request, response) => {
      received.push(...(await spansOf(request)));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => collector.listen(port, '127.0.0.1', resolve));
    const after = await stats('/shutdown');
    await new Promise<void>((resolve) => collector.close(() => resolve()));
    const llm = received.filter((span) => attribute(span, 'openinference.span.kind') === 'LLM');
    // What was queued arrives (a flush still retrying when the collector came back may add its own).
    expect(after.exportedSpans).toBeGreaterThanOrEqual(held.size);
    expect(llm.length).toBeGreaterThanOrEqual(held.size);
    expect(llm.map((span) => attribute(span, 'session.id'))).toContain(`session-${REQUESTS - 1}`);
    for (const span of llm) {
      expect(attribute(span, 'session.id')).toMatch(/^session-\d+$/);
      expect(attribute(span, 'user.id')).toMatch(/^user-\d$/);
      expect(attribute(span, 'llm.token_count.prompt')).toBeGreaterThan(0);
      expect(attribute(span, 'llm.token_count.total')).toBeGreaterThan(0);
    }
    const skeletons = llm.filter((span) => (attribute(span, 'edge_llmobs.truncated_attributes') as number) > 0);
    expect(skeletons.length).toBeGreaterThan(0);
    for (const span of skeletons) {
      expect(String(attribute(span, 'input.value')).length).toBeLessThanOrEqual(256);
    }
  }, 300_000);
});
