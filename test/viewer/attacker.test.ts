import { gzipSync } from 'node:zlib';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTraceRequest } from '../../viewer/scripts/demo-turns.js';
import { seededRandom } from '../fixtures/workers/random.js';
import { launchBrowser } from './browser.js';
import { type Json, startTestViewer, type TestViewer } from './local-viewer.js';

// An attacker's notebook. Every attempt is written down with what the viewer must answer.
//   1. Markup in every attribute the pages render, in URLs and in the JSON API: stored, shown only
//      escaped, and any script that slipped through would meet a CSP that wants this response's nonce.
//   2. SQL metacharacters in every query parameter and path segment: a correct answer or a 400,
//      never a 500, never someone else's data, and the tables are all still there.
//   3. 10,000 seeded mutations of real OTLP bodies (JSON, protobuf, gzip, gzip bombs): never a 5xx,
//      and nothing stored from a rejected batch.

let viewer: TestViewer;

beforeAll(async () => {
  viewer = await startTestViewer();
});

afterAll(async () => {
  await viewer?.dispose();
});

// Sets window.__pwned if it ever runs, in any of the places markup can run.
const XSS = `"'><script>window.__pwned=1</script><img src=x onerror=window.__pwned=2>`;
const victim = (field: string) => `${field}${XSS}`;

describe('1. markup in everything the pages render', () => {
  const sessionId = victim('sess');
  const userId = victim('user');

  beforeAll(async () => {
    const request: Json = demoTraceRequest({
      turns: [
        {
          sessionId,
          userId,
          metadata: { [victim('key')]: victim('meta') },
          tags: [victim('tag')],
          message: victim('prompt'),
          reply: victim('reply'),
        },
      ],
    });
    for (const span of request.resourceSpans[0].scopeSpans[0].spans) {
      span.name = victim('span');
      span.attributes.push(
        { key: 'llm.model_name', value: { stringValue: victim('model') } },
        { key: victim('attribute-key'), value: { stringValue: victim('attribute') } },
        {
          key: 'llm.output_messages.0.message.tool_calls.0.tool_call.function.name',
          value: { stringValue: victim('tool') },
        },
        {
          key: 'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments',
          value: { stringValue: `{"q":"${XSS.replace(/"/g, '\\"')}"}` },
        },
      );
    }
    expect((await viewer.post('/v1/traces', JSON.stringify(request))).status).toBe(200);
    const session = await viewer.get(`/api/sessions/${encodeURIComponent(sessionId)}`);
    const response = await viewer.post(
      '/api/feedback',
      JSON.stringify({
        traceId: session.turns[0].traceId,
        name: victim('feedback'),
        value: victim('label'),
        comment: victim('comment'),
      }),
    );
    expect(response.status).toBe(201);
  });

  const pages = () => [
    '/',
    '/users',
    `/sessions/${encodeURIComponent(sessionId)}`,
    `/?user=${encodeURIComponent(userId)}`,
    `/?tag=${encodeURIComponent(victim('tag'))}&q=${encodeURIComponent(XSS)}&model=${encodeURIComponent(XSS)}`,
    `/sessions/${encodeURIComponent(XSS)}`,
  ];

  it('holds markup only escaped in the HTML, and every script carries the CSP nonce', async () => {
    for (const path of pages()) {
      const response = await fetch(`${viewer.url}${path}`);
      expect([200, 404], path).toContain(response.status);
      const html = await response.text();
      expect(html, path).not.toContain('<script>window.__pwned');
      expect(html, path).not.toMatch(/<img src=x/i);
      const csp = response.headers.get('content-security-policy') ?? '';
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, path).toBeTruthy();
      expect(csp).not.toContain("unsafe-inline' 'nonce");
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toBe(`<script nonce="${nonce}">`);
    }
    // Escaped, but all there: the session page shows each payload as text.
    const page = await (await fetch(`${viewer.url}/sessions/${encodeURIComponent(sessionId)}`)).text();
    for (const field of [
      'span',
      'model',
      'prompt',
      'reply',
      'tag',
      'meta',
      'attribute',
      'tool',
      'feedback',
      'comment',
    ]) {
      // (metadata is shown as JSON, where the quote is escaped once more)
      expect(page, field).toMatch(new RegExp(`${field}\\\\?&quot;&#39;&gt;&lt;script&gt;`));
    }
  });

  it('returns the payloads as JSON strings, byte for byte, as application/json', async () => {
    const response = await fetch(`${viewer.url}/api/sessions/${encodeURIComponent(sessionId)}`);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const session = await response.json();
    expect(session.sessionId).toBe(sessionId);
    expect(session.userIds).toEqual([userId]);
    expect(session.turns[0].tags).toEqual([victim('tag')]);
  });

  it('runs none of it in Chromium, on any page', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      for (const path of pages()) {
        await page.goto(`${viewer.url}${path}`);
        await page.waitForLoadState('load');
        expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned ?? null), path).toBeNull();
        for (const details of await page.locator('details').all())
          await details.evaluate((d) => d.setAttribute('open', ''));
        expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned ?? null), path).toBeNull();
      }
      expect(dialogs).toEqual([]);
    } finally {
      await browser.close();
    }
    // ~5 s on an idle machine; a Chromium start on a loaded one can take a good part of the default 30 s.
  }, 90_000);
});

