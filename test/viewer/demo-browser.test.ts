import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicStandIn } from '../../scripts/anthropic-stand-in.js';
import { type StandIn, startOpenAiStandIn } from '../../scripts/openai-stand-in.js';
import type { ProviderStandIn } from '../../scripts/provider-stand-in.js';
import { formatCost } from '../../viewer/src/views/format.js';
import { launchBrowser } from './browser.js';
import { repoRoot, startViewerProcess, tempDataDir, type ViewerProcess } from './viewer-process.js';
import { startExampleWorker, type WorkerProcess } from './worker-process.js';

// The demo flow in headless Chromium. With worker-example present this is the real flow: the demo's
// turns go through the example Worker under `wrangler dev`, whose OpenAI calls hit the local stand-in
// and whose tracer exports to the viewer. VIEWER_TEST_DIRECT=1 (or no worker-example) uses
// `npm run demo -- --direct`, which posts the same turns' spans straight to the viewer.

const REAL_FLOW = existsSync(join(repoRoot, 'worker-example/src/index.ts')) && process.env.VIEWER_TEST_DIRECT !== '1';
const SCREENSHOTS = join(repoRoot, 'test/viewer/screenshots');
const TIME_ZONE = 'Pacific/Auckland';

let viewer: ViewerProcess;
let standIn: StandIn | undefined;
let anthropicStandIn: ProviderStandIn | undefined;
let worker: WorkerProcess | undefined;
let browser: Browser;
let page: Page;
// biome-ignore lint/suspicious/noExplicitAny: API answers are checked field by field
let apiUser: any;

beforeAll(async () => {
  viewer = await startViewerProcess(await tempDataDir());
  const demoEnv: Record<string, string> = { VIEWER_URL: viewer.url, WORKER_URL: 'http://127.0.0.1:9' };
  if (REAL_FLOW) {
    standIn = await startOpenAiStandIn();
    anthropicStandIn = await startAnthropicStandIn();
    worker = await startExampleWorker(standIn.url, viewer.url, {
      ANTHROPIC_BASE_URL: anthropicStandIn.url,
      ANTHROPIC_API_KEY: 'sk-ant-test',
    });
    demoEnv.WORKER_URL = worker.url;
  }
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['scripts/demo.js', ...(REAL_FLOW ? [] : ['--direct'])],
    { cwd: repoRoot, env: { ...process.env, ...demoEnv }, timeout: 60_000 },
  );
  expect(stdout).toMatch(REAL_FLOW ? /through the example Worker/ : /as OTLP\/HTTP JSON/);
  apiUser = (await (await fetch(`${viewer.url}/api/users?user=user-123`)).json()).users[0];
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: TIME_ZONE });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await standIn?.close();
  await anthropicStandIn?.close();
  await viewer?.stop();
});

const normalize = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

describe(`the demo flow in Chromium (${REAL_FLOW ? 'example Worker + OpenAI stand-in' : '--direct'})`, () => {
  it('lists the demo session with 2 turns, times in the viewer’s zone', async () => {
    await page.goto(viewer.url);
    const row = page.locator('#sessions tr[data-session="sess-abc"]');
    expect(await row.locator('td.turns').textContent()).toBe('2');
    expect(normalize(await row.locator('td.users').textContent())).toBe('user-123');
    // Newest first: the seed's session was the demo's last.
    expect(await page.locator('#sessions tbody tr').first().getAttribute('data-session')).toBe('sess-abc');
    const time = row.locator('time').first();
    const iso = await time.getAttribute('datetime');
    expect(await time.getAttribute('title')).toBe(iso);
    const local = new Date(iso!).toLocaleString('en-US', { timeZone: TIME_ZONE });
    expect(normalize(await time.textContent())).toBe(normalize(local));
    await page.screenshot({ path: join(SCREENSHOTS, 'sessions.png'), fullPage: true });
  });

  it('opens the session: both turns in order, the chat span showing session.id, user.id and channel', async () => {
    await page.locator('#sessions tr[data-session="sess-abc"] a[href="/sessions/sess-abc"]').click();
    await page.waitForURL('**/sessions/sess-abc');
    const turns = page.locator('section.turn');
    expect(await turns.count()).toBe(2);
    expect(await turns.nth(0).getAttribute('data-turn')).toBe('1');
    expect(await turns.nth(0).locator('.messages').textContent()).toContain("What's the weather like for hiking?");
    expect(await turns.nth(1).locator('.messages').textContent()).toContain('And what should I pack?');
    for (let i = 0; i < 2; i++) {
      const chat = turns.nth(i).locator('li.span[data-name="chat"] > details');
      // Open by default, as "open any turn to see its chat span" promises.
      expect(await chat.getAttribute('open')).not.toBeNull();
      const value = (key: string) => chat.locator(`> table tr[data-key="${key}"] td`).nth(1);
      expect(await value('session.id').isVisible()).toBe(true);
      expect(await value('session.id').textContent()).toBe('sess-abc');
      expect(await value('user.id').textContent()).toBe('user-123');
      expect(JSON.parse((await value('metadata').textContent())!)).toEqual({ channel: 'web' });
      expect(await turns.nth(i).locator('.metadata').textContent()).toBe('{"channel":"web"}');
    }
    // The second turn is streamed: it has a time to first token.
    expect(normalize(await turns.nth(1).locator('.ttft').textContent())).toMatch(/^\d+(\.\d+)? m?s$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'session.png'), fullPage: true });
  });

  it('shows the user’s request count and cost on the users page, linking to their sessions', async () => {
    await page.locator('header a[href="/users"]').click();
    await page.waitForURL('**/users');
    const row = page.locator('#users tr[data-user="user-123"]');
    expect(await row.locator('.requests').textContent()).toBe('2');
    expect(apiUser.costUsd).toBeGreaterThan(0);
    expect(await row.locator('.cost').textContent()).toBe(formatCost(apiUser.costUsd));
    await page.screenshot({ path: join(SCREENSHOTS, 'users.png'), fullPage: true });

    await row.locator('a').first().click();
    await page.waitForURL('**/?user=user-123');
    expect(await page.locator('#user-stats .requests').textContent()).toBe('2');
    const sessions = await page
      .locator('#sessions tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-session')));
    expect(sessions).toEqual(['sess-abc']);
  });
});

