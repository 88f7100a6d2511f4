import { Hono } from 'hono';
import { html } from 'hono/html';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../env.js';
import { readSession } from '../store/read-session.js';
import { listSessions } from '../store/read-sessions.js';
import { listUsers } from '../store/read-users.js';
import { layout } from '../views/layout.js';
import { sessionPage } from '../views/session-page.js';
import { sessionsPage } from '../views/sessions-page.js';
import { usersPage } from '../views/users-page.js';

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

pages.get('/', async (c) => {
  const filter = { user: c.req.query('user') || undefined, tag: c.req.query('tag') || undefined };
  const [sessions, users] = await Promise.all([
    listSessions(c.env.DB, filter),
    filter.user ? listUsers(c.env.DB, filter.user) : Promise.resolve([]),
  ]);
  return c.html(layout('Sessions', c.get('secureHeadersNonce') ?? '', sessionsPage(sessions, filter, users[0])));
});

pages.get('/sessions/:id', async (c) => {
  const session = await readSession(c.env.DB, c.req.param('id'));
  if (!session)
    return c.html(
      layout(
        'Not found',
        c.get('secureHeadersNonce') ?? '',
        html`<p>No session <code>${c.req.param('id')}</code>. <a href="/">All sessions</a></p>`,
      ),
      404,
    );
  return c.html(layout(`Session ${session.sessionId}`, c.get('secureHeadersNonce') ?? '', sessionPage(session)));
});

pages.get('/users', async (c) => {
  return c.html(layout('Users', c.get('secureHeadersNonce') ?? '', usersPage(await listUsers(c.env.DB))));
});