const SQL = [
  "' OR 1=1--",
  '" OR ""="',
  "'; DROP TABLE spans; --",
  "user-123' UNION SELECT * FROM users--",
  '%00',
  '\u0000',
  '%',
  '_',
  '\\',
  'x'.repeat(8000),
  '𝕏\u202e',
  "channel=web' OR '1'='1",
];

describe('2. SQL metacharacters on every route', () => {
  beforeAll(async () => {
    expect((await viewer.post('/v1/traces', JSON.stringify(demoTraceRequest()))).status).toBe(200);
  });

  const routes = (value: string) => {
    const v = encodeURIComponent(value);
    return [
      ...['user', 'tag', 'q', 'model', 'meta', 'feedback', 'error', 'limit', 'cursor'].flatMap((key) => [
        `/api/sessions?${key}=${v}`,
        `/?${key}=${v}`,
      ]),
      `/api/users?user=${v}`,
      `/api/users?cursor=${v}&limit=${v}`,
      `/users?cursor=${v}`,
      `/api/daily?user=${v}`,
      `/api/sessions/${v}`,
      `/sessions/${v}`,
    ];
  };

  it('answers correctly or 400, never 500, never another user’s data', async () => {
    const tables = await viewer.count('spans');
    for (const value of SQL) {
      for (const path of routes(value)) {
        const response = await fetch(`${viewer.url}${path}`);
        expect([200, 400, 404], `${path.slice(0, 80)} → ${response.status}`).toContain(response.status);
        if (response.status !== 200 || !path.startsWith('/api/')) continue;
        const body = await response.json();
        // A filter that matches nothing shows nothing: no injected OR brings other sessions in.
        if (path.startsWith('/api/daily')) {
          expect(
            body.days.every((day: Json) => day.requests === 0),
            path,
          ).toBe(true);
        } else if (/[?&](user|tag|q|model|meta)=/.test(path)) {
          expect(body.sessions ?? body.users, path).toEqual([]);
        }
      }
    }
    expect(await viewer.count('spans')).toBe(tables);
    expect(await viewer.count('users')).toBeGreaterThan(0);
  });
});

const FUZZ_BODIES = 10_000;
const TRACE_MARK = 'f0f0';

const hex8 = (value: number) => (value >>> 0).toString(16).padStart(8, '0');
/**
 * A trace id that says which mutation carried it, with a check part, so a stored row can be traced
 * back to its mutation and a mutated id is never taken for another mutation's.
 */
const markedTraceId = (index: number) =>
  `${TRACE_MARK}${hex8(index)}${hex8(Math.imul(index + 1, 2654435761))}${hex8(Math.imul(index + 7, 40503))}aaaa`;

function protobufBase(): Uint8Array {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
  const tracer = provider.getTracer('fuzz');
  const root = tracer.startSpan('root', {
    attributes: { 'session.id': 'fuzz', 'user.id': 'fuzz-user', n: 1, ok: true },
  });
  root.addEvent('e', { x: 1.5 });
  root.end();
  return new Uint8Array(ProtobufTraceSerializer.serializeRequest(memory.getFinishedSpans())!);
}

