import type { LocalViewer, LocalViewerOptions } from '../../viewer/scripts/local-viewer.js';
import { startLocalViewer } from '../../viewer/scripts/local-viewer.js';
import { tempDataDir } from './viewer-process.js';

// The viewer Worker in workerd (Miniflare) inside the test process, on a free port and a fresh data
// directory: what `npm run viewer` runs, without the child process, for suites that need many starts.

// biome-ignore lint/suspicious/noExplicitAny: API answers are checked field by field
export type Json = any;

/** A started viewer with small HTTP helpers. */
export interface TestViewer extends LocalViewer {
  get(path: string, headers?: Record<string, string>): Promise<Json>;
  post(path: string, body: BodyInit, headers?: Record<string, string>): Promise<Response>;
  /** Runs the Worker's cron trigger, as Cloudflare would. */
  runCron(): Promise<void>;
  /** Rows in a table, read through D1. */
  count(table: string): Promise<number>;
}

export async function startTestViewer(options: LocalViewerOptions = {}): Promise<TestViewer> {
  const viewer = await startLocalViewer({ port: 0, persistTo: await tempDataDir(), ...options });
  const db = await viewer.mf.getD1Database('DB');
  return {
    ...viewer,
    async get(path, headers = {}) {
      const response = await fetch(`${viewer.url}${path}`, { headers });
      if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
      return response.json();
    },
    post(path, body, headers = {}) {
      return fetch(`${viewer.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    },
    async runCron() {
      // Miniflare's Fetcher has scheduled() at runtime; its types leave it out.
      const worker = (await viewer.mf.getWorker()) as unknown as {
        scheduled(options: { cron: string }): Promise<unknown>;
      };
      await worker.scheduled({ cron: '17 * * * *' });
    },
    async count(table) {
      const row = await db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<{ n: number }>();
      return row?.n ?? 0;
    },
  };
}
