import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const STYLE = `
:root { color-scheme: light dark; --muted: #777; --line: #8884; --accent: #3b82f6; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 0 16px 48px; }
header { display: flex; gap: 16px; align-items: baseline; border-bottom: 1px solid var(--line); padding: 12px 0; }
header b { font-size: 16px; margin-right: 8px; }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
table { border-collapse: collapse; width: 100%; margin: 12px 0; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre, .mono { font: 12px/1.4 ui-monospace, monospace; }
pre { white-space: pre-wrap; word-break: break-word; margin: 0; }
form.filter { display: flex; gap: 8px; align-items: center; margin: 12px 0; }
.muted { color: var(--muted); }
.chip { display: inline-block; border: 1px solid var(--line); border-radius: 10px; padding: 0 8px; margin-right: 4px; font-size: 12px; }
.kind { font-size: 11px; border-radius: 4px; padding: 0 5px; background: #8882; }
.turn { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 16px 0; }
.turn h2 { font-size: 15px; margin: 0 0 6px; }
.stats { display: flex; flex-wrap: wrap; gap: 16px; margin: 6px 0; }
.messages { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; margin: 8px 0; }
.message { border-left: 3px solid var(--line); padding: 2px 8px; margin: 4px 0; }
.message .role { font-size: 11px; text-transform: uppercase; color: var(--muted); }
ul.tree, ul.tree ul { list-style: none; padding-left: 18px; margin: 0; }
ul.tree { padding-left: 0; }
.span-row { display: grid; grid-template-columns: 12px minmax(0, 1fr) 420px 72px; gap: 8px; align-items: center; list-style: none; }
.span-row::-webkit-details-marker { display: none; }
.span-row::before { content: '▸'; color: var(--muted); }
details[open] > .span-row::before { content: '▾'; }
.bar { position: relative; height: 8px; background: #8881; border-radius: 4px; }
.bar i { position: absolute; top: 0; bottom: 0; background: var(--accent); border-radius: 4px; min-width: 2px; }
details > summary { cursor: pointer; padding: 2px 0; }
details table { margin: 4px 0 8px; } details td { padding: 2px 8px; }
.error { color: #dc2626; }
.chart-row { display: flex; flex-wrap: wrap; gap: 16px; }
.chart { margin: 0; } .chart figcaption { font-size: 12px; } .chart rect { fill: var(--accent); }
ul.feedback { list-style: none; padding: 0; margin: 6px 0; } ul.feedback q { color: var(--muted); }
form.filter { flex-wrap: wrap; }
.public-notice { border: 1px solid #d97706; border-radius: 6px; padding: 6px 10px; margin: 12px 0; }
`;

// Rewrites every <time datetime> into the viewer's own zone; the server only knows UTC.
const LOCAL_TIME_SCRIPT = `for (const t of document.querySelectorAll('time[datetime]')) {
  const d = new Date(t.dateTime);
  if (!Number.isNaN(d.getTime())) { t.title = t.dateTime; t.textContent = d.toLocaleString(); }
}`;

/** A time as UTC text that the page's script turns into local time. */
export function time(iso: string): Html {
  return html`<time datetime="${iso}">${iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time>`;
}

/** The link to the next page of a list, keeping its filters; nothing on the last page. */
export function nextPageLink(
  path: string,
  filters: Record<string, string | undefined>,
  cursor: string | null,
): Html | '' {
  if (!cursor) return '';
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
  query.set('cursor', cursor);
  return html`<p><a class="next-page" rel="next" href="${path}?${query.toString()}">Next page →</a></p>`;
}

/** What the frame shows besides the page: the CSP nonce, and whether the viewer is public. */
export interface Frame {
  nonce: string;
  /** VIEWER_PUBLIC is "true": every page says that anyone can read it. */
  isPublic: boolean;
}

const PUBLIC_NOTICE = html`<p class="public-notice" role="alert">This viewer is public (VIEWER_PUBLIC = "true"): anyone who can reach it can read these traces and send new ones.</p>`;

/** The page frame: navigation, styles, and the local-time script under the response's CSP nonce. */
export function layout(title: string, frame: Frame, body: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · edge-llmobs viewer</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<header><b>edge-llmobs</b><a href="/">Sessions</a><a href="/users">Users</a></header>
${frame.isPublic ? PUBLIC_NOTICE : ''}
<main>${body}</main>
<script nonce="${frame.nonce}">${raw(LOCAL_TIME_SCRIPT)}</script>
</body>
</html>`;
}
