import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { readSession } from '../store/read-session.js';
import { listSessions } from '../store/read-sessions.js';
import { listUsers } from '../store/read-users.js';

/** The JSON behind the pages. */
export const api = new Hono<AppEnv>();

/** `?user=ID&tag=T&limit=N`: sessions, newest activity first. */
api.get('/api/sessions', async (c) => {
  const { user, tag, limit } = c.req.query();
  const sessions = await listSessions(c.env.DB, {
    user: user || undefined,
    tag: tag || undefined,
    limit: limit ? Number(limit) || undefined : undefined,
  });
  return c.json({ sessions });
});

api.get('/api/sessions/:id', async (c) => {
  const session = await readSession(c.env.DB, c.req.param('id'));
  return session ? c.json(session) : c.json({ error: 'no such session' }, 404);
});

/** `?user=ID` narrows to one user. */
api.get('/api/users', async (c) => {
  const users = await listUsers(c.env.DB, c.req.query('user') || undefined);
  return c.json({ users });
});
