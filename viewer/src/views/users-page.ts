import { html } from 'hono/html';
import type { UserPage, UserSummary } from '../store/read-users.js';
import { formatCost, formatMs, formatTokens } from './format.js';
import { type Html, nextPageLink, time } from './layout.js';

function userRow(user: UserSummary): Html {
  return html`<tr data-user="${user.userId}">
  <td><a class="mono" href="/?user=${encodeURIComponent(user.userId)}">${user.userId}</a></td>
  <td class="num requests">${user.requests}</td>
  <td class="num sessions">${user.sessions}</td>
  <td class="num p50">${formatMs(user.latencyP50Ms)}</td>
  <td class="num p95">${formatMs(user.latencyP95Ms)}</td>
  <td class="num tokens">${formatTokens(user.tokens)}</td>
  <td class="num cost">${formatCost(user.costUsd)}</td>
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
</p>`;
}

/** Every user with their traffic, latency and cost; each links to their sessions. */
export function usersPage({ users, nextCursor }: UserPage): Html {
  return html`<h1>Users</h1>
${
  users.length === 0
    ? html`<p class="muted">No spans with a <code>user.id</code> yet.</p>`
    : html`<table id="users">
<thead><tr><th>User</th><th class="num">Requests</th><th class="num">Sessions</th><th class="num">p50 latency</th>
<th class="num">p95 latency</th><th class="num">Tokens</th><th class="num">Cost</th><th>Last seen</th></tr></thead>
<tbody>${users.map(userRow)}</tbody>
</table>
${nextPageLink('/users', {}, nextCursor)}`
}`;
}
