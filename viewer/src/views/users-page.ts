import { html } from 'hono/html';
import type { DayPoint } from '../store/read-daily.js';
import type { UserPage, UserSummary } from '../store/read-users.js';
import { dailyCharts } from './daily-chart.js';
import { formatCost, formatMs, formatTokens } from './format.js';
import { type Html, nextPageLink, time } from './layout.js';

/** Thumbs up and down given on these turns, e.g. "▲ 3 · ▼ 1" (shapes every font has, unlike emoji). */
export function feedbackCounts({ feedbackUp, feedbackDown }: { feedbackUp: number; feedbackDown: number }): Html {
  if (feedbackUp === 0 && feedbackDown === 0) return html`<span class="muted">—</span>`;
  return html`<span class="up" title="thumbs up">▲ ${feedbackUp}</span> · <span class="down" title="thumbs down">▼ ${feedbackDown}</span>`;
}

function userRow(user: UserSummary): Html {
  return html`<tr data-user="${user.userId}">
  <td><a class="mono" href="/?user=${encodeURIComponent(user.userId)}">${user.userId}</a></td>
  <td class="num requests">${user.requests}</td>
  <td class="num sessions">${user.sessions}</td>
  <td class="num p50">${formatMs(user.latencyP50Ms)}</td>
  <td class="num p95">${formatMs(user.latencyP95Ms)}</td>
  <td class="num tokens">${formatTokens(user.tokens)}</td>
  <td class="num cost">${formatCost(user.costUsd)}</td>
  <td class="num feedback">${feedbackCounts(user)}</td>
  <td>${time(user.lastTime)}</td>
</tr>`;
}

/** One user's totals, shown above their sessions. */
export function userStats(user: UserSummary): Html {
  return html`<p class="stats" id="user-stats" data-user="${user.userId}">
  <span>User <b class="mono">${user.userId}</b></span>
  <span>Requests <b class="requests">${user.requests}</b></span>
  <span>Sessions <b>${user.sessions}</b></span>
  <span>Latency p50 <b>${formatMs(user.latencyP50Ms)}</b> · p95 <b>${formatMs(user.latencyP95Ms)}</b></span>
  <span>Tokens <b>${formatTokens(user.tokens)}</b></span>
  <span>Cost <b class="cost">${formatCost(user.costUsd)}</b></span>
  <span>Feedback <b class="feedback">${feedbackCounts(user)}</b></span>
</p>`;
}

/** Every user with their traffic, latency and cost; each links to their sessions. */
export function usersPage({ users, nextCursor }: UserPage, daily: DayPoint[], limit?: number): Html {
  return html`<h1>Users</h1>
${dailyCharts(daily)}
${
  users.length === 0
    ? html`<p class="muted">No spans with a <code>user.id</code> yet.</p>`
    : html`<table id="users">
<thead><tr><th>User</th><th class="num">Requests</th><th class="num">Sessions</th><th class="num">p50 latency</th>
<th class="num">p95 latency</th><th class="num">Tokens</th><th class="num">Cost</th><th class="num">Feedback</th><th>Last seen</th></tr></thead>
<tbody>${users.map(userRow)}</tbody>
</table>
${nextPageLink('/users', { limit: limit?.toString() }, nextCursor)}`
}`;
}
