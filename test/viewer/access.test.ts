import { execFile } from 'node:child_process';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTraceRequest } from '../../viewer/scripts/demo-turns.js';
import { NO_TOKEN_MESSAGE } from '../../viewer/src/auth.js';
import { launchBrowser } from './browser.js';
import { startTestViewer, type TestViewer } from './local-viewer.js';
import { repoRoot } from './viewer-process.js';

// The viewer fails closed, in workerd: without VIEWER_TOKEN it answers only loopback requests unless
// VIEWER_PUBLIC is "true", and no page on another site can make a browser write to it.

// What Cloudflare puts on every request from the internet: the client's real address.
const FROM_INTERNET = { 'cf-connecting-ip': '203.0.113.7' };
const ROUTES = [
  '/',
  '/users',
  '/sessions/sess-abc',
  '/api/sessions',
  '/api/users',
  '/api/sessions/sess-abc',
  '/healthz',
];
const batch = () => JSON.stringify(demoTraceRequest());
// A bound for each browser step; the whole test gets 90 s for a slow Chromium start on a loaded machine.
const STEP_MS = 20_000;

describe('without VIEWER_TOKEN', () => {
  let viewer: TestViewer;
  beforeAll(async () => {
    viewer = await startTestViewer();
  });
  afterAll(async () => {
    await viewer?.dispose();
  });

  it('serves a local run on loopback', async () => {
    expect((await viewer.post('/v1/traces', batch())).status).toBe(200);
    for (const path of ROUTES) expect((await fetch(`${viewer.url}${path}`)).status, path).toBe(200);
  });

  it('answers every route 401 off loopback, saying how to set the token, and stores nothing', async () => {
    const spans = await viewer.count('spans');
    for (const path of ROUTES) {
      const response = await fetch(`${viewer.url}${path}`, { headers: FROM_INTERNET });
      expect(response.status, path).toBe(401);
      expect(await response.text(), path).toContain('npx wrangler secret put VIEWER_TOKEN');
    }
    const ingest = await viewer.post('/v1/traces', batch(), FROM_INTERNET);
    expect(ingest.status).toBe(401);
    expect(await ingest.json()).toEqual({ code: 16, message: NO_TOKEN_MESSAGE });
    expect(await viewer.count('spans')).toBe(spans);
  });

  it('treats a non-loopback Host (a deployed domain, or a DNS-rebound page) as off loopback', async () => {
    // fetch() always sends the URL's host, so this request goes through node:http.
    const { port } = new URL(viewer.url);
    const status = await new Promise<number | undefined>((resolve, reject) =>
      get({ host: '127.0.0.1', port, path: '/api/sessions', headers: { host: 'viewer.example.com' } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      }).on('error', reject),
    );
    expect(status).toBe(401);
  });
});

describe('VIEWER_PUBLIC = "true"', () => {
  let viewer: TestViewer;
  beforeAll(async () => {
    viewer = await startTestViewer({ bindings: { VIEWER_PUBLIC: 'true' } });
  });
  afterAll(async () => {
    await viewer?.dispose();
  });

  it('serves anyone, and every page says it is public', async () => {
    expect((await viewer.post('/v1/traces', batch(), FROM_INTERNET)).status).toBe(200);
    for (const path of ['/', '/users', '/sessions/sess-abc']) {
      const response = await fetch(`${viewer.url}${path}`, { headers: FROM_INTERNET });
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toContain('This viewer is public');
    }
  });
});

describe('no cross-site writes', () => {
  let viewer: TestViewer;
  let evil: Server;
  let evilUrl: string;
  beforeAll(async () => {
    viewer = await startTestViewer();
    // A page on another origin that tries every write a page can make without CORS.
    evil = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(`<!doctype html><body>
<form id="f" method="POST" action="${viewer.url}/v1/traces" enctype="text/plain"><input name='{"a":"' value='"}'></form>
<script>
const target = ${JSON.stringify(viewer.url)};
const body = ${JSON.stringify(batch())};
Promise.allSettled([
  fetch(target + '/v1/traces', { method: 'POST', mode: 'no-cors', body, headers: { 'content-type': 'text/plain' } }),
  fetch(target + '/v1/traces', { method: 'POST', body, headers: { 'content-type': 'application/json' } }),
  fetch(target + '/api/feedback', { method: 'POST', mode: 'no-cors', body: '{"traceId":"x","name":"n","value":1}' }),
]).then((results) => { document.title = 'done ' + results.map((r) => r.status).join(','); });
</script></body>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilUrl = `http://localhost:${(evil.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    evil?.close();
    await viewer?.dispose();
  });

  it.each([
    ['Origin of another site', { origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site', origin: 'http://127.0.0.1:1' }],
  ])('refuses ingest with %s (403), storing nothing', async (_name, headers) => {
    const spans = await viewer.count('spans');
    const response = await viewer.post('/v1/traces', batch(), headers);
    expect(response.status).toBe(403);
    expect((await response.json()).code).toBe(7);
    expect(await viewer.count('spans')).toBe(spans);
  });

  it('takes a same-origin write, and answers preflights without CORS headers', async () => {
    const ok = await viewer.post('/v1/traces', batch(), { origin: viewer.url, 'sec-fetch-site': 'same-origin' });
    expect(ok.status).toBe(200);
    const preflight = await fetch(`${viewer.url}/v1/traces`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a page on another origin in Chromium stores nothing, by fetch or by form', async () => {
    const spans = await viewer.count('spans');
    // Chromium reports the status of what reached the viewer, opaque no-cors answers included.
    const answers: string[] = [];
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      page.on('response', (response) => {
        if (!response.url().startsWith(viewer.url)) return;
        answers.push(`${response.request().method()} ${new URL(response.url()).pathname} ${response.status()}`);
      });
      // Each step has its own bound, so a hang names the step instead of timing the whole test out.
      await page.goto(evilUrl, { timeout: STEP_MS });
      await page.waitForFunction(() => document.title.startsWith('done'), undefined, { timeout: STEP_MS });
      // The two no-cors writes were sent and answered; the JSON one died at its preflight.
      expect(await page.title()).toBe('done fulfilled,rejected,fulfilled');
      // The form navigates the page to the viewer: wait for that answer, or the browser could close
      // before the form's POST was ever sent.
      const formAnswer = page.waitForResponse(
        (response) => response.request().resourceType() === 'document' && response.url() === `${viewer.url}/v1/traces`,
        { timeout: STEP_MS },
      );
      await page.evaluate(() => (document.getElementById('f') as HTMLFormElement).submit());
      expect((await formAnswer).status()).toBe(403);
    } finally {
      await browser.close();
    }
    expect(answers.sort()).toEqual(['POST /api/feedback 403', 'POST /v1/traces 403', 'POST /v1/traces 403']);
    expect(await viewer.count('spans')).toBe(spans);
  }, 90_000);
});

it('npm run viewer will not listen off loopback without a token (or VIEWER_PUBLIC=true)', async () => {
  const run = promisify(execFile)(process.execPath, ['scripts/viewer.js'], {
    cwd: repoRoot,
    env: { ...process.env, HOST: '0.0.0.0', PORT: '0', VIEWER_TOKEN: '', VIEWER_PUBLIC: '' },
    timeout: 20_000,
  });
  await expect(run).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/set VIEWER_TOKEN/) });
});
