import { html } from 'hono/html';
import type { SessionFilter, SessionPage, SessionSummary } from '../store/read-sessions.js';
import type { UserSummary } from '../store/read-users.js';
import { formatCost, formatMs, formatTokens } from './format.js';
import { type Html, nextPageLink, time } from './layout.js';
import { userStats } from './users-page.js';

function sessionRow(session: SessionSummary): Html {
  return html`<tr data-session="${session.sessionId}">
  <td><a class="mono" href="/sessions/${encodeURIComponent(session.sessionId)}">${session.sessionId}</a></td>
  <td class="users">${session.userIds.map((id) => html`<a href="/?user=${encodeURIComponent(id)}">${id}</a> `)}</td>
  <td class="num turns">${session.turns}</td>
  <td>${time(session.firstTime)}</td>
  <td>${time(session.lastTime)}</td>
  <td class="num tokens">${formatTokens(session.tokens)}</td>
  <td class="num cost">${formatCost(session.costUsd)}</td>
  <td class="num latency">${formatMs(session.latencyMs)}</td>
</tr>`;
}

/** The sessions list, with the user and tag filter, and the user's totals when filtered by user. */
export function sessionsPage(
  { sessions, nextCursor }: SessionPage,
  filter: SessionFilter,
  user: UserSummary | undefined,
): Html {
  return html`<h1>Sessions</h1>
<form class="filter" method="get" action="/">
  <label>User <input name="user" value="${filter.user ?? ''}" placeholder="user.id"></label>
  <label>Tag <input name="tag" value="${filter.tag ?? ''}" placeholder="tag"></label>
  <button type="submit">Filter</button>
  ${filter.user || filter.tag ? html`<a href="/">clear</a>` : ''}
</form>
${user ? userStats(user) : ''}
${
  sessions.length === 0
    ? html`<p class="muted">No sessions yet. Send spans to <code>POST /v1/traces</code>, or run <code>npm run demo</code>.</p>`
    : html`<table id="sessions">
<thead><tr><th>Session</th><th>User</th><th class="num">Turns</th><th>First</th><th>Last</th>
<th class="num">Tokens</th><th class="num">Cost</th><th class="num">Total latency</th></tr></thead>
<tbody>${sessions.map(sessionRow)}</tbody>
</table>
${nextPageLink('/', { user: filter.user, tag: filter.tag }, nextCursor)}`
}`;
}
