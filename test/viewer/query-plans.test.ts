import { afterAll, beforeAll, expect, it } from 'vitest';
import { syntheticTraceRequest } from '../../viewer/scripts/synthetic-spans.js';
import type { D1Database } from '../../viewer/src/d1.js';
import { decodeTraceRequest } from '../../viewer/src/otlp/decode.js';
import { readDaily } from '../../viewer/src/store/read-daily.js';
import { readSession } from '../../viewer/src/store/read-session.js';
import { listSessions } from '../../viewer/src/store/read-sessions.js';
import { listUsers } from '../../viewer/src/store/read-users.js';
import { deleteExpired } from '../../viewer/src/store/retention.js';
import { writeFeedback } from '../../viewer/src/store/write-feedback.js';
import { writeSpans } from '../../viewer/src/store/write-spans.js';
import { startTestViewer, type TestViewer } from './local-viewer.js';
import { type RanStatement, recordingD1 } from './recording-d1.js';

// Cost that does not grow with what is stored, proved on the plans: every statement that ingest,
// the pages, the API and retention send is planned by workerd's SQLite, through D1 (the sqlite3 CLI
// plans some of them differently), and none may scan a table that grows with the store. The times
// themselves are in `npm run bench` (bench/figures/viewer-ingest.js).

let viewer: TestViewer;
let db: D1Database;

beforeAll(async () => {
  viewer = await startTestViewer();
  db = (await viewer.mf.getD1Database('DB')) as unknown as D1Database;
  for (let batch = 0; batch < 10; batch++) {
    await writeSpans(db, decodeTraceRequest(syntheticTraceRequest({ batch, traces: 100 })));
  }
});

afterAll(async () => {
  await viewer?.dispose();
});

// A scan is allowed over json_each (the statement's own bound list), over a CTE or subquery built
// from it, or down an ordered index that a LIMIT stops (the sessions and users pages, retention). A
// SEARCH on a range alone (`x>?`, what `x IS NOT NULL` becomes) walks a whole index, so it counts too.
const BOUNDED_SCAN =
  /^SCAN (j|d|e|ranked|touched|roots|json_each|\(subquery-\d+\))( |$)|VIRTUAL TABLE|USING (COVERING )?INDEX (sessions_last|users_last|turns_end)\b|^SCAN CONSTANT ROW/;
const WHOLE_INDEX = /^SCAN |^SEARCH \S+ USING (COVERING )?INDEX \w+ \(\w+[<>]\?\)$/;

async function unboundedScans(statement: RanStatement): Promise<string[]> {
  const { results } = await db
    .prepare(`EXPLAIN QUERY PLAN ${statement.sql}`)
    .bind(...statement.params)
    .all<{ detail: string }>();
  return results.map((row) => row.detail).filter((detail) => WHOLE_INDEX.test(detail) && !BOUNDED_SCAN.test(detail));
}

it('plans every ingest, page, API and retention statement without scanning a growing table', async () => {
  const ran: RanStatement[] = [];
  const recorded = recordingD1(db, ran);
  const rows = decodeTraceRequest(syntheticTraceRequest({ batch: 99, traces: 100 }));
  await writeSpans(recorded, rows);
  await writeSpans(recorded, rows);
  const first = await listSessions(recorded, { limit: 5 });
  expect(first.nextCursor).not.toBeNull();
  await listSessions(recorded, { limit: 5, cursor: first.nextCursor! });
  await listSessions(recorded, { user: 'syn-user-3' });
  await listSessions(recorded, { tag: 'none' });
  await listSessions(recorded, { q: 'hiking', model: 'gpt-4o', meta: 'channel=web', error: true, feedback: 'up' });
  await listSessions(recorded, { q: 'question 3-1' });
  expect(await writeFeedback(recorded, { traceId: rows[0].traceId, name: 'helpful', value: 'up' })).not.toBeNull();
  expect(await writeFeedback(recorded, { spanId: rows[1].spanId, name: 'helpful', value: -1 })).not.toBeNull();
  await readDaily(recorded, undefined);
  await readDaily(recorded, 'syn-user-3');
  const users = await listUsers(recorded, { limit: 5 });
  await listUsers(recorded, { user: 'syn-user-3' });
  await listUsers(recorded, { limit: 5, cursor: users.nextCursor! });
  expect(await readSession(recorded, first.sessions[0].sessionId)).not.toBeNull();
  await deleteExpired(recorded, 30, Date.now() + 31 * 86_400_000);
  expect(ran.length).toBeGreaterThan(40);
  const scans: Record<string, string[]> = {};
  for (const statement of ran) {
    const found = await unboundedScans(statement);
    if (found.length > 0) scans[statement.sql.trim().slice(0, 160)] = found;
  }
  expect(scans).toEqual({});
});

it('would catch the old sessions list, which grouped every turn on each page view', async () => {
  const scan = await unboundedScans({
    sql: `SELECT session_id, COUNT(*) AS turns, MAX(end_ms) AS lastMs FROM turns WHERE session_id IS NOT NULL
      GROUP BY session_id ORDER BY lastMs DESC LIMIT ?1`,
    params: [200],
  });
  expect(scan).toEqual(['SEARCH turns USING INDEX turns_session (session_id>?)']);
});
