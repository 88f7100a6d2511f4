import { type Context, Hono } from 'hono';
import { html } from 'hono/html';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { isPublic } from '../auth.js';
import type { AppEnv } from '../env.js';
import { readDaily } from '../store/read-daily.js';
import { readSession } from '../store/read-session.js';
import { listSessions } from '../store/read-sessions.js';
import { listUsers } from '../store/read-users.js';
import { type Frame, layout } from '../views/layout.js';
import { sessionPage } from '../views/session-page.js';
import { sessionsPage } from '../views/sessions-page.js';
import { usersPage } from '../views/users-page.js';
import { listQuery } from './list-query.js';

type PageEnv = AppEnv & { Variables: { secureHeadersNonce?: string } };

/** The server-rendered pages. */
export const pages = new Hono<PageEnv>();

// Pages show text that came from spans (prompts, model output): it is escaped, and a CSP that allows
// only this response's own script makes any escape that slipped through inert.
pages.use(
  secureHeaders({
    // HSTS would pin every other http://localhost app to https; a deployed viewer gets TLS from Cloudflare.
    strictTransportSecurity: false,
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: [NONCE],
      styleSrc: ["'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
  }),
);

/** The frame of every page: this response's nonce and whether the viewer is public. */
const frame = (c: Context<PageEnv>): Frame => ({ nonce: c.get('secureHeadersNonce') ?? '', isPublic: isPublic(c.env) });

pages.get('/', async (c) => {
  const filter = listQuery(c);
  const [sessions, users, daily] = await Promise.all([
    listSessions(c.env.DB, filter),
    filter.user ? listUsers(c.env.DB, { user: filter.user }) : Promise.resolve({ users: [] }),
    filter.user ? readDaily(c.env.DB, filter.user) : Promise.resolve(undefined),
  ]);
  return c.html(layout('Sessions', frame(c), sessionsPage(sessions, filter, users.users[0], daily)));
});

pages.get('/sessions/:id', async (c) => {
  const session = await readSession(c.env.DB, c.req.param('id'));
  if (!session)
    return c.html(
      layout(
        'Not found',
        frame(c),
        html`<p>No session <code>${c.req.param('id')}</code>. <a href="/">All sessions</a></p>`,
      ),
      404,
    );
  return c.html(layout(`Session ${session.sessionId}`, frame(c), sessionPage(session)));
});

pages.get('/users', async (c) => {
  return c.html(
    layout(
      'Users',
      frame(c),
      usersPage(await listUsers(c.env.DB, listQuery(c)), await readDaily(c.env.DB, undefined), listQuery(c).limit),
    ),
  );
});