function mutate(bytes: Uint8Array, next: () => number): Uint8Array {
  const out = [...bytes];
  const edits = 1 + Math.floor(next() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(next() * out.length);
    const kind = Math.floor(next() * 5);
    if (kind === 0) out[at] = Math.floor(next() * 256);
    else if (kind === 1) out.splice(at, 1 + Math.floor(next() * 8));
    else if (kind === 2)
      out.splice(at, 0, ...Array.from({ length: 1 + Math.floor(next() * 8) }, () => Math.floor(next() * 256)));
    else if (kind === 3) out.length = at;
    else out.splice(at, 0, ...out.slice(at, at + Math.floor(next() * 32)));
  }
  return new Uint8Array(out);
}

describe('3. 10,000 mutated OTLP bodies', () => {
  it('never answers 5xx and stores nothing from a rejected batch', async () => {
    const demo = JSON.stringify(demoTraceRequest());
    const demoTrace = /"traceId":"([0-9a-f]{32})"/.exec(demo)![1];
    const proto = protobufBase();
    const rejected = new Set<string>();
    const statuses = new Map<number, number>();
    const work = Array.from({ length: FUZZ_BODIES }, (_, index) => index);
    const worker = async () => {
      for (let index = work.shift(); index !== undefined; index = work.shift()) {
        const mark = markedTraceId(index);
        // One generator per mutation: mutation N can be replayed alone from seed 20261125 + N.
        const next = seededRandom(20261125 + index);
        let body: Uint8Array;
        let contentType = 'application/json';
        const headers: Record<string, string> = {};
        const shape = next();
        if (shape < 0.5) {
          body = mutate(new TextEncoder().encode(demo.replaceAll(demoTrace, mark)), next);
        } else {
          contentType = 'application/x-protobuf';
          body = mutate(protobufWithTrace(proto, mark), next);
        }
        const wrap = next();
        if (wrap < 0.15) {
          headers['content-encoding'] = 'gzip';
          body = new Uint8Array(gzipSync(body));
          if (wrap < 0.03) body = mutate(body, next);
        } else if (wrap < 0.16) {
          // A gzip bomb: a few KB that inflate past the 4 MiB decoded limit.
          headers['content-encoding'] = 'gzip';
          body = new Uint8Array(gzipSync(Buffer.concat([Buffer.from(body), Buffer.alloc(5 * 1024 * 1024, 32)])));
        }
        const response = await fetch(`${viewer.url}/v1/traces`, {
          method: 'POST',
          headers: { 'content-type': contentType, ...headers },
          body: body as Uint8Array<ArrayBuffer>,
        });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status >= 500) throw new Error(`mutation ${index} got ${response.status}`);
        if (response.status !== 200) rejected.add(mark);
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    expect([...statuses.keys()].every((status) => [200, 400, 413, 415].includes(status))).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(1000);
    expect(statuses.get(413)).toBeGreaterThan(10);
    const db = await viewer.mf.getD1Database('DB');
    const stored = await db
      .prepare(`SELECT DISTINCT trace_id AS mark FROM spans WHERE trace_id LIKE '${TRACE_MARK}%'`)
      .all<{ mark: string }>();
    // Marks intact (a mutation may have changed a digit and still been accepted under another id).
    const intact = (stored.results as { mark: string }[]).filter(
      ({ mark }) => mark === markedTraceId(Number.parseInt(mark.slice(4, 12), 16)),
    );
    expect(intact.length).toBeGreaterThan(100);
    expect(intact.filter(({ mark }) => rejected.has(mark))).toEqual([]);
  }, 240_000);
});

/** The protobuf base with every copy of its trace id replaced by `traceId`. */
function protobufWithTrace(proto: Uint8Array, traceId: string): Uint8Array {
  const bytes = Buffer.from(proto);
  // Span.trace_id is field 1 (0x0a), 16 bytes (0x10), the first one inside the span message.
  const at = bytes.indexOf(Buffer.from([0x0a, 0x10]));
  const original = bytes.subarray(at + 2, at + 18);
  const replacement = Buffer.from(traceId, 'hex');
  const out = Buffer.from(bytes);
  for (let i = out.indexOf(original); i >= 0; i = out.indexOf(original, i + 16)) replacement.copy(out, i);
  return new Uint8Array(out);
}
