import { html } from 'hono/html';
import type { TreeNode } from '../model/span-tree.js';
import type { PlainValue } from '../otlp/any-value.js';
import type { FeedbackView, SessionView, SpanView, TurnView } from '../store/read-session.js';
import { formatCost, formatMs, formatTokens, formatValue } from './format.js';
import { type Html, time } from './layout.js';

// The keys a reader looks for first; the rest follow in name order.
const FIRST_KEYS = ['session.id', 'user.id', 'metadata', 'tag.tags', 'openinference.span.kind'];

function attributeTable(attributes: Record<string, PlainValue>): Html {
  const keys = Object.keys(attributes).sort((a, b) => {
    const rank = (key: string) => (FIRST_KEYS.includes(key) ? FIRST_KEYS.indexOf(key) : FIRST_KEYS.length);
    return rank(a) - rank(b) || a.localeCompare(b);
  });
  return html`<table class="attributes">${keys.map(
    (key) =>
      html`<tr data-key="${key}"><td class="mono">${key}</td><td><pre>${formatValue(attributes[key])}</pre></td></tr>`,
  )}</table>`;
}

function spanNode(span: TreeNode<SpanView>, turn: TurnView, openSpanId: string | undefined): Html {
  const total = Math.max(turn.latencyMs, 0.001);
  const left = Math.min(100, (span.offsetMs / total) * 100);
  const width = Math.max(0.5, Math.min(100 - left, (span.durationMs / total) * 100));
  const facts = [
    span.model,
    span.totalTokens === null ? null : `${formatTokens(span.totalTokens)} tokens`,
    span.costUsd === null ? null : formatCost(span.costUsd),
    span.ttftMs === null ? null : `TTFT ${formatMs(span.ttftMs)}`,
  ].filter(Boolean);
  return html`<li class="span" data-span-id="${span.spanId}" data-name="${span.name}">
<details${span.spanId === openSpanId ? html` open` : ''}>
<summary class="span-row">
  <span><b>${span.name}</b> ${span.spanKind ? html`<span class="kind">${span.spanKind}</span>` : ''}
    ${span.status.code === 2 ? html`<span class="error">error${span.status.message ? `: ${span.status.message}` : ''}</span>` : ''}
    <span class="muted">${facts.join(' · ')}</span></span>
  <span class="bar"><i style="left:${left.toFixed(2)}%;width:${width.toFixed(2)}%"></i></span>
  <span class="num">${formatMs(span.durationMs)}</span>
</summary>
${attributeTable(span.attributes)}
</details>
${span.children.length > 0 ? html`<ul>${span.children.map((child) => spanNode(child, turn, openSpanId))}</ul>` : ''}
</li>`;
}

function messages(title: string, list: TurnView['input']): Html {
  return html`<div><div class="muted">${title}</div>${
    list.length === 0
      ? html`<div class="muted">—</div>`
      : list.map(
          (message) =>
            html`<div class="message"><div class="role">${message.role}</div><pre>${message.content}</pre></div>`,
        )
  }</div>`;
}

/**
 * The span a reader opens first: the seed's `chat` span, i.e. the first CHAIN span that user code
 * opened (OTLP kind INTERNAL), since an adapter may mark the HTTP server span as a CHAIN too; else
 * any CHAIN span, else the root.
 */
function chatSpanId(turn: TurnView): string | undefined {
  const all: SpanView[] = [];
  const walk = (nodes: TreeNode<SpanView>[]) => {
    for (const node of nodes) {
      all.push(node);
      walk(node.children);
    }
  };
  walk(turn.spans);
  const chains = all.filter((span) => span.spanKind === 'CHAIN');
  return (chains.find((span) => span.kind === 1) ?? chains[0] ?? all[0])?.spanId;
}

function feedbackList(feedback: FeedbackView[]): Html {
  if (feedback.length === 0) return html``;
  const mark = (polarity: number) => (polarity > 0 ? '▲' : polarity < 0 ? '▼' : '•');
  return html`<ul class="feedback">${feedback.map(
    (item) => html`<li data-polarity="${item.polarity}">${mark(item.polarity)} <b>${item.name}</b>:
      <span class="value">${item.label ?? item.score}</span>${item.comment ? html` <q>${item.comment}</q>` : ''}
      ${item.spanId ? html`<span class="muted mono">span ${item.spanId}</span>` : ''} ${time(item.time)}</li>`,
  )}</ul>`;
}

function turnSection(turn: TurnView, index: number): Html {
  const openSpanId = chatSpanId(turn);
  return html`<section class="turn" data-turn="${index + 1}" data-trace-id="${turn.traceId}">
<h2>Turn ${index + 1} · ${time(turn.startTime)} <span class="muted">${turn.rootName ?? ''}</span></h2>
<div class="stats">
  <span>Latency <b class="latency">${formatMs(turn.latencyMs)}</b></span>
  <span>TTFT <b class="ttft">${formatMs(turn.ttftMs)}</b></span>
  <span>Tokens <b class="tokens">${formatTokens(turn.totalTokens)}</b>
    <span class="muted">(${formatTokens(turn.promptTokens)} in / ${formatTokens(turn.completionTokens)} out)</span></span>
  <span>Cost <b class="cost">${formatCost(turn.costUsd)}</b></span>
  ${turn.userId ? html`<span>User <a class="mono" href="/?user=${encodeURIComponent(turn.userId)}">${turn.userId}</a></span>` : ''}
  ${turn.errorCount > 0 ? html`<span class="error">${turn.errorCount} error(s)</span>` : ''}
</div>
<div class="stats">
  <span>Tags ${turn.tags.length === 0 ? html`<span class="muted">—</span>` : turn.tags.map((tag) => html`<a class="chip" href="/?tag=${encodeURIComponent(tag)}">${tag}</a>`)}</span>
  <span>Metadata <code class="metadata">${turn.metadata === null ? '—' : JSON.stringify(turn.metadata)}</code></span>
</div>
${feedbackList(turn.feedback)}
<div class="messages">${messages('Input', turn.input)}${messages('Output', turn.output)}</div>
<ul class="tree">${turn.spans.map((span) => spanNode(span, turn, openSpanId))}</ul>
</section>`;
}

/** One session: its turns in order, each with messages, numbers and span tree. */
export function sessionPage(session: SessionView): Html {
  const sum = (pick: (turn: TurnView) => number | null) => {
    const values = session.turns.map(pick).filter((value): value is number => value !== null);
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
  };
  return html`<h1>Session <span class="mono" id="session-id">${session.sessionId}</span></h1>
<p class="stats">
  <span>Users ${session.userIds.map((id) => html`<a class="mono" href="/?user=${encodeURIComponent(id)}">${id}</a> `)}</span>
  <span>Turns <b id="turn-count">${session.turns.length}</b></span>
  <span>Tokens <b>${formatTokens(sum((turn) => turn.totalTokens))}</b></span>
  <span>Cost <b>${formatCost(sum((turn) => turn.costUsd))}</b></span>
  <span>Total latency <b>${formatMs(sum((turn) => turn.latencyMs))}</b></span>
</p>
${session.turns.map(turnSection)}`;
}
