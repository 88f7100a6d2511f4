import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { readDaily } from '../store/read-daily.js';
import { readSession } from '../store/read-session.js';
import { listSessions } from '../store/read-sessions.js';
import { listUsers } from '../store/read-users.js';
import { listQuery } from './list-query.js';

/** The JSON behind the pages. */
export const api = new Hono<AppEnv>();

/** `?user=ID&tag=T&limit=N&cursor=C`: sessions, newest activity first; `nextCursor` when there is more. */
api.get('/api/sessions', async (c) => c.json(await listSessions(c.env.DB, listQuery(c))));

api.get('/api/sessions/:id', async (c) => {
  const session = await readSession(c.env.DB, c.req.param('id'));
  return session ? c.json(session) : c.json({ error: 'no such session' }, 404);
});

/** `?user=ID` narrows to one user; `?limit=N&cursor=C` pages. */
api.get('/api/users', async (c) => c.json(await listUsers(c.env.DB, listQuery(c))));

/** `?user=ID` (else everyone): requests, tokens, cost and p95 latency per UTC day, the last 30 days. */
api.get('/api/daily', async (c) => c.json({ days: await readDaily(c.env.DB, c.req.query('user') || undefined) }));
