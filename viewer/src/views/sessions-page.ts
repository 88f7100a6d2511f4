import { html } from 'hono/html';
import type { DayPoint } from '../store/read-daily.js';
import type { SessionFilter, SessionPage, SessionSummary } from '../store/read-sessions.js';
import type { UserSummary } from '../store/read-users.js';
import { dailyCharts } from './daily-chart.js';
import { formatCost, formatMs, formatTokens } from './format.js';
import { type Html, nextPageLink, time } from './layout.js';
import { feedbackCounts, userStats } from './users-page.js';

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
  <td class="num feedback">${feedbackCounts(session)}</td>
</tr>`;
}

/** The sessions list, with the user and tag filter, and the user's totals when filtered by user. */
/** The filters as query parameters, for links that keep them. */
export function filterParams(filter: SessionFilter): Record<string, string | undefined> {
  return {
    q: filter.q,
    user: filter.user,
    tag: filter.tag,
    model: filter.model,
    meta: filter.meta,
    error: filter.error ? '1' : undefined,
    feedback: filter.feedback,
  };
}

export function sessionsPage(
  { sessions, nextCursor }: SessionPage,
  filter: SessionFilter,
  user: UserSummary | undefined,
  daily?: DayPoint[],
): Html {
  return html`<h1>Sessions</h1>
<form class="filter" method="get" action="/">
  <label>Search <input name="q" value="${filter.q ?? ''}" placeholder="text in inputs and outputs"></label>
  <label>User <input name="user" value="${filter.user ?? ''}" placeholder="user.id"></label>
  <label>Tag <input name="tag" value="${filter.tag ?? ''}" placeholder="tag"></label>
  <label>Model <input name="model" value="${filter.model ?? ''}" placeholder="llm.model_name"></label>
  <label>Metadata <input name="meta" value="${filter.meta ?? ''}" placeholder="key=value"></label>
  <label><input type="checkbox" name="error" value="1" ${filter.error ? 'checked' : ''}> errors</label>
  <label>Feedback <select name="feedback">
    <option value="">any</option>
    <option value="up" ${filter.feedback === 'up' ? 'selected' : ''}>▲ up</option>
    <option value="down" ${filter.feedback === 'down' ? 'selected' : ''}>▼ down</option>
  </select></label>
  <button type="submit">Filter</button>
  ${Object.values(filterParams(filter)).some(Boolean) ? html`<a href="/">clear</a>` : ''}
</form>
${user ? userStats(user) : ''}
${daily ? dailyCharts(daily) : ''}
${
  sessions.length === 0
    ? html`<p class="muted">No sessions yet. Send spans to <code>POST /v1/traces</code>, or run <code>npm run demo</code>.</p>`
    : html`<table id="sessions">
<thead><tr><th>Session</th><th>User</th><th class="num">Turns</th><th>First</th><th>Last</th>
<th class="num">Tokens</th><th class="num">Cost</th><th class="num">Total latency</th><th class="num">Feedback</th></tr></thead>
<tbody>${sessions.map(sessionRow)}</tbody>
</table>
${nextPageLink('/', { ...filterParams(filter), limit: filter.limit?.toString() }, nextCursor)}`
}`;
}
