import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_MIGRATION } from '../../viewer/src/schema-ready.js';
import { startTestViewer } from './local-viewer.js';
import { repoRoot } from './viewer-process.js';

// Ready means ready: no route answers from a store without the viewer's tables, and the answer
// names the command that creates them where the viewer runs.

it('waits for the newest migration in viewer/migrations', async () => {
  const files = (await readdir(join(repoRoot, 'viewer/migrations'))).filter((name) => name.endsWith('.sql')).sort();
  expect(LATEST_MIGRATION).toBe(files[files.length - 1]);
});

describe('a store without tables', () => {
  it.each([
    ['locally', {}, /npm run viewer/],
    ['deployed', { VIEWER_LOCAL: 'false' }, /wrangler d1 migrations apply edge-llmobs-viewer --remote/],
  ])('%s: every route answers 503 with the right command', async (_where, bindings, hint) => {
    const viewer = await startTestViewer({ skipMigrations: true, bindings });
    try {
      for (const path of ['/healthz', '/', '/api/sessions']) {
        const response = await fetch(`${viewer.url}${path}`);
        expect(response.status, path).toBe(503);
        expect(response.headers.get('retry-after')).toBe('5');
        expect((await response.json()).error).toMatch(hint);
      }
      const ingest = await viewer.post('/v1/traces', '{}');
      expect(ingest.status).toBe(503);
      // An OTLP Status: UNAVAILABLE, which exporters retry.
      expect(await ingest.json()).toMatchObject({ code: 14, message: expect.stringMatching(hint) });
    } finally {
      await viewer.dispose();
    }
  });
});

it('npm run viewer listens only once its tables exist: its first answer is a 200', async () => {
  const viewer = await startTestViewer();
  try {
    expect(viewer.migrations.at(-1)).toBe(LATEST_MIGRATION);
    expect((await fetch(`${viewer.url}/healthz`)).status).toBe(200);
    expect((await viewer.post('/v1/traces', '{}')).status).toBe(200);
  } finally {
    await viewer.dispose();
  }
});