describe('the pages for finding things, in Chromium', () => {
  it('shows feedback on the turn and in the session’s row', async () => {
    const session = await (await fetch(`${viewer.url}/api/sessions/sess-abc`)).json();
    const feedback = await fetch(`${viewer.url}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ traceId: session.turns[1].traceId, name: 'helpful', value: 'up', comment: 'great list' }),
    });
    expect(feedback.status).toBe(201);
    await page.goto(`${viewer.url}/sessions/sess-abc`);
    const item = page.locator('section.turn[data-turn="2"] ul.feedback li');
    expect(normalize(await item.textContent())).toMatch(/^▲ helpful: up “?great list”?/);
    await page.screenshot({ path: join(SCREENSHOTS, 'feedback.png'), fullPage: true });
    await page.goto(viewer.url);
    expect(normalize(await page.locator('#sessions tr[data-session="sess-abc"] td.feedback').textContent())).toBe(
      '▲ 1 · ▼ 0',
    );
  });

  it('searches inputs and outputs from the filter form', async () => {
    await page.goto(viewer.url);
    await page.fill('form.filter input[name="q"]', 'pack');
    await page.click('form.filter button[type="submit"]');
    await page.waitForURL(/q=pack/);
    const sessions = await page
      .locator('#sessions tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-session')));
    expect(sessions).toEqual(['sess-abc']);
    await page.screenshot({ path: join(SCREENSHOTS, 'search.png'), fullPage: true });
  });

  it('pages the sessions list with a next link that keeps the filters', async () => {
    await page.goto(`${viewer.url}/?limit=2`);
    const first = await page
      .locator('#sessions tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.dataset.session));
    expect(first).toHaveLength(2);
    await page.click('a.next-page');
    await page.waitForURL(/limit=2&cursor=/);
    const second = await page
      .locator('#sessions tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.dataset.session));
    expect(second.length).toBeGreaterThan(0);
    expect(second.some((id) => first.includes(id))).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, 'pagination.png'), fullPage: true });
  });

  it('draws the per-day charts on the users page and per user', async () => {
    await page.goto(`${viewer.url}/users`);
    const today = new Date().toISOString().slice(0, 10);
    const requests = page.locator(`#daily figure[data-chart="requests"] rect[data-day="${today}"]`);
    expect(Number(await requests.getAttribute('data-value'))).toBeGreaterThanOrEqual(6);
    expect((await requests.boundingBox())?.height).toBeGreaterThan(10);
    await page.screenshot({ path: join(SCREENSHOTS, 'users-chart.png'), fullPage: true });
    await page.goto(`${viewer.url}/?user=user-123`);
    const mine = page.locator(`#daily figure[data-chart="requests"] rect[data-day="${today}"]`);
    expect(await mine.getAttribute('data-value')).toBe('2');
    await page.screenshot({ path: join(SCREENSHOTS, 'user-chart.png'), fullPage: true });
  });
});
